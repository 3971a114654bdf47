using System;
using System.Numerics;
using Endpoint.Core.Crypto;
using static Endpoint.Tests.Core.Crypto.Ed25519Reference;

namespace Endpoint.Tests.Core.Crypto;

/// <summary><see cref="FieldElement"/> (GF(2^255 - 19), ref10 limbs) against <see cref="BigInteger"/>.</summary>
public sealed class FieldElementTests
{
    private static readonly int[] LimbPositions = { 0, 26, 51, 77, 102, 128, 153, 179, 204, 230 };

    [Fact]
    public void ToBytes_EdgeValues_AreReducedCanonically()
    {
        BigInteger twoTo255 = BigInteger.Pow(2, 255);
        foreach (BigInteger value in new[] { BigInteger.Zero, BigInteger.One, P - 1, P, P + 1, P + 18, twoTo255 - 1 })
        {
            FieldElement f = FromValue(value);
            byte[] encoded = new byte[32];
            FieldElement.ToBytes(encoded, 0, f);

            Assert.Equal(ToLittleEndian(Mod(value), 32), encoded);
        }
    }

    [Fact]
    public void FromBytes_IgnoresBit255()
    {
        byte[] s = ToLittleEndian(12345, 32);
        s[31] |= 0x80;
        var f = new FieldElement();
        FieldElement.FromBytes(f, s, 0);

        Assert.Equal(new BigInteger(12345), Value(f));
    }

    [Fact]
    public void Arithmetic_RandomElements_MatchesBigInteger()
    {
        var random = new Random(25519);
        for (int n = 0; n < 2000; n++)
        {
            BigInteger a = RandomBelow2To255(random), b = RandomBelow2To255(random);
            FieldElement fa = FromValue(a), fb = FromValue(b), h = new FieldElement();

            FieldElement.Mul(h, fa, fb);
            Assert.Equal(Mod(a * b), Value(h));
            FieldElement.Square(h, fa);
            Assert.Equal(Mod(a * a), Value(h));
            FieldElement.SquareDouble(h, fa);
            Assert.Equal(Mod(2 * a * a), Value(h));
            FieldElement.Add(h, fa, fb);
            Assert.Equal(Mod(a + b), Value(h));
            FieldElement.Sub(h, fa, fb);
            Assert.Equal(Mod(a - b), Value(h));
            FieldElement.Negate(h, fa);
            Assert.Equal(Mod(-a), Value(h));
        }
    }

    [Fact]
    public void Mul_OutputAliasingAnInput_IsCorrect()
    {
        BigInteger a = P - 5, b = P / 3;
        FieldElement fa = FromValue(a), fb = FromValue(b);
        FieldElement.Mul(fa, fa, fb);
        Assert.Equal(Mod(a * b), Value(fa));

        FieldElement fc = FromValue(b);
        FieldElement.Mul(fc, fc, fc);
        Assert.Equal(Mod(b * b), Value(fc));
    }

    /// <summary>
    /// The point formulas feed Mul/Square with sums and differences of up to three carried elements;
    /// every limb at the extreme of four times its carried bound must still come out exact (64-bit headroom).
    /// </summary>
    [Fact]
    public void MulAndSquare_LimbsAtFourTimesTheCarriedBound_DoNotOverflow()
    {
        var random = new Random(4);
        for (int n = 0; n < 500; n++)
        {
            FieldElement f = ExtremeElement(random), g = ExtremeElement(random), h = new FieldElement();
            BigInteger vf = Value(f), vg = Value(g);

            FieldElement.Mul(h, f, g);
            Assert.Equal(Mod(vf * vg), Value(h));
            FieldElement.Square(h, f);
            Assert.Equal(Mod(vf * vf), Value(h));
            FieldElement.SquareDouble(h, g);
            Assert.Equal(Mod(2 * vg * vg), Value(h));
            byte[] encoded = new byte[32];
            FieldElement.ToBytes(encoded, 0, f);
            Assert.Equal(ToLittleEndian(vf, 32), encoded);
        }
    }

