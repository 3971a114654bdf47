namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// Arithmetic modulo the group order L = 2^252 + 27742317777372353535851937790883648493
    /// (RFC 8032 §5.1) on 32-byte little-endian scalars. The reduction is TweetNaCl's <c>modL</c>
    /// (Bernstein et al., "TweetNaCl: a crypto library in 100 tweets", 2014) over 64 signed 8-bit
    /// limbs: short, branch-free (constant time, as signing needs), and cheap next to the curve
    /// arithmetic — a verification reduces one 64-byte hash.
    /// </summary>
    internal static class Scalar25519
    {
        /// <summary>L, little-endian.</summary>
        private static readonly long[] L =
        {
            0xED, 0xD3, 0xF5, 0x5C, 0x1A, 0x63, 0x12, 0x58, 0xD6, 0x9C, 0xF7, 0xA2, 0xDE, 0xF9, 0xDE, 0x14,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        };

        /// <summary>
        /// True when the 32-byte little-endian number at <paramref name="s"/>[offset] is below L: the
        /// canonical S that RFC 8032 §5.1.7 step 1 requires (and §8.4: it prevents malleability).
        /// Variable time; S is public.
        /// </summary>
        internal static bool IsCanonical(byte[] s, int offset)
        {
            for (int i = 31; i >= 0; i--)
            {
                if (s[offset + i] < L[i])
                {
                    return true;
                }

                if (s[offset + i] > L[i])
                {
                    return false;
                }
            }

            return false; // equal to L
        }

        /// <summary>r[rOffset..+32) = the 64-byte little-endian number <paramref name="s"/> mod L (a SHA-512 digest as a scalar).</summary>
        internal static void Reduce(byte[] r, int rOffset, byte[] s)
        {
            long[] x = new long[64];
            for (int i = 0; i < 64; i++)
            {
                x[i] = s[i];
            }

            ReduceLimbs(r, rOffset, x);
        }

        /// <summary>r[rOffset..+32) = (a·b + c) mod L, for 32-byte little-endian a, b, c (any values below 2^256).</summary>
        internal static void MultiplyAdd(byte[] r, int rOffset, byte[] a, byte[] b, byte[] c)
        {
            long[] x = new long[64];
            for (int i = 0; i < 32; i++)
            {
                x[i] = c[i];
            }

            for (int i = 0; i < 32; i++)
            {
                for (int j = 0; j < 32; j++)
                {
                    x[i + j] += (long)a[i] * b[j];
                }
            }

            ReduceLimbs(r, rOffset, x);
        }

        /// <summary>TweetNaCl modL: r = Σ x[i]·2^(8i) mod L, for 64 limbs each below 2^22 in magnitude.</summary>
        private static void ReduceLimbs(byte[] r, int rOffset, long[] x)
        {
            // Fold limbs 63..32 down: 2^256 = 16·2^252 ≡ -16·(L - 2^252) (mod L), and L - 2^252 fits in
            // 16 bytes, so limb i lands on limbs i-32 .. i-13 (with a rounding carry into i-12).
            long carry;
            int j;
            for (int i = 63; i >= 32; i--)
            {
                carry = 0;
                for (j = i - 32; j < i - 12; j++)
                {
                    x[j] += carry - 16 * x[i] * L[j - (i - 32)];
                    carry = (x[j] + 128) >> 8;
                    x[j] -= carry << 8;
                }

                x[j] += carry;
                x[i] = 0;
            }

            // Now x < about 2^256: subtract floor(x / 2^252)·L, then at most one more L when negative.
            carry = 0;
            for (j = 0; j < 32; j++)
            {
                x[j] += carry - (x[31] >> 4) * L[j];
                carry = x[j] >> 8;
                x[j] &= 255;
            }

            for (j = 0; j < 32; j++)
            {
                x[j] -= carry * L[j];
            }

            for (int i = 0; i < 32; i++)
            {
                x[i + 1] += x[i] >> 8;
                r[rOffset + i] = (byte)(x[i] & 255);
            }
        }
    }
}
