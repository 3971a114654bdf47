using System;
using System.IO;
using System.Linq;
using Endpoint.Core.Ota;
using Endpoint.Host.Ota;
using Endpoint.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Endpoint.Tests.Host.Ota;

public sealed class BundlePackerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "endpoint-pack-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }
    }

    private PackOptions Options(string appDir, string entry = null) => new()
    {
        AppDir = appDir,
        Version = "2.0.0",
        Build = 9,
        Boards = ["esp32-devkitc"],
        Soc = "esp32",
        Entry = entry,
        Seed = OtaKit.Seed,
    };

    /// <summary>
    /// A build output with real IL .dll files next to the .pe files: Alpha.Plug (an exe, entry
    /// Alpha.Apps.Plug.Program) references Zeta.Core and Middle.Drivers, which references Zeta.Core.
    /// Name order (Alpha, Middle, Zeta) is the reverse of the load order.
    /// </summary>
    private string BuildOutput()
    {
        string dir = Path.Combine(_dir, "bin");
        var core = Compile(dir, "Zeta.Core", "namespace Zeta { public class Core { public static int V = 1; } }", OutputKind.DynamicallyLinkedLibrary);
        var drivers = Compile(dir, "Middle.Drivers", "namespace Middle { public class Relay { public int V = Zeta.Core.V; } }", OutputKind.DynamicallyLinkedLibrary, core);
        Compile(dir, "Alpha.Plug", "namespace Alpha.Apps.Plug { public static class Program { public static void Main() { var r = new Middle.Relay(); int sum = r.V + Zeta.Core.V; } } }", OutputKind.ConsoleApplication, core, drivers);
        OtaKit.WritePe(dir, "Zeta.Core", 5000, "1.0.0.0", "core");
        OtaKit.WritePe(dir, "Middle.Drivers", 3000, "1.0.0.0", "drivers");
        OtaKit.WritePe(dir, "Alpha.Plug", 2000, "2.0.0.0", "plug");
        OtaKit.WritePe(dir, "mscorlib", 4000, "1.17.12.0", "corlib");
        OtaKit.WritePe(dir, "System.Device.Gpio", 1000, "1.1.64.0", "gpio");
        return dir;
    }

    private static MetadataReference Compile(string dir, string name, string source, OutputKind kind, params MetadataReference[] references)
    {
        Directory.CreateDirectory(dir);
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source)],
            references.Prepend(MetadataReference.CreateFromFile(typeof(object).Assembly.Location))
                .Append(MetadataReference.CreateFromFile(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Runtime.dll"))),
            new CSharpCompilationOptions(kind));
        string path = Path.Combine(dir, name + ".dll");
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromFile(path);
    }

    [Fact]
    public void Pack_WithDlls_OrdersDependenciesFirstFindsEntryAndLeavesOutPlatform()
    {
        var result = BundlePacker.Pack(Options(BuildOutput()));

        var m = result.Manifest;
        Assert.Equal(["Zeta.Core", "Middle.Drivers", "Alpha.Plug"], m.Assemblies.Select(a => a.Name));
        Assert.Equal("Alpha.Apps.Plug.Program", m.Entry);
        Assert.Equal("plug", m.App);
        Assert.Equal("2.0.0.0", m.Assemblies[2].Version);
        Assert.Equal(["System.Device.Gpio", "mscorlib"], result.Skipped.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Pack_IsDeterministicAndVerifiable()
    {
        string dir = BuildOutput();

        byte[] first = BundlePacker.Pack(Options(dir)).Bundle;
        byte[] second = BundlePacker.Pack(Options(dir)).Bundle;

        Assert.Equal(first, second);
        var bundle = BundleFile.Parse(first);
        Assert.True(bundle.SignatureValid(OtaKit.PublicKey));
        Assert.Empty(bundle.HashMismatches());
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "Middle.Drivers.pe")), bundle.Assembly(1).ToArray());
    }

    [Fact]
    public void Pack_WithoutDlls_NeedsEntryThenOrdersByNameWithEntryLast()
    {
        string dir = OtaKit.PlugFolder(_dir, "1.0.0");

        var missing = Assert.Throws<OtaException>(() => BundlePacker.Pack(Options(dir)));
        Assert.Contains("give --entry TYPE", missing.Message);

        var result = BundlePacker.Pack(Options(dir, OtaKit.Entry));
        Assert.Equal("Endpoint.Plug", result.Manifest.Assemblies[^1].Name);
        Assert.Equal("plug", result.Manifest.App);
        Assert.Contains(result.Notes, n => n.Contains("load order by name"));
    }

    [Fact]
    public void Pack_NotANanoFrameworkImage_Refused()
    {
        string dir = OtaKit.PlugFolder(_dir, "1.0.0");
        File.WriteAllText(Path.Combine(dir, "Readme.pe"), "hello, not an assembly");

        var ex = Assert.Throws<FormatException>(() => BundlePacker.Pack(Options(dir, OtaKit.Entry)));

        Assert.Contains("Readme.pe is not a nanoFramework assembly", ex.Message);
    }

    [Fact]
    public void Pack_EmptyImage_Refused()
    {
        string dir = OtaKit.PlugFolder(_dir, "1.0.0");
        File.WriteAllBytes(Path.Combine(dir, "Empty.pe"), []);

        Assert.Contains("Empty.pe is empty", Assert.Throws<FormatException>(() => BundlePacker.Pack(Options(dir, OtaKit.Entry))).Message);
    }

    [Fact]
    public void Pack_OnlyPlatformAssemblies_Refused()
    {
        string dir = Path.Combine(_dir, "platform");
        OtaKit.WritePe(dir, "mscorlib", 100, "1.0.0.0", "x");

        Assert.Contains("only platform assemblies", Assert.Throws<OtaException>(() => BundlePacker.Pack(Options(dir, OtaKit.Entry))).Message);
    }

    [Fact]
    public void BundleFile_TruncatedOrExtended_Refused()
    {
        byte[] data = BundlePacker.Pack(Options(OtaKit.PlugFolder(_dir, "1.0.0"), OtaKit.Entry)).Bundle;

        Assert.Contains("bundle is truncated", Assert.Throws<OtaException>(() => BundleFile.Parse(data[..^1])).Message);
        Assert.Contains("bundle is truncated", Assert.Throws<OtaException>(() => BundleFile.Parse(data[..20])).Message);
        Assert.Contains("1 bytes after its last assembly", Assert.Throws<OtaException>(() => BundleFile.Parse([.. data, 0])).Message);
    }

    [Fact]
    public void BundleFile_FlippedBytes_FoundByHashOrSignature()
    {
        byte[] data = BundlePacker.Pack(Options(OtaKit.PlugFolder(_dir, "1.0.0"), OtaKit.Entry)).Bundle;
        var good = BundleFile.Parse(data);

        byte[] inAssembly = (byte[])data.Clone();
        inAssembly[good.AssemblyOffset(2) + 7] ^= 0x80;
        Assert.Equal([good.Manifest.Assemblies[2].Name], BundleFile.Parse(inAssembly).HashMismatches());

        byte[] inSignature = (byte[])data.Clone();
        inSignature[BundleLayout.HeaderSize + good.ManifestLength + 5] ^= 1;
        Assert.False(BundleFile.Parse(inSignature).SignatureValid(OtaKit.PublicKey));
        Assert.False(good.SignatureValid(Endpoint.Core.Crypto.Ed25519.PublicKeyFromSeed(OtaKit.OtherSeed)));
    }
}
