using System;
using System.Formats.Asn1;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Endpoint.Core.Crypto;
using Endpoint.Core.Ota;

namespace Endpoint.Host.Ota;

/// <summary>
/// OTA signing keys on disk (Ota/README.md, "Keys"):
/// <list type="bullet">
/// <item><c>ota.key</c>: the Ed25519 private key as PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>,
/// RFC 8410 §7), the same file <c>openssl genpkey -algorithm ed25519</c> writes, created with mode 0600.
/// 64 hex digits of the 32-byte seed are accepted too.</item>
/// <item><c>ota.pub</c>: the 32-byte public key as 64 hex digits and a newline — what devices keep in
/// their flash. A PEM <c>PUBLIC KEY</c> (<c>openssl pkey -pubout</c>) or 32 raw bytes are accepted too.</item>
/// </list>
/// </summary>
public static class OtaKeys
{
    /// <summary>Private key file name in a key folder.</summary>
    public const string PrivateKeyFile = "ota.key";

    /// <summary>Public key file name in a key folder.</summary>
    public const string PublicKeyFile = "ota.pub";

    // RFC 8410 §3: id-Ed25519.
    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>A new random 32-byte seed.</summary>
    public static byte[] NewSeed() => RandomNumberGenerator.GetBytes(32);

    /// <summary>The public key of a seed.</summary>
    public static byte[] PublicKey(byte[] seed) => Ed25519.PublicKeyFromSeed(seed);

    /// <summary>Writes <c>ota.key</c> (0600 on Unix) and <c>ota.pub</c> into <paramref name="folder"/>; refuses to overwrite.</summary>
    public static (string KeyPath, string PubPath) WriteNew(string folder, byte[] seed)
    {
        Directory.CreateDirectory(folder);
        string keyPath = Path.Combine(folder, PrivateKeyFile);
        string pubPath = Path.Combine(folder, PublicKeyFile);
        foreach (string path in new[] { keyPath, pubPath })
        {
            if (File.Exists(path))
            {
                throw new IOException($"{path} already exists; a new key would lock out devices that trust the old one (delete it first if that is what you want)");
            }
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(keyPath, options))
        {
            byte[] pem = Encoding.ASCII.GetBytes(PrivateKeyPem(seed));
            stream.Write(pem);
        }

        File.WriteAllText(pubPath, PublicKeyText(PublicKey(seed)));
        return (keyPath, pubPath);
    }

    /// <summary>The PKCS#8 PEM text of a seed.</summary>
    public static string PrivateKeyPem(byte[] seed)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteInteger(0);
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(Ed25519Oid);
            }

            var inner = new AsnWriter(AsnEncodingRules.DER);
            inner.WriteOctetString(seed);
            w.WriteOctetString(inner.Encode());
        }

        return PemEncoding.WriteString("PRIVATE KEY", w.Encode()) + "\n";
    }

    /// <summary>The <c>ota.pub</c> text of a public key.</summary>
    public static string PublicKeyText(byte[] publicKey) => Hex.Encode(publicKey) + "\n";

    /// <summary>Reads a private key file; the message of the <see cref="FormatException"/> says what was expected.</summary>
    public static byte[] ReadSeed(string path)
    {
        string text = File.ReadAllText(path).Trim();
        byte[] hex = Hex.Decode(text, 32);
        if (hex != null)
        {
            return hex;
        }

        if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] != "PRIVATE KEY")
        {
            throw new FormatException($"{path} is not an Ed25519 private key: expected a PEM 'PRIVATE KEY' (endpoint ota keygen, openssl genpkey -algorithm ed25519) or 64 hex digits");
        }

        try
        {
            byte[] der = Convert.FromBase64String(text[fields.Base64Data].ToString());
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            sequence.ReadInteger();
            var algorithm = sequence.ReadSequence();
            string oid = algorithm.ReadObjectIdentifier();
            if (oid != Ed25519Oid)
            {
                throw new FormatException($"{path} holds a {oid} key, not Ed25519 ({Ed25519Oid})");
            }

            byte[] seed = new AsnReader(sequence.ReadOctetString(), AsnEncodingRules.DER).ReadOctetString();
            if (seed.Length != 32)
            {
                throw new FormatException($"{path}: the Ed25519 seed is {seed.Length} bytes, not 32");
            }

            return seed;
        }
        catch (AsnContentException ex)
        {
            throw new FormatException($"{path} is not a valid PKCS#8 key: {ex.Message}");
        }
    }

    /// <summary>
    /// Reads a public key file: 64 hex digits (<c>ota.pub</c> of <see cref="WriteNew"/>), a PEM
    /// <c>PUBLIC KEY</c> (<c>openssl pkey -pubout</c>), base64 or 32 raw bytes — the forms
    /// <c>endpoint flash --ota-key</c> takes (<see cref="Flashing.OtaPublicKey"/>).
    /// </summary>
    public static byte[] ReadPublicKey(string path) => Flashing.OtaPublicKey.Load(path);

    /// <summary>True when a key file can be read by others than its owner (Unix).</summary>
    public static bool IsReadableByOthers(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;
}