    [Fact]
    public void Invert_RandomElements_GivesTheInverse()
    {
        var random = new Random(2);
        for (int n = 0; n < 50; n++)
        {
            BigInteger a = Mod(RandomBelow2To255(random));
            var h = new FieldElement();
            FieldElement.Invert(h, FromValue(a));

            Assert.Equal(a.IsZero ? BigInteger.Zero : BigInteger.ModPow(a, P - 2, P), Value(h));
        }

        var zero = new FieldElement();
        FieldElement.Invert(zero, new FieldElement());
        Assert.Equal(BigInteger.Zero, Value(zero));
    }

    [Fact]
    public void Pow22523_RandomElements_MatchesModPow()
    {
        var random = new Random(3);
        for (int n = 0; n < 50; n++)
        {
            BigInteger a = Mod(RandomBelow2To255(random));
            var h = new FieldElement();
            FieldElement.Pow22523(h, FromValue(a));

            Assert.Equal(BigInteger.ModPow(a, (P - 5) / 8, P), Value(h));
        }
    }

    [Fact]
    public void Constants_MatchTheirDefinitions()
    {
        Assert.Equal(Mod(-121665 * Inverse(121666)), Value(Edwards25519.D));
        Assert.Equal(Mod(2 * D), Value(Edwards25519.D2));
        Assert.Equal(BigInteger.ModPow(2, (P - 1) / 4, P), Value(Edwards25519.SqrtMinusOne));
        Assert.Equal(P - 1, Mod(Value(Edwards25519.SqrtMinusOne) * Value(Edwards25519.SqrtMinusOne)));
    }

    [Fact]
    public void IsZeroAndIsNegative_UseTheCanonicalValue()
    {
        Assert.True(FieldElement.IsZero(FromValue(0)));
        Assert.True(FieldElement.IsZero(FromValue(P)));
        Assert.False(FieldElement.IsZero(FromValue(1)));
        Assert.True(FieldElement.IsNegative(FromValue(P + 1)));   // ≡ 1, odd
        Assert.False(FieldElement.IsNegative(FromValue(P - 1)));  // even
        Assert.True(FieldElement.IsNegative(FromValue(P - 2)));
        var minusOne = new FieldElement();
        FieldElement.Negate(minusOne, FromValue(1));
        Assert.False(FieldElement.IsNegative(minusOne));           // p - 1 is even
    }

    [Fact]
    public void ConditionalMove_FollowsTheFlag()
    {
        FieldElement f = FromValue(7), g = FromValue(P - 9);
        FieldElement.ConditionalMove(f, g, 0);
        Assert.Equal(new BigInteger(7), Value(f));
        FieldElement.ConditionalMove(f, g, 1);
        Assert.Equal(P - 9, Value(f));
    }

    /// <summary>The value of the (signed) limbs, reduced mod p.</summary>
    internal static BigInteger Value(FieldElement f)
    {
        long[] limbs = { f.L0, f.L1, f.L2, f.L3, f.L4, f.L5, f.L6, f.L7, f.L8, f.L9 };
        BigInteger sum = 0;
        for (int i = 0; i < 10; i++)
        {
            sum += new BigInteger(limbs[i]) << LimbPositions[i];
        }

        return Mod(sum);
    }

    internal static FieldElement FromValue(BigInteger value)
    {
        var f = new FieldElement();
        FieldElement.FromBytes(f, ToLittleEndian(value, 32), 0);
        return f;
    }

    private static BigInteger RandomBelow2To255(Random random)
    {
        byte[] bytes = new byte[32];
        random.NextBytes(bytes);
        bytes[31] &= 0x7F;
        return FromLittleEndian(bytes);
    }

    /// <summary>Limbs of ±k·2^25 (even) / ±k·2^24 (odd), k ∈ {1..4}, random signs: the worst inputs the formulas produce.</summary>
    private static FieldElement ExtremeElement(Random random)
    {
        long[] l = new long[10];
        for (int i = 0; i < 10; i++)
        {
            long bound = (i % 2 == 0 ? 1L << 25 : 1L << 24) * random.Next(1, 5);
            l[i] = random.Next(2) == 0 ? bound : -bound;
        }

        return new FieldElement(l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7], l[8], l[9]);
    }
}
