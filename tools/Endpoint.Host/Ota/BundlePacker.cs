using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Endpoint.Core.Crypto;
using Endpoint.Core.Ota;

namespace Endpoint.Host.Ota;

/// <summary>What to pack.</summary>
public sealed class PackOptions
{
    /// <summary>Folder with the <c>.pe</c> files (a nanoFramework build output).</summary>
    public string AppDir { get; set; }

    /// <summary>Semantic version.</summary>
    public string Version { get; set; }

    /// <summary>Build number (anti-rollback).</summary>
    public int Build { get; set; }

    /// <summary>Target boards.</summary>
    public string[] Boards { get; set; }

    /// <summary>Their SoC.</summary>
    public string Soc { get; set; }

    /// <summary>App id; null derives it from the entry assembly (<c>Endpoint.Plug</c> → <c>plug</c>).</summary>
    public string AppId { get; set; }

    /// <summary>Entry type; null takes the entry point of the exe's <c>.dll</c>.</summary>
    public string Entry { get; set; }

    /// <summary>Minimum bootstrapper version.</summary>
    public int MinBoot { get; set; } = BootPlatform.Version;

    /// <summary>The 32-byte signing seed.</summary>
    public byte[] Seed { get; set; }
}

/// <summary>The packed bundle and what the packer noticed.</summary>
public sealed record PackResult(byte[] Bundle, BundleManifest Manifest, IReadOnlyList<string> Skipped, IReadOnlyList<string> Notes);

/// <summary>
/// Builds a signed <c>.epk</c> from a folder of <c>.pe</c> files: the platform assemblies Endpoint.Boot
/// deploys are left out, the rest are ordered dependencies first (from the IL <c>.dll</c> files the
/// build leaves next to them), hashed, described in a canonical manifest and signed.
/// </summary>
public static class BundlePacker
{
    /// <summary>Packs; throws <see cref="OtaException"/> or <see cref="FormatException"/> with a reason.</summary>
    public static PackResult Pack(PackOptions o)
    {
        if (!Directory.Exists(o.AppDir))
        {
            throw new OtaException($"no such folder: {o.AppDir}");
        }

        var skipped = new List<string>();
        var notes = new List<string>();
        var assemblies = new List<NanoAssembly>();
        foreach (string pe in Directory.GetFiles(o.AppDir, "*.pe").OrderBy(p => p, StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(pe);
            if (BootPlatform.Provides(name))
            {
                skipped.Add(name);
                continue;
            }

            assemblies.Add(NanoAssembly.Load(pe));
        }

        if (assemblies.Count == 0)
        {
            throw new OtaException($"{o.AppDir} has no .pe files to pack" + (skipped.Count > 0 ? " (only platform assemblies Endpoint.Boot provides)" : ""));
        }

        string entry = o.Entry;
        NanoAssembly entryAssembly = null;
        if (entry == null)
        {
            var exes = assemblies.Where(a => a.EntryType != null).ToList();
            if (exes.Count != 1)
            {
                throw new OtaException(exes.Count == 0
                    ? "cannot find the app's entry point (no .dll with a Main next to the .pe files): give --entry TYPE"
                    : "several assemblies have an entry point (" + string.Join(", ", exes.Select(a => a.Name)) + "): give --entry TYPE");
            }

            entryAssembly = exes[0];
            entry = entryAssembly.EntryType;
        }
        else
        {
            // Without .dll files: the assembly named like the entry type's namespace (Endpoint.Apps.Plug.Program → *.Plug).
            string[] parts = entry.Split('.');
            string area = parts.Length >= 2 ? parts[^2] : null;
            entryAssembly = assemblies.FirstOrDefault(a => a.EntryType == entry)
                ?? assemblies.FirstOrDefault(a => area != null && a.Name.Split('.')[^1] == area);
        }

        string app = o.AppId ?? DeriveAppId(entryAssembly);
        var ordered = Order(assemblies, entryAssembly, notes);
        var entries = ordered.Select(a => new AssemblyEntry(a.Name, a.Version, a.Image.Length, Sha256.Hash(a.Image, 0, a.Image.Length))).ToArray();
        var manifest = new BundleManifest(app, o.Version, o.Build, o.Boards, o.Soc, entry, o.MinBoot, entries);
        byte[] manifestBytes = ManifestWriter.ToBytes(manifest);

        // Parsing our own output applies every device-side rule (sizes, names, versions) before signing.
        BundleManifest checkedManifest = BundleManifest.Parse(manifestBytes, 0, manifestBytes.Length);
        byte[] signature = OtaSignature.Sign(o.Seed, manifestBytes, 0, manifestBytes.Length);
        using var output = new MemoryStream();
        output.Write(BundleLayout.Magic);
        output.Write(BitConverter.GetBytes((uint)manifestBytes.Length));
        output.Write(manifestBytes);
        output.Write(signature);
        foreach (var a in ordered)
        {
            output.Write(a.Image);
        }

        return new PackResult(output.ToArray(), checkedManifest, skipped, notes);
    }

    private static string DeriveAppId(NanoAssembly entryAssembly)
    {
        string candidate = entryAssembly?.Name.Split('.')[^1].ToLowerInvariant();
        if (candidate == null || !OtaText.IsLowerId(candidate, 32))
        {
            throw new OtaException("cannot derive the app id from the entry assembly: give --app-id ID");
        }

        return candidate;
    }

    // Kahn's algorithm over the references between bundled assemblies; ties in name order, so the
    // same folder always packs to the same bytes. nanoFramework resolves an assembly's references
    // when it is loaded, so dependencies must come first.
    private static List<NanoAssembly> Order(List<NanoAssembly> assemblies, NanoAssembly entry, List<string> notes)
    {
        var missing = assemblies.Where(a => a.References == null).Select(a => a.Name).ToList();
        if (missing.Count > 0)
        {
            notes.Add("no .dll next to " + string.Join(", ", missing) + ": load order by name, the entry assembly last");
            return assemblies.Where(a => a != entry).OrderBy(a => a.Name, StringComparer.Ordinal).Concat(entry != null ? [entry] : []).ToList();
        }

        var names = assemblies.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var pending = assemblies.ToDictionary(a => a.Name, a => a.References.Where(names.ContainsKey).Where(r => r != a.Name).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var result = new List<NanoAssembly>();
        while (pending.Count > 0)
        {
            string next = pending.Where(p => p.Value.Count == 0).Select(p => p.Key).OrderBy(n => n, StringComparer.Ordinal).FirstOrDefault();
            if (next == null)
            {
                throw new OtaException("the assemblies reference each other in a cycle: " + string.Join(", ", pending.Keys.OrderBy(n => n, StringComparer.Ordinal)));
            }

            pending.Remove(next);
            foreach (var refs in pending.Values)
            {
                refs.Remove(next);
            }

            result.Add(names[next]);
        }

        return result;
    }
}
