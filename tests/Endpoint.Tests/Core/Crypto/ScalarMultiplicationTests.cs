using System;
using System.Numerics;
using Endpoint.Core.Crypto;
using static Endpoint.Tests.Core.Crypto.Ed25519Reference;

namespace Endpoint.Tests.Core.Crypto;

/// <summary>
/// Point decoding/encoding and the scalar multiplications of edwards25519 (<see cref="ExtendedPoint"/>,
/// <see cref="ScalarMultiplication"/>) against the <see cref="BigInteger"/> transcription of RFC 8032 §6.
/// </summary>
public sealed class ScalarMultiplicationTests
{
    [Fact]
    public void BasePoint_EncodesAsRfc8032Says()
    {
        byte[] encoded = new byte[32];
        ScalarMultiplication.BasePoint().Encode(encoded, 0);

        Assert.Equal("5866666666666666666666666666666666666666666666666666666666666666", Convert.ToHexStringLower(encoded));
        Assert.Equal(Encode(Base), encoded);
    }

    [Fact]
    public void MultiplyBase_RandomAndEdgeScalars_MatchesReference()
    {
        var random = new Random(8032);
        BigInteger[] edges = { 0, 1, 2, 15, 16, L - 1, L, L + 1, BigInteger.Pow(2, 255) - 1, BigInteger.Pow(2, 254) };
        for (int n = 0; n < edges.Length + 40; n++)
        {
            byte[] a = new byte[32];
            if (n < edges.Length) a = ToLittleEndian(edges[n], 32);
            else random.NextBytes(a);
            a[31] &= 0x7F; // the documented domain: below 2^255

            var r = new ExtendedPoint();
            ScalarMultiplication.MultiplyBase(r, a);

            Assert.Equal(Convert.ToHexString(Encode(Multiply(FromLittleEndian(a), Base))), Convert.ToHexString(EncodeOf(r)));
        }
    }

    [Fact]
    public void MultiplyAndAddBaseVartime_RandomScalarsAndPoints_MatchesReference()
    {
        var random = new Random(5170);
        for (int n = 0; n < 40; n++)
        {
            byte[] a = RandomScalar(random, n), b = RandomScalar(random, n + 1);
            BigInteger[] pointA = Multiply(new BigInteger(random.NextInt64(1, long.MaxValue)) * 977, Base);
            var decodedA = new ExtendedPoint();
            Assert.True(decodedA.TryDecode(Encode(pointA), 0));

            var r = new ProjectivePoint();
            ScalarMultiplication.MultiplyAndAddBaseVartime(r, a, decodedA, b);

            BigInteger[] expected = Add(Multiply(FromLittleEndian(a), pointA), Multiply(FromLittleEndian(b), Base));
            byte[] encoded = new byte[32];
            r.Encode(encoded, 0);
            Assert.Equal(Convert.ToHexString(Encode(expected)), Convert.ToHexString(encoded));
        }
    }

    [Fact]
    public void MultiplyAndAddBaseVartime_OrderTimesBase_IsTheIdentity()
    {
        var a = new ExtendedPoint();
        Assert.True(a.TryDecode(Encode(Multiply(12345, Base)), 0));
        var r = new ProjectivePoint();
        ScalarMultiplication.MultiplyAndAddBaseVartime(r, ToLittleEndian(L, 32), a, ToLittleEndian(L, 32));
        byte[] encoded = new byte[32];
        r.Encode(encoded, 0);

        Assert.Equal("01" + new string('0', 62), Convert.ToHexStringLower(encoded));
    }

    [Fact]
    public void SlidingWindowDigits_AreOddSmallAndSumToTheScalar()
    {
        var random = new Random(5);
        for (int n = 0; n < 300; n++)
        {
            byte[] a = RandomScalar(random, n);
            int[] digits = ScalarMultiplication.SlidingWindowDigits(a);

            BigInteger sum = 0;
            for (int i = 255; i >= 0; i--)
            {
                int d = digits[i];
                Assert.True(d == 0 || (Math.Abs(d) % 2 == 1 && Math.Abs(d) <= 15), $"digit {d} at {i}");
                sum = 2 * sum + d;
            }

            Assert.Equal(FromLittleEndian(a), sum);
        }
    }

