using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Endpoint.Host.Flashing;

/// <summary>
/// The nanoFramework deployment image <c>nanoff deploy ... image FILE</c> writes to the deployment
/// region: every assembly's .pe file, each padded with zeros to a multiple of 4 bytes, one after the
/// other, the application's own assembly last. This is what the nanoFramework build writes as
/// <c>bin/&lt;Configuration&gt;/&lt;App&gt;.bin</c> (GenerateBinaryOutputTask in nanoFramework.Tools.BuildTasks,
/// called from NFProjectSystem.MDP.targets), and matches the region layout the CLR walks: each assembly
/// header starts on a 32-bit boundary ("PE File Format", docs.nanoframework.net).
/// </summary>
public static class DeploymentImage
{
    /// <summary>The .pe files of <paramref name="folder"/> in image order: mscorlib first, the others by name, <paramref name="appAssembly"/> last.</summary>
    public static IReadOnlyList<string> Order(string folder, string appAssembly)
    {
        var all = Directory.GetFiles(folder, "*.pe").ToList();
        string app = all.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == appAssembly);
        return all.Where(f => f != app)
            .OrderBy(f => Path.GetFileNameWithoutExtension(f) == "mscorlib" ? 0 : 1)
            .ThenBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .Concat(app != null ? [app] : [])
            .ToList();
    }

    /// <summary>The image of <paramref name="peFiles"/>, in the order given.</summary>
    public static byte[] Build(IEnumerable<string> peFiles)
    {
        using var image = new MemoryStream();
        foreach (string pe in peFiles)
        {
            byte[] data = File.ReadAllBytes(pe);
            image.Write(data);
            int padding = (4 - (data.Length % 4)) % 4;
            image.Write(new byte[padding]);
        }

        return image.ToArray();
    }
}
