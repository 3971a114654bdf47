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
        return Find(new Project($"the {app} app", $"{app} app", Path.Combine("firmware", "apps", title), "Endpoint." + title, "--build-output"), repoRoot, folder);
    }

    /// <summary>
    /// Finds the build output of the bootstrapper (firmware/Endpoint.Boot): <paramref name="folder"/> when given
    /// (<c>--boot DIR</c>), else its bin/Release (or Debug) in the clone at <paramref name="repoRoot"/>; the same
    /// rules as an app's (<see cref="Find(string, string, string)"/>).
    /// </summary>
    public static AppBuildOutput FindBoot(string repoRoot, string folder) =>
        Find(new Project("Endpoint.Boot", "Endpoint.Boot", Path.Combine("firmware", "Endpoint.Boot"), "Endpoint.Boot", "--boot"), repoRoot, folder);

    private static AppBuildOutput Find(Project project, string repoRoot, string folder)
    {
        string projectDir = repoRoot == null ? null : Path.Combine(repoRoot, project.Folder);
        string nfproj = projectDir != null && Directory.Exists(projectDir) ? Directory.GetFiles(projectDir, "*.nfproj").OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault() : null;
        string assembly = (nfproj != null ? AssemblyNameOf(nfproj) : null) ?? project.DefaultAssembly;
        string build = nfproj != null
            ? $"build {Relative(repoRoot, nfproj)} first: Visual Studio with the .NET nanoFramework extension, or msbuild {Relative(repoRoot, nfproj)} -p:Configuration=Release with the nanoFramework build tools"
            : $"build {project.Subject}'s .nfproj first (Visual Studio with the .NET nanoFramework extension, or msbuild -p:Configuration=Release)";

        if (folder == null)
        {
            if (repoRoot == null)
            {
                throw new FlashPlanException($"cannot find {project.Subject}'s build output: run endpoint flash inside an Endpoint clone, or give {project.Option} DIR (the folder with {assembly}.pe)", usage: true);
            }

            if (nfproj == null)
            {
                throw new FlashPlanException($"this clone has no {project.Name} (no .nfproj in {Relative(repoRoot, projectDir)})", usage: true);
            }

            string[] candidates = [Path.Combine(projectDir, "bin", "Release"), Path.Combine(projectDir, "bin", "Debug")];
            folder = candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, assembly + ".pe")));
            if (folder == null)
            {
                throw new FlashPlanException($"no build output for {project.Subject} ({Relative(repoRoot, Path.Combine(candidates[0], assembly + ".pe"))} is missing): {build}");
            }
        }
        else if (!File.Exists(Path.Combine(folder, assembly + ".pe")))
        {
            throw new FlashPlanException($"no build output for {project.Subject} in {folder} ({assembly}.pe is missing): {build}");
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

    /// <summary>A nanoFramework project whose build output is deployed: how messages name it, its folder in the clone, its assembly by convention, and the option that overrides its build folder.</summary>
    private sealed record Project(string Subject, string Name, string Folder, string DefaultAssembly, string Option);
}
