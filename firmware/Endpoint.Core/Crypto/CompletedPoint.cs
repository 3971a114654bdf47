namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// The result of an addition or doubling before its final multiplications: ((X:Z), (Y:T)) with
    /// x = X/Z, y = Y/T (ref10 <c>ge_p1p1</c>). Converting to <see cref="ProjectivePoint"/> costs 3
    /// multiplications, to <see cref="ExtendedPoint"/> 4, so each step pays only for what the next needs.
    /// </summary>
    internal sealed class CompletedPoint
    {
        internal readonly FieldElement X = new FieldElement();
        internal readonly FieldElement Y = new FieldElement();
        internal readonly FieldElement Z = new FieldElement();
        internal readonly FieldElement T = new FieldElement();

        /// <summary>Scratch for the group operations that write this point, so they allocate nothing.</summary>
        internal readonly FieldElement Scratch = new FieldElement();

        /// <summary>r = this as (X·T : Y·Z : Z·T).</summary>
        internal void ToProjective(ProjectivePoint r)
        {
            FieldElement.Mul(r.X, X, T);
            FieldElement.Mul(r.Y, Y, Z);
            FieldElement.Mul(r.Z, Z, T);
        }

        /// <summary>r = this as (X·T : Y·Z : Z·T : X·Y).</summary>
        internal void ToExtended(ExtendedPoint r)
        {
            FieldElement.Mul(r.X, X, T);
            FieldElement.Mul(r.Y, Y, Z);
            FieldElement.Mul(r.Z, Z, T);
            FieldElement.Mul(r.T, X, Y);
        }
    }
}
