using System;
using Endpoint.Core.Crypto;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// Digests that name a bundle: SHA-256 of its manifest bytes (in boot and progress records) and
    /// the bundle id, its first 8 bytes (in blocks, requests and status messages). Kept apart from
    /// <see cref="OtaSignature"/> so the bootstrapper needs SHA-256 but not Ed25519.
    /// </summary>
    public static class OtaDigest
    {
        /// <summary>SHA-256 of the manifest bytes.</summary>
        public static byte[] Of(byte[] manifest, int offset, int count)
        {
            return Sha256.Hash(manifest, offset, count);
        }

        /// <summary>The bundle id: the first 8 bytes of the digest.</summary>
        public static byte[] BundleId(byte[] digest)
        {
            byte[] id = new byte[BlockMessage.BundleIdSize];
            Array.Copy(digest, id, id.Length);
            return id;
        }

        /// <summary>True when two digests (or keys) are equal; compares every byte.</summary>
        public static bool Same(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            int diff = 0;
            for (int i = 0; i < a.Length; i++)
            {
                diff |= a[i] ^ b[i];
            }

            return diff == 0;
        }
    }
}
