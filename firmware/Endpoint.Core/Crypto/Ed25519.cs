using System;

namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// Ed25519 signatures (RFC 8032 §5.1, "PureEdDSA" over edwards25519 with SHA-512): key
    /// derivation from a 32-byte seed, deterministic signing, and strict verification. Signatures
    /// and keys are byte-for-byte those of OpenSSL, libsodium and every other RFC 8032 implementation.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Verification is the <b>cofactorless</b> check of RFC 8032 §5.1.7 with strict encodings:
    /// it accepts exactly when S &lt; L, the public key A decodes (§5.1.3: canonical y &lt; p, x exists,
    /// no "negative zero"), and encode([S]B - [k]A) equals the signature's R byte for byte, with
    /// k = SHA-512(R ‖ A ‖ M) mod L. Comparing encodings makes R strict too: the computed point
    /// is always on the curve and its encoding canonical, so an R that does not decode, or
    /// decodes only non-canonically, never matches. Small-order public keys and R are not
    /// rejected (RFC 8032 does not ask for it). This is the check of ref10 plus the canonical-S
    /// and canonical-A rules; every signature OpenSSL produces verifies, and OpenSSL verifies ours.
    /// </para>
    /// <para>
    /// Signing runs in constant time with respect to the seed (no secret-dependent branch or
    /// table index in the field, scalar or base-point code), as far as managed code allows.
    /// Verification is variable time: its inputs are public.
    /// </para>
    /// <para>Thread-safe: every call works on its own state; the shared base-point tables are built once under a lock.</para>
    /// </remarks>
    public static class Ed25519
    {
        /// <summary>Length of a public key (an encoded point, RFC 8032 §5.1.5).</summary>
        public const int PublicKeySize = 32;

        /// <summary>Length of a private key, the seed of RFC 8032 §5.1.5.</summary>
        public const int SeedSize = 32;

        /// <summary>Length of a signature: R (32 bytes) ‖ S (32 bytes), RFC 8032 §5.1.6.</summary>
        public const int SignatureSize = 64;

        /// <summary>The public key of a 32-byte seed (RFC 8032 §5.1.5).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="seed"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="seed"/> is not 32 bytes.</exception>
        public static byte[] PublicKeyFromSeed(byte[] seed)
        {
            Arguments.CheckLength(seed, SeedSize, "seed");
            byte[] expanded = ExpandSeed(seed);
            byte[] publicKey = new byte[PublicKeySize];
            DerivePublicKey(expanded, publicKey);
            Array.Clear(expanded, 0, expanded.Length);
            return publicKey;
        }

        /// <summary>
        /// The 64-byte signature of <paramref name="count"/> bytes of <paramref name="message"/> from
        /// <paramref name="offset"/> under the key of <paramref name="seed"/> (RFC 8032 §5.1.6).
        /// Deterministic: the same seed and message always give the same signature.
        /// </summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="seed"/> is not 32 bytes, or the range is not inside <paramref name="message"/>.</exception>
        public static byte[] Sign(byte[] seed, byte[] message, int offset, int count)
        {
            Arguments.CheckLength(seed, SeedSize, "seed");
            Arguments.CheckRange(message, offset, count, "message");

            // Step 1 (§5.1.5): h = SHA-512(seed); s = clamped h[0..32); prefix = h[32..64).
            byte[] expanded = ExpandSeed(seed);
            byte[] publicKey = new byte[PublicKeySize];
            DerivePublicKey(expanded, publicKey);

            // Step 2: r = SHA-512(prefix ‖ M) mod L.
            Sha512 sha = new Sha512();
            sha.Update(expanded, 32, 32);
            sha.Update(message, offset, count);
            byte[] digest = sha.Final();
            byte[] r = new byte[32];
            Scalar25519.Reduce(r, 0, digest);

            // Step 3: R = [r]B.
            byte[] signature = new byte[SignatureSize];
            ExtendedPoint point = new ExtendedPoint();
            ScalarMultiplication.MultiplyBase(point, r);
            point.Encode(signature, 0);

            // Step 4: k = SHA-512(R ‖ A ‖ M) mod L.
            sha.Update(signature, 0, 32);
            sha.Update(publicKey, 0, PublicKeySize);
            sha.Update(message, offset, count);
            sha.Final(digest, 0);
            byte[] k = new byte[32];
            Scalar25519.Reduce(k, 0, digest);

            // Step 5: S = (r + k·s) mod L.
            byte[] s = new byte[32];
            Array.Copy(expanded, 0, s, 0, 32);
            byte[] result = new byte[32];
            Scalar25519.MultiplyAdd(result, 0, k, s, r);
            Array.Copy(result, 0, signature, 32, 32);

            Array.Clear(expanded, 0, expanded.Length);
            Array.Clear(s, 0, s.Length);
            Array.Clear(r, 0, r.Length);
            Array.Clear(digest, 0, digest.Length);
            return signature;
        }

        /// <summary>
        /// True when <paramref name="signature"/> is a valid Ed25519 signature of <paramref name="count"/>
        /// bytes of <paramref name="message"/> from <paramref name="offset"/> under <paramref name="publicKey"/>
        /// (RFC 8032 §5.1.7, cofactorless, strict — see the class remarks). Bad keys or signatures,
        /// including ones of the wrong length, give false, never an exception.
        /// </summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range is not inside <paramref name="message"/>.</exception>
        public static bool Verify(byte[] publicKey, byte[] message, int offset, int count, byte[] signature)
        {
            if (publicKey == null)
            {
                throw new ArgumentNullException("publicKey");
            }

            if (signature == null)
            {
                throw new ArgumentNullException("signature");
            }

            Arguments.CheckRange(message, offset, count, "message");
            if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
            {
                return false;
            }

            // Step 1: S must be canonical (S < L); A must decode.
            byte[] s = new byte[32];
            Array.Copy(signature, 32, s, 0, 32);
            if (!Scalar25519.IsCanonical(s, 0))
            {
                return false;
            }

            ExtendedPoint minusA = new ExtendedPoint();
            if (!minusA.TryDecode(publicKey, 0))
            {
                return false;
            }

            minusA.Negate();

            // Step 2: k = SHA-512(R ‖ A ‖ M) mod L.
            Sha512 sha = new Sha512();
            sha.Update(signature, 0, 32);
            sha.Update(publicKey, 0, PublicKeySize);
            sha.Update(message, offset, count);
            byte[] k = new byte[32];
            Scalar25519.Reduce(k, 0, sha.Final());

            // Step 3, cofactorless: [S]B = R + [k]A  ⇔  encode([k](-A) + [S]B) = R.
            ProjectivePoint check = new ProjectivePoint();
            ScalarMultiplication.MultiplyAndAddBaseVartime(check, k, minusA, s);
            byte[] encoded = new byte[32];
            check.Encode(encoded, 0);

            int difference = 0;
            for (int i = 0; i < 32; i++)
            {
                difference |= encoded[i] ^ signature[i];
            }

            return difference == 0;
        }

        /// <summary>SHA-512 of the seed with the first half clamped into the secret scalar s (RFC 8032 §5.1.5 steps 1–2).</summary>
        private static byte[] ExpandSeed(byte[] seed)
        {
            byte[] h = Sha512.Hash(seed, 0, SeedSize);
            h[0] &= 248;  // clear the 3 low bits: a multiple of the cofactor 8
            h[31] &= 127; // clear bit 255
            h[31] |= 64;  // set bit 254
            return h;
        }

        /// <summary>A = encode([s]B) for the clamped scalar in expanded[0..32) (§5.1.5 steps 3–4).</summary>
        private static void DerivePublicKey(byte[] expanded, byte[] publicKey)
        {
            byte[] s = new byte[32];
            Array.Copy(expanded, 0, s, 0, 32);
            ExtendedPoint a = new ExtendedPoint();
            ScalarMultiplication.MultiplyBase(a, s);
            a.Encode(publicKey, 0);
            Array.Clear(s, 0, s.Length);
        }
    }
}
