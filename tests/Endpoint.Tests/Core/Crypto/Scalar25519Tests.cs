using System;
using System.Numerics;
using Endpoint.Core.Crypto;
using static Endpoint.Tests.Core.Crypto.Ed25519Reference;

namespace Endpoint.Tests.Core.Crypto;

/// <summary><see cref="Scalar25519"/> (arithmetic mod the group order L) against <see cref="BigInteger"/>.</summary>
public sealed class Scalar25519Tests
{
    [Fact]
    public void Reduce_RandomAndExtreme64ByteValues_MatchesBigInteger()
    {
        var random = new Random(64);
        for (int n = 0; n < 1000; n++)
        {
            byte[] s = new byte[64];
            if (n == 0) Array.Fill(s, (byte)0xFF);
            else if (n == 1) s = ToLittleEndian(L, 64);
            else if (n == 2) s = ToLittleEndian(L - 1, 64);
            else random.NextBytes(s);
            byte[] r = new byte[32];
            Scalar25519.Reduce(r, 0, s);

            Assert.Equal(ToLittleEndian(FromLittleEndian(s) % L, 32), r);
        }
    }

    [Fact]
    public void MultiplyAdd_RandomAndExtremeValues_MatchesBigInteger()
    {
        var random = new Random(32);
        for (int n = 0; n < 1000; n++)
        {
            byte[] a = new byte[32], b = new byte[32], c = new byte[32];
            if (n == 0)
            {
                Array.Fill(a, (byte)0xFF);
                Array.Fill(b, (byte)0xFF);
                Array.Fill(c, (byte)0xFF);
            }
            else
            {
                random.NextBytes(a);
                random.NextBytes(b);
                random.NextBytes(c);
            }

            byte[] r = new byte[34];
            Scalar25519.MultiplyAdd(r, 1, a, b, c);

            BigInteger expected = (FromLittleEndian(a) * FromLittleEndian(b) + FromLittleEndian(c)) % L;
            Assert.Equal(ToLittleEndian(expected, 32), r.AsSpan(1, 32).ToArray());
            Assert.Equal(0, r[0]);
            Assert.Equal(0, r[33]);
        }
    }

    [Fact]
    public void IsCanonical_ExactlyTheValuesBelowL()
    {
        Assert.True(Scalar25519.IsCanonical(new byte[32], 0));
        Assert.True(Scalar25519.IsCanonical(ToLittleEndian(L - 1, 32), 0));
        Assert.False(Scalar25519.IsCanonical(ToLittleEndian(L, 32), 0));
        Assert.False(Scalar25519.IsCanonical(ToLittleEndian(L + 1, 32), 0));
        Assert.False(Scalar25519.IsCanonical(ToLittleEndian(BigInteger.Pow(2, 253), 32), 0));
        byte[] max = new byte[32];
        Array.Fill(max, (byte)0xFF);
        Assert.False(Scalar25519.IsCanonical(max, 0));

        var random = new Random(1);
        for (int n = 0; n < 1000; n++)
        {
            byte[] s = new byte[33];
            random.NextBytes(s);
            s[32] &= 0x1F; // around L = 2^252 + small: about half below, half above
            byte[] candidate = s.AsSpan(1, 32).ToArray();
            Assert.Equal(FromLittleEndian(candidate) < L, Scalar25519.IsCanonical(s, 1));
        }
    }
}
