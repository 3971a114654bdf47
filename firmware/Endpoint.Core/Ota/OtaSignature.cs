using System;
using System.Text;
using Endpoint.Core.Crypto;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// What the OTA key signs: the ASCII domain <c>"endpoint-ota-manifest-v1\n"</c> followed by the
    /// manifest's exact bytes (Ota/README.md, "Signature"). The domain keeps a signature made for a
    /// manifest from being valid for anything else the same key might sign. The manifest names every
    /// assembly's SHA-256, so one signature covers the whole bundle.
    /// </summary>
    public static class OtaSignature
    {
        /// <summary>The domain prefix of the signed message.</summary>
        public const string Domain = "endpoint-ota-manifest-v1\n";

        /// <summary>Length of a public key.</summary>
        public const int PublicKeySize = 32;

        /// <summary>The message the signature covers.</summary>
        public static byte[] SignedMessage(byte[] manifest, int offset, int count)
        {
            byte[] domain = Encoding.UTF8.GetBytes(Domain);
            byte[] message = new byte[domain.Length + count];
            Array.Copy(domain, message, domain.Length);
            Array.Copy(manifest, offset, message, domain.Length, count);
            return message;
        }

        /// <summary>True when <paramref name="signature"/> signs the manifest under <paramref name="publicKey"/>.</summary>
        public static bool Verify(byte[] publicKey, byte[] manifest, int offset, int count, byte[] signature)
        {
            byte[] message = SignedMessage(manifest, offset, count);
            return Ed25519.Verify(publicKey, message, 0, message.Length, signature);
        }

        /// <summary>Signs a manifest with a 32-byte Ed25519 seed (the packer's side).</summary>
        public static byte[] Sign(byte[] seed, byte[] manifest, int offset, int count)
        {
            byte[] message = SignedMessage(manifest, offset, count);
            return Ed25519.Sign(seed, message, 0, message.Length);
        }
    }
}
