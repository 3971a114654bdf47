using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Endpoint.Host.Ota;

/// <summary>
/// One assembly of a nanoFramework build output: the <c>.pe</c> image the device loads, and — when the
/// IL <c>.dll</c> the build leaves next to it is there — its references and entry point, read with
/// System.Reflection.Metadata.
/// </summary>
public sealed class NanoAssembly
{
    private NanoAssembly(string name, string path, byte[] image, string version)
    {
        Name = name;
        PePath = path;
        Image = image;
        Version = version;
    }

    /// <summary>Assembly name (the file name without <c>.pe</c>).</summary>
    public string Name { get; }

    /// <summary>The <c>.pe</c> file.</summary>
    public string PePath { get; }

    /// <summary>The image.</summary>
    public byte[] Image { get; }

    /// <summary>Version from the image header, major.minor.build.revision.</summary>
    public string Version { get; }

    /// <summary>Names of the assemblies it references, or null without a <c>.dll</c>.</summary>
    public IReadOnlyList<string> References { get; private set; }

    /// <summary>Full name of the type holding the entry point (an exe's <c>Main</c>), or null.</summary>
    public string EntryType { get; private set; }

    /// <summary>
    /// Reads <paramref name="pePath"/>. Throws <see cref="FormatException"/> when it is not a nanoFramework
    /// image: the header starts with the marker <c>NFMRK1</c> or <c>NFMRK2</c> (nf-interpreter
    /// nanoCLR_Types.h, CLR_RECORD_ASSEMBLY), followed by two CRCs, flags, the native-methods checksum,
    /// (v1 only) the patch entry offset, then the version as four 16-bit numbers.
    /// </summary>
    public static NanoAssembly Load(string pePath)
    {
        byte[] image = File.ReadAllBytes(pePath);
        string name = Path.GetFileNameWithoutExtension(pePath);
        if (image.Length == 0)
        {
            throw new FormatException($"{Path.GetFileName(pePath)} is empty");
        }

        int versionAt = Marker(image, "NFMRK2") ? 24 : Marker(image, "NFMRK1") ? 28 : -1;
        if (versionAt < 0 || image.Length < versionAt + 8)
        {
            throw new FormatException($"{Path.GetFileName(pePath)} is not a nanoFramework assembly (no NFMRK1/NFMRK2 header)");
        }

        string version = string.Join('.', U16(image, versionAt), U16(image, versionAt + 2), U16(image, versionAt + 4), U16(image, versionAt + 6));
        var assembly = new NanoAssembly(name, pePath, image, version);
        string dll = Path.ChangeExtension(pePath, ".dll");
        string exe = Path.ChangeExtension(pePath, ".exe");
        string il = File.Exists(dll) ? dll : File.Exists(exe) ? exe : null;
        if (il != null)
        {
            assembly.ReadMetadata(il);
        }

        return assembly;
    }

    private void ReadMetadata(string ilPath)
    {
        try
        {
            using var stream = File.OpenRead(ilPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return;
            }

            MetadataReader md = pe.GetMetadataReader();
            var references = new List<string>();
            foreach (AssemblyReferenceHandle h in md.AssemblyReferences)
            {
                references.Add(md.GetString(md.GetAssemblyReference(h).Name));
            }

            References = references;
            int token = pe.PEHeaders.CorHeader?.EntryPointTokenOrRelativeVirtualAddress ?? 0;
            if ((token >> 24) == 0x06)
            {
                var method = md.GetMethodDefinition(MetadataTokens.MethodDefinitionHandle(token & 0xFFFFFF));
                EntryType = TypeName(md, method.GetDeclaringType());
            }
        }
        catch (BadImageFormatException)
        {
            // Not a readable IL assembly: the .pe is still usable, only ordering help is lost.
        }
    }

    private static string TypeName(MetadataReader md, TypeDefinitionHandle handle)
    {
        TypeDefinition type = md.GetTypeDefinition(handle);
        string name = md.GetString(type.Name);
        TypeDefinitionHandle outer = type.GetDeclaringType();
        if (!outer.IsNil)
        {
            return TypeName(md, outer) + "+" + name;
        }

        string ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private static bool Marker(byte[] image, string marker)
    {
        if (image.Length < 8)
        {
            return false;
        }

        for (int i = 0; i < marker.Length; i++)
        {
            if (image[i] != marker[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int U16(byte[] b, int at) => b[at] | (b[at + 1] << 8);
}
