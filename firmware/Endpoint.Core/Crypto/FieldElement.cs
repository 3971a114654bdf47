using System;

namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// An element of the field GF(p), p = 2^255 - 19, the coordinate field of edwards25519
    /// (RFC 8032 §5.1). The representation is ref10's (Bernstein et al., "High-speed high-security
    /// signatures", §4 and the SUPERCOP ref10 sources): ten signed limbs of alternately 26 and 25 bits,
    /// value = L0 + L1·2^26 + L2·2^51 + L3·2^77 + L4·2^102 + L5·2^128 + L6·2^153 + L7·2^179 + L8·2^204 + L9·2^230.
    /// Limbs are kept in <c>long</c> so a product term needs no conversion, and the interpreter on
    /// the device executes as few IL instructions as possible per multiplication (the hot path of
    /// every scalar multiplication).
    /// </summary>
    /// <remarks>
    /// Bounds (ref10): outputs of <see cref="Mul"/>, <see cref="Square"/> and <see cref="FromBytes"/>
    /// have |limb| ≤ 2^25 (even) / 2^24 (odd), roughly; a sum or difference of two such elements is a
    /// valid input of <see cref="Mul"/>/<see cref="Square"/> (ref10 allows 1.65·2^26), which is how
    /// the point formulas use them. Every operation allows its output to be one of its inputs.
    /// Nothing here branches on limb values, except <see cref="IsZero"/>/<see cref="IsNegative"/>
    /// through their callers.
    /// </remarks>
    internal sealed class FieldElement
    {
        internal long L0, L1, L2, L3, L4, L5, L6, L7, L8, L9;

        /// <summary>Zero.</summary>
        internal FieldElement()
        {
        }

        /// <summary>An element from its limbs (constants).</summary>
        internal FieldElement(long l0, long l1, long l2, long l3, long l4, long l5, long l6, long l7, long l8, long l9)
        {
            L0 = l0; L1 = l1; L2 = l2; L3 = l3; L4 = l4; L5 = l5; L6 = l6; L7 = l7; L8 = l8; L9 = l9;
        }

        /// <summary>h = 0.</summary>
        internal static void Zero(FieldElement h)
        {
            h.L0 = 0; h.L1 = 0; h.L2 = 0; h.L3 = 0; h.L4 = 0; h.L5 = 0; h.L6 = 0; h.L7 = 0; h.L8 = 0; h.L9 = 0;
        }

        /// <summary>h = 1.</summary>
        internal static void One(FieldElement h)
        {
            Zero(h);
            h.L0 = 1;
        }

        /// <summary>h = f.</summary>
        internal static void Copy(FieldElement h, FieldElement f)
        {
            h.L0 = f.L0; h.L1 = f.L1; h.L2 = f.L2; h.L3 = f.L3; h.L4 = f.L4;
            h.L5 = f.L5; h.L6 = f.L6; h.L7 = f.L7; h.L8 = f.L8; h.L9 = f.L9;
        }

        /// <summary>h = f + g (no carry).</summary>
        internal static void Add(FieldElement h, FieldElement f, FieldElement g)
        {
            h.L0 = f.L0 + g.L0; h.L1 = f.L1 + g.L1; h.L2 = f.L2 + g.L2; h.L3 = f.L3 + g.L3; h.L4 = f.L4 + g.L4;
            h.L5 = f.L5 + g.L5; h.L6 = f.L6 + g.L6; h.L7 = f.L7 + g.L7; h.L8 = f.L8 + g.L8; h.L9 = f.L9 + g.L9;
        }

        /// <summary>h = f - g (no carry; limbs are signed).</summary>
        internal static void Sub(FieldElement h, FieldElement f, FieldElement g)
        {
            h.L0 = f.L0 - g.L0; h.L1 = f.L1 - g.L1; h.L2 = f.L2 - g.L2; h.L3 = f.L3 - g.L3; h.L4 = f.L4 - g.L4;
            h.L5 = f.L5 - g.L5; h.L6 = f.L6 - g.L6; h.L7 = f.L7 - g.L7; h.L8 = f.L8 - g.L8; h.L9 = f.L9 - g.L9;
        }

        /// <summary>h = -f.</summary>
        internal static void Negate(FieldElement h, FieldElement f)
        {
            h.L0 = -f.L0; h.L1 = -f.L1; h.L2 = -f.L2; h.L3 = -f.L3; h.L4 = -f.L4;
            h.L5 = -f.L5; h.L6 = -f.L6; h.L7 = -f.L7; h.L8 = -f.L8; h.L9 = -f.L9;
        }

        /// <summary>f = g when <paramref name="flag"/> is 1, f unchanged when 0, without a branch (constant time).</summary>
        internal static void ConditionalMove(FieldElement f, FieldElement g, int flag)
        {
            long mask = -(long)flag;
            f.L0 ^= (f.L0 ^ g.L0) & mask; f.L1 ^= (f.L1 ^ g.L1) & mask; f.L2 ^= (f.L2 ^ g.L2) & mask;
            f.L3 ^= (f.L3 ^ g.L3) & mask; f.L4 ^= (f.L4 ^ g.L4) & mask; f.L5 ^= (f.L5 ^ g.L5) & mask;
            f.L6 ^= (f.L6 ^ g.L6) & mask; f.L7 ^= (f.L7 ^ g.L7) & mask; f.L8 ^= (f.L8 ^ g.L8) & mask;
            f.L9 ^= (f.L9 ^ g.L9) & mask;
        }

        /// <summary>
        /// h = f·g (ref10 fe_mul). Limb i of f times limb j of g lands in limb (i+j) mod 10; it is
        /// doubled when i and j are both odd (25.5-bit radix: 26+25 positions round down twice) and
        /// multiplied by 19 when i+j ≥ 10, because 2^255 ≡ 19 (mod p).
        /// </summary>
        internal static void Mul(FieldElement h, FieldElement f, FieldElement g)
        {
            long f0 = f.L0, f1 = f.L1, f2 = f.L2, f3 = f.L3, f4 = f.L4, f5 = f.L5, f6 = f.L6, f7 = f.L7, f8 = f.L8, f9 = f.L9;
            long g0 = g.L0, g1 = g.L1, g2 = g.L2, g3 = g.L3, g4 = g.L4, g5 = g.L5, g6 = g.L6, g7 = g.L7, g8 = g.L8, g9 = g.L9;
            long g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4, g5_19 = 19 * g5;
            long g6_19 = 19 * g6, g7_19 = 19 * g7, g8_19 = 19 * g8, g9_19 = 19 * g9;
            long f1_2 = 2 * f1, f3_2 = 2 * f3, f5_2 = 2 * f5, f7_2 = 2 * f7, f9_2 = 2 * f9;

            long h0 = f0 * g0 + f1_2 * g9_19 + f2 * g8_19 + f3_2 * g7_19 + f4 * g6_19 + f5_2 * g5_19 + f6 * g4_19 + f7_2 * g3_19 + f8 * g2_19 + f9_2 * g1_19;
            long h1 = f0 * g1 + f1 * g0 + f2 * g9_19 + f3 * g8_19 + f4 * g7_19 + f5 * g6_19 + f6 * g5_19 + f7 * g4_19 + f8 * g3_19 + f9 * g2_19;
            long h2 = f0 * g2 + f1_2 * g1 + f2 * g0 + f3_2 * g9_19 + f4 * g8_19 + f5_2 * g7_19 + f6 * g6_19 + f7_2 * g5_19 + f8 * g4_19 + f9_2 * g3_19;
            long h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9_19 + f5 * g8_19 + f6 * g7_19 + f7 * g6_19 + f8 * g5_19 + f9 * g4_19;
            long h4 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0 + f5_2 * g9_19 + f6 * g8_19 + f7_2 * g7_19 + f8 * g6_19 + f9_2 * g5_19;
            long h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1 + f5 * g0 + f6 * g9_19 + f7 * g8_19 + f8 * g7_19 + f9 * g6_19;
            long h6 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2 + f5_2 * g1 + f6 * g0 + f7_2 * g9_19 + f8 * g8_19 + f9_2 * g7_19;
            long h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
            long h8 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4 + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0 + f9_2 * g9_19;
            long h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;

            // Carry to |h_i| ≤ 2^25 (even) / 2^24 (odd), rounding to nearest (ref10 order, which
            // keeps every intermediate inside 64 bits). Inlined here and in Square: a call with
            // eleven arguments would cost the interpreter more than the duplicated lines.
            long c;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h1 + (1L << 24)) >> 25; h2 += c; h1 -= c << 25;
            c = (h5 + (1L << 24)) >> 25; h6 += c; h5 -= c << 25;
            c = (h2 + (1L << 25)) >> 26; h3 += c; h2 -= c << 26;
            c = (h6 + (1L << 25)) >> 26; h7 += c; h6 -= c << 26;
            c = (h3 + (1L << 24)) >> 25; h4 += c; h3 -= c << 25;
            c = (h7 + (1L << 24)) >> 25; h8 += c; h7 -= c << 25;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h8 + (1L << 25)) >> 26; h9 += c; h8 -= c << 26;
            c = (h9 + (1L << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;

            h.L0 = h0; h.L1 = h1; h.L2 = h2; h.L3 = h3; h.L4 = h4; h.L5 = h5; h.L6 = h6; h.L7 = h7; h.L8 = h8; h.L9 = h9;
        }

        /// <summary>h = f² (ref10 fe_sq): <see cref="Mul"/> with the symmetric products counted once and doubled.</summary>
        internal static void Square(FieldElement h, FieldElement f)
        {
            SquareTimes(h, f, 1);
        }

        /// <summary>h = 2·f² (ref10 fe_sq2, used by point doubling).</summary>
        internal static void SquareDouble(FieldElement h, FieldElement f)
        {
            SquareTimes(h, f, 2);
        }

        private static void SquareTimes(FieldElement h, FieldElement f, long factor)
        {
            long f0 = f.L0, f1 = f.L1, f2 = f.L2, f3 = f.L3, f4 = f.L4, f5 = f.L5, f6 = f.L6, f7 = f.L7, f8 = f.L8, f9 = f.L9;
            long f0_2 = 2 * f0, f1_2 = 2 * f1, f2_2 = 2 * f2, f3_2 = 2 * f3, f4_2 = 2 * f4;
            long f5_2 = 2 * f5, f6_2 = 2 * f6, f7_2 = 2 * f7, f8_2 = 2 * f8;
            long f5_38 = 38 * f5, f6_19 = 19 * f6, f7_38 = 38 * f7, f8_19 = 19 * f8, f9_38 = 38 * f9;
            long f7_19 = 19 * f7, f9_19 = 19 * f9;

            long h0 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5 * f5_38;
            long h1 = f0_2 * f1 + f2_2 * f9_19 + f3_2 * f8_19 + f4_2 * f7_19 + f5_2 * f6_19;
            long h2 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
            long h3 = f0_2 * f3 + f1_2 * f2 + f4_2 * f9_19 + f5_2 * f8_19 + f6_2 * f7_19;
            long h4 = f0_2 * f4 + f1_2 * f3_2 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7 * f7_38;
            long h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6_2 * f9_19 + f7_2 * f8_19;
            long h6 = f0_2 * f6 + f1_2 * f5_2 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
            long h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8_2 * f9_19;
            long h8 = f0_2 * f8 + f1_2 * f7_2 + f2_2 * f6 + f3_2 * f5_2 + f4 * f4 + f9 * f9_38;
            long h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;

            if (factor != 1)
            {
                h0 *= factor; h1 *= factor; h2 *= factor; h3 *= factor; h4 *= factor;
                h5 *= factor; h6 *= factor; h7 *= factor; h8 *= factor; h9 *= factor;
            }

            // The carry of Mul (see there).
            long c;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h1 + (1L << 24)) >> 25; h2 += c; h1 -= c << 25;
            c = (h5 + (1L << 24)) >> 25; h6 += c; h5 -= c << 25;
            c = (h2 + (1L << 25)) >> 26; h3 += c; h2 -= c << 26;
            c = (h6 + (1L << 25)) >> 26; h7 += c; h6 -= c << 26;
            c = (h3 + (1L << 24)) >> 25; h4 += c; h3 -= c << 25;
            c = (h7 + (1L << 24)) >> 25; h8 += c; h7 -= c << 25;
            c = (h4 + (1L << 25)) >> 26; h5 += c; h4 -= c << 26;
            c = (h8 + (1L << 25)) >> 26; h9 += c; h8 -= c << 26;
            c = (h9 + (1L << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
            c = (h0 + (1L << 25)) >> 26; h1 += c; h0 -= c << 26;

            h.L0 = h0; h.L1 = h1; h.L2 = h2; h.L3 = h3; h.L4 = h4; h.L5 = h5; h.L6 = h6; h.L7 = h7; h.L8 = h8; h.L9 = h9;
        }

        /// <summary>h = f^(2^n), n ≥ 1 squarings.</summary>
        internal static void SquareRepeatedly(FieldElement h, FieldElement f, int n)
        {
            SquareTimes(h, f, 1);
            for (int i = 1; i < n; i++)
            {
                SquareTimes(h, h, 1);
            }
        }

        /// <summary>h = 1/z = z^(p-2) (Fermat; ref10's addition chain: 254 squarings, 11 multiplications). 1/0 = 0.</summary>
        internal static void Invert(FieldElement h, FieldElement z)
        {
            FieldElement t0 = new FieldElement(), t1 = new FieldElement(), t2 = new FieldElement(), t3 = new FieldElement();
            Square(t0, z);                   // z^2
            SquareRepeatedly(t1, t0, 2);     // z^8
            Mul(t1, z, t1);                  // z^9
            Mul(t0, t0, t1);                 // z^11
            Square(t2, t0);                  // z^22
            Mul(t1, t1, t2);                 // z^31 = z^(2^5 - 1)
            SquareRepeatedly(t2, t1, 5);
            Mul(t1, t2, t1);                 // z^(2^10 - 1)
            SquareRepeatedly(t2, t1, 10);
            Mul(t2, t2, t1);                 // z^(2^20 - 1)
            SquareRepeatedly(t3, t2, 20);
            Mul(t2, t3, t2);                 // z^(2^40 - 1)
            SquareRepeatedly(t2, t2, 10);
            Mul(t1, t2, t1);                 // z^(2^50 - 1)
            SquareRepeatedly(t2, t1, 50);
            Mul(t2, t2, t1);                 // z^(2^100 - 1)
            SquareRepeatedly(t3, t2, 100);
            Mul(t2, t3, t2);                 // z^(2^200 - 1)
            SquareRepeatedly(t2, t2, 50);
            Mul(t1, t2, t1);                 // z^(2^250 - 1)
            SquareRepeatedly(t1, t1, 5);     // z^(2^255 - 2^5)
            Mul(h, t1, t0);                  // z^(2^255 - 21) = z^(p - 2)
        }

        /// <summary>h = z^((p-5)/8) = z^(2^252 - 3), the exponent of the square root in RFC 8032 §5.1.3 step 2.</summary>
        internal static void Pow22523(FieldElement h, FieldElement z)
        {
            FieldElement t0 = new FieldElement(), t1 = new FieldElement(), t2 = new FieldElement();
            Square(t0, z);                   // z^2
            SquareRepeatedly(t1, t0, 2);     // z^8
            Mul(t1, z, t1);                  // z^9
            Mul(t0, t0, t1);                 // z^11
            Square(t0, t0);                  // z^22
            Mul(t0, t1, t0);                 // z^(2^5 - 1)
            SquareRepeatedly(t1, t0, 5);
            Mul(t0, t1, t0);                 // z^(2^10 - 1)
            SquareRepeatedly(t1, t0, 10);
            Mul(t1, t1, t0);                 // z^(2^20 - 1)
            SquareRepeatedly(t2, t1, 20);
            Mul(t1, t2, t1);                 // z^(2^40 - 1)
            SquareRepeatedly(t1, t1, 10);
            Mul(t0, t1, t0);                 // z^(2^50 - 1)
            SquareRepeatedly(t1, t0, 50);
            Mul(t1, t1, t0);                 // z^(2^100 - 1)
            SquareRepeatedly(t2, t1, 100);
            Mul(t1, t2, t1);                 // z^(2^200 - 1)
            SquareRepeatedly(t1, t1, 50);
            Mul(t0, t1, t0);                 // z^(2^250 - 1)
            SquareRepeatedly(t0, t0, 2);     // z^(2^252 - 4)
            Mul(h, t0, z);                   // z^(2^252 - 3)
        }

        /// <summary>
        /// h = the little-endian 255-bit number at <paramref name="s"/>[offset..offset+32); bit 255 (the
        /// sign bit of a point encoding) is ignored. Values in [p, 2^255) are accepted unreduced
        /// (callers that need canonical input compare <see cref="ToBytes"/> with the input).
        /// </summary>
        internal static void FromBytes(FieldElement h, byte[] s, int offset)
        {
            long[] limbs = new long[10];
            for (int i = 0; i < 10; i++)
            {
                int position = LimbPosition(i);
                int width = LimbPosition(i + 1) - position;
                // At most 26 bits starting anywhere in a byte: five bytes hold them (fewer at the end).
                int first = position >> 3;
                long window = 0;
                for (int k = 4; k >= 0; k--)
                {
                    window <<= 8;
                    if (first + k < 32)
                    {
                        window |= s[offset + first + k];
                    }
                }

                limbs[i] = (window >> (position & 7)) & ((1L << width) - 1);
            }

            Carry(limbs);
            h.L0 = limbs[0]; h.L1 = limbs[1]; h.L2 = limbs[2]; h.L3 = limbs[3]; h.L4 = limbs[4];
            h.L5 = limbs[5]; h.L6 = limbs[6]; h.L7 = limbs[7]; h.L8 = limbs[8]; h.L9 = limbs[9];
        }

        /// <summary>The canonical 32-byte little-endian encoding of f, reduced into [0, p) (RFC 8032 §5.1.2).</summary>
        internal static void ToBytes(byte[] s, int offset, FieldElement f)
        {
            long[] h = new long[] { f.L0, f.L1, f.L2, f.L3, f.L4, f.L5, f.L6, f.L7, f.L8, f.L9 };
            Carry(h);

            // ref10 fe_tobytes: q = floor(h / p) ∈ {0, 1} for a carried h, found from the top carry;
            // h - q·p is then computed as h + 19q with the 2^255 carry dropped.
            long q = (19 * h[9] + (1L << 24)) >> 25;
            for (int i = 0; i < 10; i++)
            {
                q = (h[i] + q) >> (LimbPosition(i + 1) - LimbPosition(i));
            }

            h[0] += 19 * q;
            for (int i = 0; i < 10; i++)
            {
                int width = LimbPosition(i + 1) - LimbPosition(i);
                long carry = h[i] >> width;
                if (i < 9)
                {
                    h[i + 1] += carry;
                }

                h[i] -= carry << width;
            }

            // Pack the limbs (now 0 ≤ h_i < 2^width) into bytes.
            ulong accumulator = 0;
            int bits = 0;
            int o = offset;
            for (int i = 0; i < 10; i++)
            {
                accumulator |= (ulong)h[i] << bits;
                bits += LimbPosition(i + 1) - LimbPosition(i);
                while (bits >= 8)
                {
                    s[o++] = (byte)accumulator;
                    accumulator >>= 8;
                    bits -= 8;
                }
            }

            s[o] = (byte)accumulator; // the last 7 bits (255 = 31·8 + 7); bit 255 is 0
        }

        /// <summary>True when f ≡ 0 (mod p).</summary>
        internal static bool IsZero(FieldElement f)
        {
            byte[] s = new byte[32];
            ToBytes(s, 0, f);
            int any = 0;
            for (int i = 0; i < 32; i++)
            {
                any |= s[i];
            }

            return any == 0;
        }

        /// <summary>True when the canonical value of f is odd: the "negative" x of RFC 8032 §5.1.2.</summary>
        internal static bool IsNegative(FieldElement f)
        {
            byte[] s = new byte[32];
            ToBytes(s, 0, f);
            return (s[0] & 1) != 0;
        }

        /// <summary>Bit position of limb i: ceil(25.5·i), so 0, 26, 51, 77, …, 230, and 255 for i = 10.</summary>
        private static int LimbPosition(int i)
        {
            return (51 * i + 1) >> 1;
        }

        /// <summary>
        /// Carries ten limbs (any magnitude below 2^62) into ref10's bounds, in place: one sequential
        /// pass around the ring (limb 9 wraps into limb 0 times 19), then limbs 0 and 1 again to absorb
        /// the wrapped carry.
        /// </summary>
        private static void Carry(long[] l)
        {
            for (int step = 0; step < 12; step++)
            {
                int i = step % 10;
                int width = LimbPosition(i + 1) - LimbPosition(i);
                long c = (l[i] + (1L << (width - 1))) >> width;
                l[i] -= c << width;
                if (i == 9)
                {
                    l[0] += 19 * c;
                }
                else
                {
                    l[i + 1] += c;
                }
            }
        }
    }
}
