using System;
using System.IO;
using Endpoint.Host.Ota;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

/// <summary><c>endpoint ota</c> as a user runs it: a real process, exit codes and one-line errors.</summary>
public sealed class OtaCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "endpoint-ota-cli-" + Guid.NewGuid().ToString("N"));

    public OtaCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    private static (int Code, string Output) Run(params string[] args)
    {
        using var p = new SimProcess(args);
        int code = p.WaitForExit(60_000);
        return (code, p.Output);
    }

    private string Keys()
    {
        string keys = Path.Combine(_dir, "keys");
        Assert.Equal(0, Run("ota", "keygen", "--out", keys).Code);
        return keys;
    }

    private string Pack(string keys, string version, int build, string name)
    {
        string app = OtaKit.PlugFolder(_dir, version);
        string epk = Path.Combine(_dir, name);
        var (code, output) = Run("ota", "pack", "--app", app, "--version", version, "--build", build.ToString(), "--board", "esp32-devkitc",
            "--key", Path.Combine(keys, "ota.key"), "--out", epk, "--entry", OtaKit.Entry);
        Assert.True(code == 0, output);
        return epk;
    }

    [Fact]
    public void KeygenPackInspect_HappyPath()
    {
        string keys = Keys();
        string epk = Pack(keys, "1.1.0", 2, "plug.epk");

        var (code, output) = Run("ota", "inspect", epk, "--key", Path.Combine(keys, "ota.pub"));

        Assert.Equal(0, code);
        Assert.Contains("app        plug 1.1.0, build 2", output);
        Assert.Contains("signature  valid", output);
        Assert.Contains("Endpoint.Plug", output);
        Assert.DoesNotContain("mscorlib", output);
    }

    [Fact]
    public void Keygen_Twice_SecondRefusedWithExit1AndKeyKept()
    {
        string keys = Keys();
        string key = File.ReadAllText(Path.Combine(keys, "ota.key"));

        var (code, output) = Run("ota", "keygen", "--out", keys);

        Assert.Equal(1, code);
        Assert.Contains("already exists", output);
        Assert.Equal(key, File.ReadAllText(Path.Combine(keys, "ota.key")));
    }

    [Fact]
    public void Inspect_TamperedAndTruncated_Exit1WithReason()
    {
        string keys = Keys();
        string epk = Pack(keys, "1.1.0", 2, "plug.epk");
        byte[] data = File.ReadAllBytes(epk);
        var bundle = BundleFile.Parse(data);
        data[bundle.AssemblyOffset(1) + 10] ^= 1;
        string tampered = Path.Combine(_dir, "tampered.epk");
        File.WriteAllBytes(tampered, data);
        string truncated = Path.Combine(_dir, "truncated.epk");
        File.WriteAllBytes(truncated, data[..^100]);

        var t = Run("ota", "inspect", tampered);
        var u = Run("ota", "inspect", truncated);
        var w = Run("ota", "inspect", epk, "--key", Path.Combine(Keys2(), "ota.pub"));

        Assert.Equal(1, t.Code);
        Assert.Contains("SHA-256 MISMATCH", t.Output);
        Assert.Equal(1, u.Code);
        Assert.Contains("bundle is truncated", u.Output);
        Assert.Equal(1, w.Code);
        Assert.Contains("signature  INVALID", w.Output);
    }

    [Fact]
    public void Publish_DamagedBundle_Exit1BeforeAnyOffer()
    {
        string keys = Keys();
        string epk = Pack(keys, "1.1.0", 2, "plug.epk");
        byte[] data = File.ReadAllBytes(epk);
        data[BundleFile.Parse(data).AssemblyOffset(1) + 10] ^= 1;
        string tampered = Path.Combine(_dir, "tampered.epk");
        File.WriteAllBytes(tampered, data);

        // Port 1: nothing listens, so reaching the hub would fail differently; the bundle is refused first.
        var (code, output) = Run("ota", "publish", "--hub", "mqtt://127.0.0.1:1", "--device", "plug-a", tampered);

        Assert.Equal(1, code);
        Assert.Contains("is damaged: assemblies do not match the manifest", output);
        Assert.Contains("nothing offered", output);
    }

    private string Keys2()
    {
        string keys = Path.Combine(_dir, "other-keys");
        Assert.Equal(0, Run("ota", "keygen", "--out", keys).Code);
        return keys;
    }

    [Theory]
    [InlineData("ota", "endpoint ota: unknown command 'flash'", "flash")]
    [InlineData("keygen", "--out DIR is required")]
    [InlineData("pack", "--app DIR is required", "--version", "1.0.0")]
    [InlineData("pack", "--version '1.0' is not a semantic version", "--app", ".", "--version", "1.0", "--build", "1", "--board", "esp32-devkitc", "--key", "k", "--out", "o")]
    [InlineData("pack", "--build must be a whole number from 1 to 2147483647, not '0'", "--app", ".", "--version", "1.0.0", "--build", "0")]
    [InlineData("pack", "unknown board", "--app", ".", "--version", "1.0.0", "--build", "1", "--board", "nope", "--key", "k", "--out", "o")]
    [InlineData("inspect", "missing the bundle file")]
    [InlineData("publish", "--device ID is required", "--hub", "mqtt://127.0.0.1", "x.epk")]
    [InlineData("publish", "--hub:", "--hub", "ftp://x", "--device", "a", "x.epk")]
    [InlineData("publish", "invalid --device 'A/B'", "--hub", "mqtt://127.0.0.1", "--device", "A/B", "x.epk")]
    [InlineData("publish", "--ca: '/etc/passwd' is not a PEM certificate", "--hub", "mqtts://127.0.0.1", "--device", "a", "--ca", "/etc/passwd", "x.epk")]
    [InlineData("publish", "--ca goes with an mqtts:// --hub", "--hub", "mqtt://127.0.0.1", "--device", "a", "--ca", "/etc/passwd", "x.epk")]
    public void BadArguments_Exit2WithOneLine(string command, string message, params string[] rest)
    {
        var args = command == "ota" ? new[] { "ota" } : new[] { "ota", command };
        var (code, output) = Run([.. args, .. rest]);

        Assert.Equal(2, code);
        Assert.Contains(message, output);
        Assert.Single(output.Trim().Split('\n'));
    }

    [Fact]
    public void Pack_KeyFileNotAKey_Exit1()
    {
        string bad = Path.Combine(_dir, "bad.key");
        File.WriteAllText(bad, "hello");

        var (code, output) = Run("ota", "pack", "--app", OtaKit.PlugFolder(_dir, "1.0.0"), "--version", "1.0.0", "--build", "1",
            "--board", "esp32-devkitc", "--key", bad, "--out", Path.Combine(_dir, "x.epk"), "--entry", OtaKit.Entry);

        Assert.Equal(1, code);
        Assert.Contains("is not an Ed25519 private key", output);
        Assert.False(File.Exists(Path.Combine(_dir, "x.epk")));
    }

    [Fact]
    public void Publish_TruncatedBundle_Exit1BeforeConnecting()
    {
        string keys = Keys();
        string epk = Pack(keys, "1.1.0", 2, "plug.epk");
        File.WriteAllBytes(epk, File.ReadAllBytes(epk)[..200]);

        var (code, output) = Run("ota", "publish", "--hub", "mqtt://127.0.0.1:1", "--device", "plug-a", epk);

        Assert.Equal(1, code);
        Assert.Contains("bundle is truncated", output);
    }

    [Fact]
    public void Sim_OtaKeyNotAKey_Exit2()
    {
        string bad = Path.Combine(_dir, "bad.pub");
        File.WriteAllText(bad, "xyz");

        var (code, output) = Run("sim", "plug", "--ota-key", bad, "--state-dir", Path.Combine(_dir, "state"));

        Assert.Equal(2, code);
        Assert.Contains("--ota-key", output);
        Assert.Contains("not an Ed25519 public key", output);
    }

    [Fact]
    public void Pack_WithThePublicKey_Exit2AndNoBundle()
    {
        string keys = Keys();
        string app = OtaKit.PlugFolder(_dir, "1.1.0");
        string epk = Path.Combine(_dir, "pub.epk");
        string pub = Path.Combine(keys, "ota.pub");

        var (code, output) = Run("ota", "pack", "--app", app, "--version", "1.1.0", "--build", "2", "--board", "esp32-devkitc",
            "--key", pub, "--out", epk, "--entry", OtaKit.Entry);

        Assert.Equal(2, code);
        Assert.Equal($"endpoint ota pack: --key {pub} is a public key; bundles are signed with the private key (ota.key from 'endpoint ota keygen')", output.Trim());
        Assert.False(File.Exists(epk));
    }

    [Fact]
    public void Keygen_OutIsAFile_OneLineExit2()
    {
        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");

        var (code, output) = Run("ota", "keygen", "--out", file);

        Assert.Equal(2, code);
        Assert.StartsWith($"endpoint ota keygen: --out {file}: cannot create the folder (", output.Trim());
        Assert.DoesNotContain('\n', output.Trim());
    }

    [Fact]
    public void PackAndStage_OutWhereNothingCanBeWritten_OneLineExit2()
    {
        string keys = Keys();
        string app = OtaKit.PlugFolder(_dir, "1.1.0");
        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");
        string missing = Path.Combine(_dir, "no", "such", "folder", "plug.epk");

        var pack = Run("ota", "pack", "--app", app, "--version", "1.1.0", "--build", "2", "--board", "esp32-devkitc",
            "--key", Path.Combine(keys, "ota.key"), "--out", missing, "--entry", OtaKit.Entry);
        string epk = Pack(keys, "1.1.0", 2, "plug.epk");
        var stage = Run("ota", "stage", epk, "--key", Path.Combine(keys, "ota.pub"), "--out", file);

        Assert.Equal(2, pack.Code);
        Assert.StartsWith($"endpoint ota pack: --out {missing}: cannot write it (", pack.Output.Trim());
        Assert.Equal(2, stage.Code);
        Assert.StartsWith($"endpoint ota stage: --out {file}: cannot create the folder (", stage.Output.Trim());
        Assert.Single(stage.Output.Trim().Split('\n'));
    }
}
