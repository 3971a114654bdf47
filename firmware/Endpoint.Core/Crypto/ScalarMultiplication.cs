using System;

namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// Scalar multiplication on edwards25519: constant-time [a]B for key derivation and signing,
    /// and the variable-time double multiplication [a]A + [b]B that verification needs
    /// (both from ref10: <c>ge_scalarmult_base</c>, <c>ge_double_scalarmult_vartime</c>).
    /// </summary>
    /// <remarks>
    /// The base-point tables are computed on first use, not stored in the assembly: the device
    /// only verifies and needs 8 points (odd multiples B..15B, an estimated 3 KB), built with one field
    /// inversion; the 256-point radix-16 table of signing (an estimated 100 KB on nanoFramework) is only
    /// ever built where something signs, i.e. on the host.
    /// </remarks>
    internal static class ScalarMultiplication
    {
        private static readonly object TableLock = new object();
        private static PrecomputedPoint[] s_baseOddMultiples;
        private static PrecomputedPoint[] s_baseRadix16;

        /// <summary>The base point B = (x, 4/5), x positive (RFC 8032 §5.1), decoded from its encoding 0x58 0x66…0x66.</summary>
        internal static ExtendedPoint BasePoint()
        {
            byte[] encoding = new byte[32];
            encoding[0] = 0x58;
            for (int i = 1; i < 32; i++)
            {
                encoding[i] = 0x66;
            }

            ExtendedPoint b = new ExtendedPoint();
            b.TryDecode(encoding, 0);
            return b;
        }

        /// <summary>
        /// r = [a]B in constant time (no branch or table index depends on a), for a 32-byte
        /// little-endian scalar a with a[31] ≤ 127 (a clamped secret or a reduced scalar).
        /// Signed radix-16 digits e_i ∈ [-8, 8], a = Σ e_i·16^i; odd digits are added first, the sum
        /// multiplied by 16, then even digits added, each from the row of 256^(i/2)·B.
        /// </summary>
        internal static void MultiplyBase(ExtendedPoint r, byte[] a)
        {
            PrecomputedPoint[] table = BaseRadix16Table();
            int[] e = new int[64];
            for (int i = 0; i < 32; i++)
            {
                e[2 * i] = a[i] & 15;
                e[2 * i + 1] = (a[i] >> 4) & 15;
            }

            int carry = 0;
            for (int i = 0; i < 63; i++)
            {
                e[i] += carry;
                carry = (e[i] + 8) >> 4;
                e[i] -= carry << 4;
            }

            e[63] += carry;

            CompletedPoint sum = new CompletedPoint();
            ProjectivePoint doubled = new ProjectivePoint();
            PrecomputedPoint t = new PrecomputedPoint();
            PrecomputedPoint minusT = new PrecomputedPoint();
            r.SetIdentity();
            for (int i = 1; i < 64; i += 2)
            {
                Select(t, minusT, table, i / 2, e[i]);
                Edwards25519.MixedAdd(sum, r, t);
                sum.ToExtended(r);
            }

            Edwards25519.Double(sum, r);
            sum.ToProjective(doubled);
            Edwards25519.Double(sum, doubled);
            sum.ToProjective(doubled);
            Edwards25519.Double(sum, doubled);
            sum.ToProjective(doubled);
            Edwards25519.Double(sum, doubled);
            sum.ToExtended(r);

            for (int i = 0; i < 64; i += 2)
            {
                Select(t, minusT, table, i / 2, e[i]);
                Edwards25519.MixedAdd(sum, r, t);
                sum.ToExtended(r);
            }

            Array.Clear(e, 0, e.Length); // the digits are the (secret) scalar
        }

        /// <summary>
        /// r = [a]A + [b]B, variable time (all inputs of a verification are public), for 32-byte
        /// little-endian scalars below 2^255. Both scalars in width-5 sliding windows (odd digits
        /// up to ±15) over one shared chain of 256 doublings.
        /// </summary>
        internal static void MultiplyAndAddBaseVartime(ProjectivePoint r, byte[] a, ExtendedPoint pointA, byte[] b)
        {
            PrecomputedPoint[] baseMultiples = BaseOddMultiples();
            int[] aDigits = SlidingWindowDigits(a);
            int[] bDigits = SlidingWindowDigits(b);

            // A, 3A, 5A, …, 15A.
            CachedPoint[] aMultiples = new CachedPoint[8];
            CompletedPoint sum = new CompletedPoint();
            ExtendedPoint u = new ExtendedPoint();
            ExtendedPoint twoA = new ExtendedPoint();
            aMultiples[0] = new CachedPoint();
            aMultiples[0].SetFrom(pointA);
            Edwards25519.Double(sum, pointA);
            sum.ToExtended(twoA);
            for (int i = 0; i < 7; i++)
            {
                Edwards25519.Add(sum, twoA, aMultiples[i]);
                sum.ToExtended(u);
                aMultiples[i + 1] = new CachedPoint();
                aMultiples[i + 1].SetFrom(u);
            }

            r.SetIdentity();
            int top = 255;
            while (top >= 0 && aDigits[top] == 0 && bDigits[top] == 0)
            {
                top--;
            }

            for (int i = top; i >= 0; i--)
            {
                Edwards25519.Double(sum, r);
                int da = aDigits[i];
                int db = bDigits[i];
                if (da > 0)
                {
                    sum.ToExtended(u);
                    Edwards25519.Add(sum, u, aMultiples[da >> 1]);
                }
                else if (da < 0)
                {
                    sum.ToExtended(u);
                    Edwards25519.Subtract(sum, u, aMultiples[(-da) >> 1]);
                }

                if (db > 0)
                {
                    sum.ToExtended(u);
                    Edwards25519.MixedAdd(sum, u, baseMultiples[db >> 1]);
                }
                else if (db < 0)
                {
                    sum.ToExtended(u);
                    Edwards25519.MixedSubtract(sum, u, baseMultiples[(-db) >> 1]);
                }

                sum.ToProjective(r);
            }
        }

        /// <summary>
        /// The width-5 signed sliding-window form of a 256-bit scalar (ref10 <c>slide</c>): digits
        /// r_i ∈ {0, ±1, ±3, …, ±15}, Σ r_i·2^i = a, and any nonzero digit followed by at least four zeros.
        /// </summary>
        internal static int[] SlidingWindowDigits(byte[] a)
        {
            int[] r = new int[256];
            for (int i = 0; i < 256; i++)
            {
                r[i] = 1 & (a[i >> 3] >> (i & 7));
            }

            for (int i = 0; i < 256; i++)
            {
                if (r[i] == 0)
                {
                    continue;
                }

                for (int b = 1; b <= 6 && i + b < 256; b++)
                {
                    if (r[i + b] == 0)
                    {
                        continue;
                    }

                    if (r[i] + (r[i + b] << b) <= 15)
                    {
                        r[i] += r[i + b] << b;
                        r[i + b] = 0;
                    }
                    else if (r[i] - (r[i + b] << b) >= -15)
                    {
                        r[i] -= r[i + b] << b;
                        for (int k = i + b; k < 256; k++)
                        {
                            if (r[k] == 0)
                            {
                                r[k] = 1;
                                break;
                            }

                            r[k] = 0;
                        }
                    }
                    else
                    {
                        break;
                    }
                }
            }

            return r;
        }

        /// <summary>
        /// t = [digit]·table[row] for digit ∈ [-8, 8] in constant time: every entry of the row is
        /// read, the wanted one kept by mask, and the negation -(x, y) = (y-x, y+x, -2dxy) chosen by mask.
        /// </summary>
        private static void Select(PrecomputedPoint t, PrecomputedPoint minusT, PrecomputedPoint[] table, int row, int digit)
        {
            int negative = (int)((uint)digit >> 31);
            int magnitude = digit - ((-negative & digit) << 1);
            t.SetIdentity();
            for (int j = 0; j < 8; j++)
            {
                t.ConditionalMove(table[row * 8 + j], Equal(magnitude, j + 1));
            }

            FieldElement.Copy(minusT.YPlusX, t.YMinusX);
            FieldElement.Copy(minusT.YMinusX, t.YPlusX);
            FieldElement.Negate(minusT.XY2d, t.XY2d);
            t.ConditionalMove(minusT, negative);
        }

        /// <summary>1 when a = b, else 0, without a branch (a, b in [0, 255]).</summary>
        private static int Equal(int a, int b)
        {
            uint x = (uint)(a ^ b);
            x -= 1;
            return (int)(x >> 31);
        }

        /// <summary>B, 3B, 5B, …, 15B in affine form, built once.</summary>
        private static PrecomputedPoint[] BaseOddMultiples()
        {
            lock (TableLock)
            {
                if (s_baseOddMultiples == null)
                {
                    ExtendedPoint b = BasePoint();
                    CompletedPoint sum = new CompletedPoint();
                    ExtendedPoint twoB = new ExtendedPoint();
                    Edwards25519.Double(sum, b);
                    sum.ToExtended(twoB);
                    CachedPoint twoBCached = new CachedPoint();
                    twoBCached.SetFrom(twoB);

                    ExtendedPoint[] multiples = new ExtendedPoint[8];
                    multiples[0] = b;
                    for (int i = 1; i < 8; i++)
                    {
                        Edwards25519.Add(sum, multiples[i - 1], twoBCached);
                        multiples[i] = new ExtendedPoint();
                        sum.ToExtended(multiples[i]);
                    }

                    s_baseOddMultiples = Edwards25519.ToPrecomputed(multiples);
                }

                return s_baseOddMultiples;
            }
        }

        /// <summary>Row i, column j: (j+1)·256^i·B, for i &lt; 32, j &lt; 8, in affine form, built once.</summary>
        private static PrecomputedPoint[] BaseRadix16Table()
        {
            lock (TableLock)
            {
                if (s_baseRadix16 == null)
                {
                    ExtendedPoint rowBase = BasePoint(); // 256^i·B
                    CompletedPoint sum = new CompletedPoint();
                    CachedPoint rowBaseCached = new CachedPoint();
                    ExtendedPoint[] points = new ExtendedPoint[256];
                    for (int i = 0; i < 32; i++)
                    {
                        rowBaseCached.SetFrom(rowBase);
                        points[i * 8] = new ExtendedPoint();
                        points[i * 8].CopyFrom(rowBase);
                        for (int j = 1; j < 8; j++)
                        {
                            Edwards25519.Add(sum, points[i * 8 + j - 1], rowBaseCached);
                            points[i * 8 + j] = new ExtendedPoint();
                            sum.ToExtended(points[i * 8 + j]);
                        }

                        for (int k = 0; k < 8; k++)
                        {
                            Edwards25519.Double(sum, rowBase);
                            sum.ToExtended(rowBase);
                        }
                    }

                    s_baseRadix16 = Edwards25519.ToPrecomputed(points);
                }

                return s_baseRadix16;
            }
        }
    }
}
