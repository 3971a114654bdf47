namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// A point of edwards25519 in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, x·y = T/Z
    /// (Hisil, Wong, Carter, Dawson, "Twisted Edwards curves revisited", 2008; RFC 8032 §5.1.4;
    /// ref10 <c>ge_p3</c>): the form additions start from.
    /// </summary>
    internal sealed class ExtendedPoint : ProjectivePoint
    {
        internal readonly FieldElement T = new FieldElement();

        /// <summary>The neutral element (0, 1).</summary>
        internal override void SetIdentity()
        {
            base.SetIdentity();
            FieldElement.Zero(T);
        }

        /// <summary>This = p.</summary>
        internal void CopyFrom(ExtendedPoint p)
        {
            FieldElement.Copy(X, p.X);
            FieldElement.Copy(Y, p.Y);
            FieldElement.Copy(Z, p.Z);
            FieldElement.Copy(T, p.T);
        }

        /// <summary>This = -this: (x, y) → (-x, y).</summary>
        internal void Negate()
        {
            FieldElement.Negate(X, X);
            FieldElement.Negate(T, T);
        }

        /// <summary>
        /// Decodes a 32-byte point encoding strictly as RFC 8032 §5.1.3 says: false (and this point
        /// unspecified) when y is not below p, when x² = (y² - 1)/(d·y² + 1) has no root, or when
        /// x = 0 with the sign bit set. Variable time (encodings are public).
        /// </summary>
        internal bool TryDecode(byte[] s, int offset)
        {
            // Step 1: y, and reject non-canonical y (≥ p) by re-encoding it.
            FieldElement.FromBytes(Y, s, offset);
            byte[] canonical = new byte[32];
            FieldElement.ToBytes(canonical, 0, Y);
            for (int i = 0; i < 31; i++)
            {
                if (canonical[i] != s[offset + i])
                {
                    return false;
                }
            }

            if (canonical[31] != (s[offset + 31] & 0x7F))
            {
                return false;
            }

            int sign = s[offset + 31] >> 7;
            FieldElement.One(Z);

            // Step 2: u = y² - 1, v = d·y² + 1, candidate x = u·v³·(u·v⁷)^((p-5)/8).
            FieldElement u = new FieldElement();
            FieldElement v = new FieldElement();
            FieldElement v3 = new FieldElement();
            FieldElement check = new FieldElement();
            FieldElement.Square(u, Y);
            FieldElement.Mul(v, u, Edwards25519.D);
            FieldElement.Sub(u, u, Z);
            FieldElement.Add(v, v, Z);
            FieldElement.Square(v3, v);
            FieldElement.Mul(v3, v3, v);            // v³
            FieldElement.Square(X, v3);
            FieldElement.Mul(X, X, v);
            FieldElement.Mul(X, X, u);              // u·v⁷
            FieldElement.Pow22523(X, X);
            FieldElement.Mul(X, X, v3);
            FieldElement.Mul(X, X, u);              // u·v³·(u·v⁷)^((p-5)/8)

            // Step 3: v·x² = u → x; v·x² = -u → x·sqrt(-1); otherwise no square root.
            FieldElement.Square(check, X);
            FieldElement.Mul(check, check, v);
            FieldElement.Sub(check, check, u);
            if (!FieldElement.IsZero(check))
            {
                FieldElement.Add(check, check, u);
                FieldElement.Add(check, check, u);  // v·x² + u
                if (!FieldElement.IsZero(check))
                {
                    return false;
                }

                FieldElement.Mul(X, X, Edwards25519.SqrtMinusOne);
            }

            // Step 4: pick the root whose low bit is the sign bit; -0 is not an encoding.
            if (sign == 1 && FieldElement.IsZero(X))
            {
                return false;
            }

            if (FieldElement.IsNegative(X) != (sign == 1))
            {
                FieldElement.Negate(X, X);
            }

            FieldElement.Mul(T, X, Y);
            return true;
        }
    }
}
