using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Endpoint.Host.Flashing;

/// <summary>The compiled app a board gets: the build folder, the app's assembly and the .pe files in image order.</summary>
/// <param name="Folder">The build output folder.</param>
/// <param name="AssemblyName">The app's assembly (Endpoint.Plug).</param>
/// <param name="PeFiles">Every assembly to deploy, in image order (<see cref="DeploymentImage.Order"/>).</param>
public sealed record AppBuildOutput(string Folder, string AssemblyName, IReadOnlyList<string> PeFiles)
{
    /// <summary>
    /// Finds the build output of <paramref name="app"/>: <paramref name="folder"/> when given, else
    /// firmware/apps/&lt;App&gt;/bin/Release (or Debug) of the clone at <paramref name="repoRoot"/>. The app's
    /// assembly name comes from its .nfproj (Endpoint.&lt;App&gt; by convention when there is none).
    /// Throws <see cref="FlashPlanException"/> saying how to build it when nothing is there.
    /// </summary>
    public static AppBuildOutput Find(string app, string repoRoot, string folder)
    {
        string title = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(app);
        string appDir = repoRoot == null ? null : Path.Combine(repoRoot, "firmware", "apps", title);
        string nfproj = appDir != null && Directory.Exists(appDir) ? Directory.GetFiles(appDir, "*.nfproj").OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault() : null;
        string assembly = (nfproj != null ? AssemblyNameOf(nfproj) : null) ?? "Endpoint." + title;
        string build = nfproj != null
            ? $"build {Relative(repoRoot, nfproj)} first: Visual Studio with the .NET nanoFramework extension, or msbuild {Relative(repoRoot, nfproj)} -p:Configuration=Release with the nanoFramework build tools"
            : $"build the {app} app's .nfproj first (Visual Studio with the .NET nanoFramework extension, or msbuild -p:Configuration=Release)";

        if (folder == null)
        {
            if (repoRoot == null)
            {
                throw new FlashPlanException($"cannot find the {app} app's build output: run endpoint flash inside an Endpoint clone, or give --build-output DIR (the folder with {assembly}.pe)", usage: true);
            }

            if (nfproj == null)
            {
                throw new FlashPlanException($"this clone has no {app} app (no .nfproj in {Relative(repoRoot, appDir)})", usage: true);
            }

            string[] candidates = [Path.Combine(appDir, "bin", "Release"), Path.Combine(appDir, "bin", "Debug")];
            folder = candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, assembly + ".pe")));
            if (folder == null)
            {
                throw new FlashPlanException($"no build output for the {app} app ({Relative(repoRoot, Path.Combine(candidates[0], assembly + ".pe"))} is missing): {build}");
            }
        }
        else if (!File.Exists(Path.Combine(folder, assembly + ".pe")))
        {
            throw new FlashPlanException($"no build output for the {app} app in {folder} ({assembly}.pe is missing): {build}");
        }

        return new AppBuildOutput(Path.GetFullPath(folder), assembly, DeploymentImage.Order(folder, assembly));
    }

    private static string AssemblyNameOf(string nfproj)
    {
        try
        {
            return XDocument.Load(nfproj).Descendants().FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value.Trim();
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
