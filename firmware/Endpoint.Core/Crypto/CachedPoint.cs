namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// A point prepared as the second operand of an addition: (Y+X, Y-X, Z, 2d·T) (ref10 <c>ge_cached</c>),
    /// used for the runtime table of multiples of the public key in verification.
    /// </summary>
    internal sealed class CachedPoint
    {
        internal readonly FieldElement YPlusX = new FieldElement();
        internal readonly FieldElement YMinusX = new FieldElement();
        internal readonly FieldElement Z = new FieldElement();
        internal readonly FieldElement T2d = new FieldElement();

        /// <summary>This = p, prepared.</summary>
        internal void SetFrom(ExtendedPoint p)
        {
            FieldElement.Add(YPlusX, p.Y, p.X);
            FieldElement.Sub(YMinusX, p.Y, p.X);
            FieldElement.Copy(Z, p.Z);
            FieldElement.Mul(T2d, p.T, Edwards25519.D2);
        }
    }
}
