using System;
using System.IO;
using System.Linq;
using System.Text;

namespace Endpoint.Host.Flashing;

/// <summary>
/// Reads the Ed25519 public key OTA bundles are checked against, in the forms people have it in: 32 raw
/// bytes, 64 hex digits, base64 of the 32 bytes, or a PEM "PUBLIC KEY" (what <c>openssl pkey -pubout</c>
/// writes: the SubjectPublicKeyInfo of RFC 8410 §4, a fixed 12-byte prefix and the 32-byte key).
/// </summary>
public static class OtaPublicKey
{
    /// <summary>Ed25519 public key length (RFC 8032 §5.1.5).</summary>
    public const int Length = 32;

    // SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (33 bytes, 0 unused bits) }, RFC 8410 §4.
    private static readonly byte[] SpkiPrefix = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

    /// <summary>The 32-byte key in <paramref name="path"/>; throws <see cref="FormatException"/> (one line, naming the file) otherwise.</summary>
    public static byte[] Load(string path)
    {
        if (Directory.Exists(path))
        {
            throw new FormatException($"{path} is a folder, not a key file (ota.pub from 'endpoint ota keygen')");
        }

        byte[] data = File.ReadAllBytes(path);
        if (Encoding.ASCII.GetString(data).Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            // The signing key given where the device's trust anchor goes: say so, and never echo it.
            throw new FormatException($"{path} is a private key; devices take the public key (ota.pub from 'endpoint ota keygen'), the private key stays with whoever signs");
        }

        return Parse(data) ?? throw new FormatException(
            $"{path}: not an Ed25519 public key (expected 32 raw bytes, 64 hex digits, base64 of 32 bytes, or a PEM PUBLIC KEY)");
    }

    /// <summary>The key in <paramref name="data"/>, or null when it is none of the accepted forms.</summary>
    public static byte[] Parse(byte[] data)
    {
        if (data.Length == Length)
        {
            return data;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(data).Trim();
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        if (text.StartsWith("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
        {
            const string end = "-----END PUBLIC KEY-----";
            int stop = text.IndexOf(end, StringComparison.Ordinal);
            if (stop < 0)
            {
                return null;
            }

            byte[] der = Base64(text["-----BEGIN PUBLIC KEY-----".Length..stop]);
            return der != null && der.Length == SpkiPrefix.Length + Length && der.AsSpan(0, SpkiPrefix.Length).SequenceEqual(SpkiPrefix)
                ? der[SpkiPrefix.Length..]
                : null;
        }

        if (text.Length == 2 * Length && text.All(Uri.IsHexDigit))
        {
            return Convert.FromHexString(text);
        }

        byte[] raw = Base64(text);
        return raw != null && raw.Length == Length ? raw : null;
    }

    private static byte[] Base64(string text)
    {
        string compact = new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        try
        {
            return Convert.FromBase64String(compact);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
