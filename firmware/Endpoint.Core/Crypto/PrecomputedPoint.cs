namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// An affine point prepared for mixed addition: (y+x, y-x, 2d·x·y) with Z = 1 implied
    /// (ref10 <c>ge_precomp</c>). Tables of multiples of the base point are kept in this form.
    /// </summary>
    internal sealed class PrecomputedPoint
    {
        internal readonly FieldElement YPlusX = new FieldElement();
        internal readonly FieldElement YMinusX = new FieldElement();
        internal readonly FieldElement XY2d = new FieldElement();

        /// <summary>The neutral element: (1, 1, 0).</summary>
        internal void SetIdentity()
        {
            FieldElement.One(YPlusX);
            FieldElement.One(YMinusX);
            FieldElement.Zero(XY2d);
        }

        /// <summary>This = p when <paramref name="flag"/> is 1, unchanged when 0; constant time.</summary>
        internal void ConditionalMove(PrecomputedPoint p, int flag)
        {
            FieldElement.ConditionalMove(YPlusX, p.YPlusX, flag);
            FieldElement.ConditionalMove(YMinusX, p.YMinusX, flag);
            FieldElement.ConditionalMove(XY2d, p.XY2d, flag);
        }
    }
}