    [Fact]
    public void TryDecode_RandomEncodings_AgreesWithReference()
    {
        var random = new Random(853);
        int decoded = 0;
        for (int n = 0; n < 300; n++)
        {
            byte[] s = new byte[32];
            random.NextBytes(s);
            BigInteger[] expected = Decode(s);
            var p = new ExtendedPoint();

            Assert.Equal(expected != null, p.TryDecode(s, 0));
            if (expected != null)
            {
                decoded++;
                Assert.Equal(s, EncodeOf(p));
                Assert.Equal(Mod(expected[0] * expected[1]), Mod(FieldElementTests.Value(p.T) * Inverse(FieldElementTests.Value(p.Z))));
            }
        }

        Assert.InRange(decoded, 100, 200); // about half of the y have an x
    }

    [Fact]
    public void TryDecode_NonCanonicalY_IsRejected()
    {
        // y + p for y < 19 still fits in 255 bits; RFC 8032 §5.1.3 step 1 rejects it.
        for (int y = 0; y < 19; y++)
        {
            foreach (int sign in new[] { 0, 1 })
            {
                byte[] s = ToLittleEndian(P + y, 32);
                s[31] |= (byte)(sign << 7);

                Assert.False(new ExtendedPoint().TryDecode(s, 0), $"y = p + {y}, sign {sign}");
            }
        }
    }

    [Fact]
    public void TryDecode_NegativeZeroX_IsRejected()
    {
        // y = 1 and y = -1 have x = 0; with the sign bit set they are not encodings (§5.1.3 step 4).
        foreach (BigInteger y in new[] { BigInteger.One, P - 1 })
        {
            byte[] s = ToLittleEndian(y, 32);
            Assert.True(new ExtendedPoint().TryDecode(s, 0));
            s[31] |= 0x80;
            Assert.False(new ExtendedPoint().TryDecode(s, 0));
        }
    }

    [Fact]
    public void TryDecode_BothSquareRootBranches_AreTaken()
    {
        // x = candidate (v·x² = u) and x = candidate·sqrt(-1) (v·x² = -u) both occur for curve points.
        bool plain = false, timesSqrtMinusOne = false;
        for (int k = 1; k < 64 && !(plain && timesSqrtMinusOne); k++)
        {
            BigInteger[] point = Multiply(k, Base);
            BigInteger y = Mod(point[1] * Inverse(point[2]));
            BigInteger u = Mod(y * y - 1), v = Mod(D * y * y + 1);
            BigInteger candidate = Mod(u * BigInteger.ModPow(v, 3, P) * BigInteger.ModPow(Mod(u * BigInteger.ModPow(v, 7, P)), (P - 5) / 8, P));
            if (Mod(v * candidate * candidate - u).IsZero) plain = true;
            else timesSqrtMinusOne = true;

            byte[] encoding = Encode(point);
            var p = new ExtendedPoint();
            Assert.True(p.TryDecode(encoding, 0));
            Assert.Equal(encoding, EncodeOf(p));
        }

        Assert.True(plain && timesSqrtMinusOne);
    }

    private static byte[] EncodeOf(ProjectivePoint p)
    {
        byte[] s = new byte[32];
        p.Encode(s, 0);
        return s;
    }

    /// <summary>Random below 2^255, with some all-ones and sparse ones to exercise the window carries.</summary>
    private static byte[] RandomScalar(Random random, int n)
    {
        byte[] a = new byte[32];
        switch (n % 5)
        {
            case 0: Array.Fill(a, (byte)0xFF); break;
            case 1: a[random.Next(32)] = (byte)(1 << random.Next(8)); break;
            default: random.NextBytes(a); break;
        }

        a[31] &= 0x7F;
        return a;
    }
}
