using System;
using System.Diagnostics;
using System.IO;
using Endpoint.Core.Ota;
using Endpoint.Host.Ota;

namespace Endpoint.Tests.Host.Ota;

public sealed class OtaKeysTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "endpoint-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }
    }

    [Fact]
    public void WriteNew_WritesPrivatePemOwnerOnlyAndHexPublicKey()
    {
        byte[] seed = OtaKeys.NewSeed();

        var (key, pub) = OtaKeys.WriteNew(_dir, seed);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(key));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.False(OtaKeys.IsReadableByOthers(key));
        Assert.Equal(seed, OtaKeys.ReadSeed(key));
        Assert.Equal(OtaKeys.PublicKey(seed), OtaKeys.ReadPublicKey(pub));
        Assert.Matches("^[0-9a-f]{64}\n$", File.ReadAllText(pub));
    }

    [Fact]
    public void WriteNew_ExistingKey_RefusesToOverwrite()
    {
        OtaKeys.WriteNew(_dir, OtaKeys.NewSeed());
        string before = File.ReadAllText(Path.Combine(_dir, "ota.key"));

        var ex = Assert.Throws<IOException>(() => OtaKeys.WriteNew(_dir, OtaKeys.NewSeed()));

        Assert.Contains("already exists", ex.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_dir, "ota.key")));
    }

    [Fact]
    public void ReadSeed_OpensslGeneratedKey_SameKeyPairAsOpenssl()
    {
        Directory.CreateDirectory(_dir);
        string key = Path.Combine(_dir, "openssl.key");
        string pub = Path.Combine(_dir, "openssl.pub");
        Run("openssl", "genpkey", "-algorithm", "ed25519", "-out", key);
        Run("openssl", "pkey", "-in", key, "-pubout", "-out", pub);

        byte[] seed = OtaKeys.ReadSeed(key);

        Assert.Equal(OtaKeys.ReadPublicKey(pub), OtaKeys.PublicKey(seed));
    }

    [Fact]
    public void PrivateKeyPem_IsReadByOpenssl()
    {
        Directory.CreateDirectory(_dir);
        byte[] seed = OtaKeys.NewSeed();
        string key = Path.Combine(_dir, "ours.key");
        File.WriteAllText(key, OtaKeys.PrivateKeyPem(seed));
        string pub = Path.Combine(_dir, "ours.pub");

        Run("openssl", "pkey", "-in", key, "-pubout", "-out", pub);

        Assert.Equal(OtaKeys.PublicKey(seed), OtaKeys.ReadPublicKey(pub));
    }

    [Theory]
    [InlineData("not a key", "not an Ed25519 private key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VkBCIEIA==\n-----END PRIVATE KEY-----", "not a valid PKCS#8 key")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----", "not an Ed25519 private key")]
    public void ReadSeed_NotAPrivateKey_ClearError(string text, string reason)
    {
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, "bad.key");
        File.WriteAllText(path, text);

        Assert.Contains(reason, Assert.Throws<FormatException>(() => OtaKeys.ReadSeed(path)).Message);
    }

    [Fact]
    public void ReadSeed_RsaKey_NamesTheAlgorithm()
    {
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, "rsa.key");
        Run("openssl", "genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", path);

        Assert.Contains("not Ed25519", Assert.Throws<FormatException>(() => OtaKeys.ReadSeed(path)).Message);
    }

    [Fact]
    public void ReadPublicKey_RawAndHexAndGarbage()
    {
        Directory.CreateDirectory(_dir);
        byte[] pub = OtaKeys.PublicKey(OtaKeys.NewSeed());
        string raw = Path.Combine(_dir, "raw.pub");
        File.WriteAllBytes(raw, pub);
        string hex = Path.Combine(_dir, "hex.pub");
        File.WriteAllText(hex, Hex.Encode(pub).ToUpperInvariant() + "\r\n");
        string bad = Path.Combine(_dir, "bad.pub");
        File.WriteAllText(bad, "abc");

        Assert.Equal(pub, OtaKeys.ReadPublicKey(raw));
        Assert.Equal(pub, OtaKeys.ReadPublicKey(hex));
        Assert.Contains("not an Ed25519 public key", Assert.Throws<FormatException>(() => OtaKeys.ReadPublicKey(bad)).Message);
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} failed: {err}");
    }
}
