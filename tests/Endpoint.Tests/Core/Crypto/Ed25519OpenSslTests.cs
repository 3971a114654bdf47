using System;
using System.IO;
using Endpoint.Core.Crypto;
using Endpoint.Tests.Integration;

namespace Endpoint.Tests.Core.Crypto;

/// <summary>
/// <see cref="Ed25519"/> against the real <c>openssl</c> binary (OpenSSL 3 has Ed25519 in
/// <c>genpkey</c>/<c>pkeyutl -rawin</c>): keys made by either side give the same public key, the
/// signatures are byte-identical (Ed25519 is deterministic), and each side verifies the other's.
/// </summary>
public sealed class Ed25519OpenSslTests : IDisposable
{
    // RFC 8410 PKCS#8 prefix of an Ed25519 private key: SEQUENCE { version 0, AlgorithmIdentifier
    // { 1.3.101.112 }, OCTET STRING { OCTET STRING (32 bytes) } }; the seed is the last 32 bytes.
    private const string PrivateKeyDerPrefix = "302e020100300506032b657004220420";

    // No empty message: OpenSSL 3.0's pkeyutl -rawin refuses an empty input file ("Could not allocate
    // 0 bytes"); the empty message is RFC 8032 TEST 1 in Ed25519Tests.
    private static readonly int[] MessageLengths = { 1, 64, 1000, 65536 };

    private readonly string _openssl = MosquittoBroker.RequireTool("openssl");
    private readonly string _dir = Directory.CreateTempSubdirectory("endpoint-ed25519-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void OpenSslKeys_SameKeySameSignaturesAndMutualVerification()
    {
        var random = new Random(3);
        for (int n = 0; n < 3; n++)
        {
            string keyPem = Path("key.pem");
            OpenSsl("genpkey", "-algorithm", "ed25519", "-out", keyPem);
            OpenSsl("pkey", "-in", keyPem, "-outform", "DER", "-out", Path("key.der"));
            OpenSsl("pkey", "-in", keyPem, "-pubout", "-outform", "DER", "-out", Path("pub.der"));
            byte[] seed = LastBytes(File.ReadAllBytes(Path("key.der")), 32);
            byte[] publicKey = LastBytes(File.ReadAllBytes(Path("pub.der")), 32);

            Assert.Equal(Convert.ToHexString(publicKey), Convert.ToHexString(Ed25519.PublicKeyFromSeed(seed)));
            CheckSignatures(keyPem, seed, publicKey, random);
        }
    }

    [Fact]
    public void EndpointSeeds_OpenSslDerivesTheSameKeyAndSignatures()
    {
        var random = new Random(4);
        for (int n = 0; n < 3; n++)
        {
            byte[] seed = new byte[32];
            random.NextBytes(seed);
            byte[] der = [.. Convert.FromHexString(PrivateKeyDerPrefix), .. seed];
            File.WriteAllBytes(Path("key.der"), der);
            string keyPem = Path("key.pem");
            OpenSsl("pkey", "-inform", "DER", "-in", Path("key.der"), "-out", keyPem);
            OpenSsl("pkey", "-in", keyPem, "-pubout", "-outform", "DER", "-out", Path("pub.der"));
            byte[] publicKey = Ed25519.PublicKeyFromSeed(seed);

            Assert.Equal(Convert.ToHexString(LastBytes(File.ReadAllBytes(Path("pub.der")), 32)), Convert.ToHexString(publicKey));
            CheckSignatures(keyPem, seed, publicKey, random);
        }
    }

    private void CheckSignatures(string keyPem, byte[] seed, byte[] publicKey, Random random)
    {
        OpenSsl("pkey", "-in", keyPem, "-pubout", "-out", Path("pub.pem"));
        foreach (int length in MessageLengths)
        {
            byte[] message = new byte[length];
            random.NextBytes(message);
            File.WriteAllBytes(Path("msg.bin"), message);

            // openssl signs, Endpoint verifies and signs the same bytes.
            OpenSsl("pkeyutl", "-sign", "-rawin", "-inkey", keyPem, "-in", Path("msg.bin"), "-out", Path("openssl.sig"));
            byte[] opensslSignature = File.ReadAllBytes(Path("openssl.sig"));
            Assert.True(Ed25519.Verify(publicKey, message, 0, message.Length, opensslSignature), $"openssl signature, {length}-byte message");
            byte[] signature = Ed25519.Sign(seed, message, 0, message.Length);
            Assert.Equal(Convert.ToHexString(opensslSignature), Convert.ToHexString(signature));

            // Endpoint signs, openssl verifies — and refuses the signature with one bit changed.
            File.WriteAllBytes(Path("endpoint.sig"), signature);
            ToolResult verified = VerifyWithOpenSsl(Path("endpoint.sig"));
            Assert.True(verified.ExitCode == 0 && verified.Output.Contains("Signature Verified Successfully"), verified.ToString());

            signature[random.Next(64)] ^= (byte)(1 << random.Next(8));
            File.WriteAllBytes(Path("endpoint.sig"), signature);
            ToolResult refused = VerifyWithOpenSsl(Path("endpoint.sig"));
            Assert.True(refused.ExitCode != 0, refused.ToString());
        }
    }

    private ToolResult VerifyWithOpenSsl(string signatureFile) =>
        MosquittoClients.Run(_openssl,
            new[] { "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", Path("pub.pem"), "-in", Path("msg.bin"), "-sigfile", signatureFile });

    private void OpenSsl(params string[] args) => MosquittoClients.Run(_openssl, args).AssertSuccess();

    private string Path(string name) => System.IO.Path.Combine(_dir, name);

    private static byte[] LastBytes(byte[] data, int count) => data[^count..];
}
