using System;
using System.Numerics;

namespace Endpoint.Tests.Core.Crypto;

/// <summary>
/// The Python illustration of RFC 8032 §6 in C# with <see cref="BigInteger"/>: slow, obviously
/// correct arithmetic to check the ref10-style implementation against.
/// </summary>
internal static class Ed25519Reference
{
    public static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    public static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");
    public static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    public static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);

    /// <summary>The base point (x, 4/5) with x even, as (X, Y, Z, T).</summary>
    public static readonly BigInteger[] Base = BasePoint();

    public static BigInteger Mod(BigInteger x) => ((x % P) + P) % P;

    public static BigInteger Inverse(BigInteger x) => BigInteger.ModPow(Mod(x), P - 2, P);

    /// <summary>Little-endian unsigned integer of the bytes.</summary>
    public static BigInteger FromLittleEndian(byte[] bytes) => new BigInteger(bytes, isUnsigned: true, isBigEndian: false);

    /// <summary>The value as <paramref name="length"/> little-endian bytes.</summary>
    public static byte[] ToLittleEndian(BigInteger value, int length)
    {
        byte[] raw = value.ToByteArray(isUnsigned: true, isBigEndian: false);
        byte[] result = new byte[length];
        Array.Copy(raw, result, Math.Min(raw.Length, length));
        return result;
    }

    public static BigInteger[] Add(BigInteger[] p, BigInteger[] q)
    {
        BigInteger a = Mod((p[1] - p[0]) * (q[1] - q[0]));
        BigInteger b = Mod((p[1] + p[0]) * (q[1] + q[0]));
        BigInteger c = Mod(2 * p[3] * q[3] * D);
        BigInteger d = Mod(2 * p[2] * q[2]);
        BigInteger e = b - a, f = d - c, g = d + c, h = b + a;
        return new[] { Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h) };
    }

    public static BigInteger[] Multiply(BigInteger s, BigInteger[] p)
    {
        BigInteger[] q = { 0, 1, 1, 0 };
        while (s > 0)
        {
            if (!s.IsEven)
            {
                q = Add(q, p);
            }

            p = Add(p, p);
            s >>= 1;
        }

        return q;
    }

    public static byte[] Encode(BigInteger[] p)
    {
        BigInteger zInverse = Inverse(p[2]);
        BigInteger x = Mod(p[0] * zInverse), y = Mod(p[1] * zInverse);
        byte[] s = ToLittleEndian(y, 32);
        s[31] |= (byte)((int)(x & 1) << 7);
        return s;
    }

    /// <summary>RFC 8032 §5.1.3 decoding; null when it fails.</summary>
    public static BigInteger[] Decode(byte[] s)
    {
        byte[] yBytes = (byte[])s.Clone();
        int sign = yBytes[31] >> 7;
        yBytes[31] &= 0x7F;
        BigInteger y = FromLittleEndian(yBytes);
        if (y >= P)
        {
            return null;
        }

        BigInteger x = RecoverX(y, sign);
        return x < 0 ? null : new[] { x, y, BigInteger.One, Mod(x * y) };
    }

    /// <summary>The x of RFC 8032 §5.1.3 for y and the sign bit, or -1 when there is none.</summary>
    public static BigInteger RecoverX(BigInteger y, int sign)
    {
        BigInteger x2 = Mod((y * y - 1) * Inverse(D * y * y + 1));
        if (x2.IsZero)
        {
            return sign == 1 ? -1 : 0;
        }

        BigInteger x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (!Mod(x * x - x2).IsZero)
        {
            x = Mod(x * SqrtMinusOne);
        }

        if (!Mod(x * x - x2).IsZero)
        {
            return -1;
        }

        if ((int)(x & 1) != sign)
        {
            x = P - x;
        }

        return x;
    }

    private static BigInteger[] BasePoint()
    {
        BigInteger y = Mod(4 * Inverse(5));
        BigInteger x = RecoverX(y, 0);
        return new[] { x, y, BigInteger.One, Mod(x * y) };
    }
}
