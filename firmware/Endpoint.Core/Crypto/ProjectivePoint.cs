namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// A point of edwards25519 in projective coordinates (X:Y:Z), x = X/Z, y = Y/Z (ref10 <c>ge_p2</c>,
    /// RFC 8032 §5.1.4). Enough for doubling, which is why the double-and-add loops keep their
    /// accumulator in this form between steps.
    /// </summary>
    internal class ProjectivePoint
    {
        internal readonly FieldElement X = new FieldElement();
        internal readonly FieldElement Y = new FieldElement();
        internal readonly FieldElement Z = new FieldElement();

        /// <summary>The neutral element (0, 1).</summary>
        internal virtual void SetIdentity()
        {
            FieldElement.Zero(X);
            FieldElement.One(Y);
            FieldElement.One(Z);
        }

        /// <summary>
        /// Writes the 32-byte encoding of RFC 8032 §5.1.2: y little-endian, and the low bit of x in
        /// bit 255. Costs one field inversion.
        /// </summary>
        internal void Encode(byte[] output, int offset)
        {
            FieldElement recip = new FieldElement();
            FieldElement x = new FieldElement();
            FieldElement y = new FieldElement();
            FieldElement.Invert(recip, Z);
            FieldElement.Mul(x, X, recip);
            FieldElement.Mul(y, Y, recip);
            FieldElement.ToBytes(output, offset, y);
            if (FieldElement.IsNegative(x))
            {
                output[offset + 31] |= 0x80;
            }
        }
    }
}
