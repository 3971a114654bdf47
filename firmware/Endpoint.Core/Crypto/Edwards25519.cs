namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// The group law of edwards25519, -x² + y² = 1 + d·x²·y² over GF(2^255 - 19) (RFC 8032 §5.1),
    /// in the ref10 formulas (RFC 8032 §5.1.4 gives the same ones: "add-2008-hwcd-3" for a = -1,
    /// complete, so they also double; "dbl-2008-hwcd" for doubling).
    /// </summary>
    internal static class Edwards25519
    {
        /// <summary>d = -121665/121666 (RFC 8032 §5.1).</summary>
        internal static readonly FieldElement D = new FieldElement(
            -10913610, 13857413, -15372611, 6949391, 114729, -8787816, -6275908, -3247719, -18696448, -12055116);

        /// <summary>2·d.</summary>
        internal static readonly FieldElement D2 = new FieldElement(
            -21827239, -5839606, -30745221, 13898782, 229458, 15978800, -12551817, -6495438, 29715968, 9444199);

        /// <summary>sqrt(-1) = 2^((p-1)/4) (RFC 8032 §5.1.3 step 3).</summary>
        internal static readonly FieldElement SqrtMinusOne = new FieldElement(
            -32595792, -7943725, 9377950, 3500415, 12389472, -272473, -25146209, -2005654, 326686, 11406482);

        /// <summary>r = 2p (ref10 <c>ge_p2_dbl</c>): 4 squarings, then 3 or 4 multiplications in the conversion.</summary>
        internal static void Double(CompletedPoint r, ProjectivePoint p)
        {
            FieldElement t0 = r.Scratch;
            FieldElement.Square(r.X, p.X);
            FieldElement.Square(r.Z, p.Y);
            FieldElement.SquareDouble(r.T, p.Z);
            FieldElement.Add(r.Y, p.X, p.Y);
            FieldElement.Square(t0, r.Y);
            FieldElement.Add(r.Y, r.Z, r.X);
            FieldElement.Sub(r.Z, r.Z, r.X);
            FieldElement.Sub(r.X, t0, r.Y);
            FieldElement.Sub(r.T, r.T, r.Z);
        }

        /// <summary>r = p + q (ref10 <c>ge_add</c>): 4 multiplications.</summary>
        internal static void Add(CompletedPoint r, ExtendedPoint p, CachedPoint q)
        {
            AddOrSubtract(r, p, q.YPlusX, q.YMinusX, q.Z, q.T2d, false);
        }

        /// <summary>r = p - q (ref10 <c>ge_sub</c>): adds -q = (Y-X, Y+X, Z, -2dT).</summary>
        internal static void Subtract(CompletedPoint r, ExtendedPoint p, CachedPoint q)
        {
            AddOrSubtract(r, p, q.YMinusX, q.YPlusX, q.Z, q.T2d, true);
        }

        /// <summary>r = p + q for an affine q (ref10 <c>ge_madd</c>): 3 multiplications.</summary>
        internal static void MixedAdd(CompletedPoint r, ExtendedPoint p, PrecomputedPoint q)
        {
            MixedAddOrSubtract(r, p, q.YPlusX, q.YMinusX, q.XY2d, false);
        }

        /// <summary>r = p - q for an affine q (ref10 <c>ge_msub</c>).</summary>
        internal static void MixedSubtract(CompletedPoint r, ExtendedPoint p, PrecomputedPoint q)
        {
            MixedAddOrSubtract(r, p, q.YMinusX, q.YPlusX, q.XY2d, true);
        }

        private static void AddOrSubtract(CompletedPoint r, ExtendedPoint p, FieldElement qYPlusX, FieldElement qYMinusX, FieldElement qZ, FieldElement qT2d, bool subtract)
        {
            FieldElement t0 = r.Scratch;
            FieldElement.Add(r.X, p.Y, p.X);
            FieldElement.Sub(r.Y, p.Y, p.X);
            FieldElement.Mul(r.Z, r.X, qYPlusX);
            FieldElement.Mul(r.Y, r.Y, qYMinusX);
            FieldElement.Mul(r.T, qT2d, p.T);
            FieldElement.Mul(r.X, p.Z, qZ);
            FieldElement.Add(t0, r.X, r.X);
            Finish(r, t0, subtract);
        }

        private static void MixedAddOrSubtract(CompletedPoint r, ExtendedPoint p, FieldElement qYPlusX, FieldElement qYMinusX, FieldElement qXY2d, bool subtract)
        {
            FieldElement t0 = r.Scratch;
            FieldElement.Add(r.X, p.Y, p.X);
            FieldElement.Sub(r.Y, p.Y, p.X);
            FieldElement.Mul(r.Z, r.X, qYPlusX);
            FieldElement.Mul(r.Y, r.Y, qYMinusX);
            FieldElement.Mul(r.T, qXY2d, p.T);
            FieldElement.Add(t0, p.Z, p.Z);
            Finish(r, t0, subtract);
        }

        /// <summary>The common tail of ge_add/ge_madd; subtraction negates 2dT, which swaps the last two sums.</summary>
        private static void Finish(CompletedPoint r, FieldElement t0, bool subtract)
        {
            FieldElement.Sub(r.X, r.Z, r.Y);
            FieldElement.Add(r.Y, r.Z, r.Y);
            if (subtract)
            {
                FieldElement.Sub(r.Z, t0, r.T);
                FieldElement.Add(r.T, t0, r.T);
            }
            else
            {
                FieldElement.Add(r.Z, t0, r.T);
                FieldElement.Sub(r.T, t0, r.T);
            }
        }

        /// <summary>
        /// The affine forms of <paramref name="points"/> with one field inversion for all of them
        /// (Montgomery's trick: invert the product of the Z, then peel each 1/Z off with two
        /// multiplications). Used to build the base-point tables.
        /// </summary>
        internal static PrecomputedPoint[] ToPrecomputed(ExtendedPoint[] points)
        {
            int n = points.Length;
            FieldElement[] prefix = new FieldElement[n];
            for (int i = 0; i < n; i++)
            {
                prefix[i] = new FieldElement();
                if (i == 0)
                {
                    FieldElement.Copy(prefix[0], points[0].Z);
                }
                else
                {
                    FieldElement.Mul(prefix[i], prefix[i - 1], points[i].Z);
                }
            }

            FieldElement inverse = new FieldElement();
            FieldElement.Invert(inverse, prefix[n - 1]); // 1/(Z_0···Z_{n-1})

            PrecomputedPoint[] result = new PrecomputedPoint[n];
            FieldElement zInverse = new FieldElement();
            FieldElement x = new FieldElement();
            FieldElement y = new FieldElement();
            for (int i = n - 1; i >= 0; i--)
            {
                if (i > 0)
                {
                    FieldElement.Mul(zInverse, inverse, prefix[i - 1]);   // 1/Z_i
                    FieldElement.Mul(inverse, inverse, points[i].Z);      // 1/(Z_0···Z_{i-1})
                }
                else
                {
                    FieldElement.Copy(zInverse, inverse);
                }

                FieldElement.Mul(x, points[i].X, zInverse);
                FieldElement.Mul(y, points[i].Y, zInverse);
                PrecomputedPoint q = new PrecomputedPoint();
                FieldElement.Add(q.YPlusX, y, x);
                FieldElement.Sub(q.YMinusX, y, x);
                FieldElement.Mul(q.XY2d, x, y);
                FieldElement.Mul(q.XY2d, q.XY2d, D2);
                result[i] = q;
            }

            return result;
        }
    }
}
