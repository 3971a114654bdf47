using System;
using System.Text;
using Endpoint.Core.Crypto;

namespace Endpoint.Tests.Core.Crypto;

/// <summary>
/// <see cref="Sha512"/> against the FIPS 180-4 example vectors (NIST CSRC "Examples with
/// Intermediate Values", SHA-512) and against .NET's <see cref="System.Security.Cryptography.SHA512"/>.
/// </summary>
public sealed class Sha512Tests
{
    private const string TwoBlockMessage =
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

    [Theory]
    [InlineData("abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData("", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445")]
    [InlineData(TwoBlockMessage, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")]
    public void Hash_NistExample_MatchesPublishedDigest(string message, string expectedHex)
    {
        byte[] data = Encoding.ASCII.GetBytes(message);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(Sha512.Hash(data, 0, data.Length)));
    }

    [Fact]
    public void Final_MillionLetterA_MatchesPublishedDigest()
    {
        const string expected = "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b";
        byte[] thousand = new byte[1000];
        Array.Fill(thousand, (byte)'a');
        var sha = new Sha512();
        for (int i = 0; i < 1000; i++)
        {
            sha.Update(thousand, 0, thousand.Length);
        }

        Assert.Equal(expected, Convert.ToHexStringLower(sha.Final()));

        byte[] million = new byte[1_000_000];
        Array.Fill(million, (byte)'a');
        Assert.Equal(expected, Convert.ToHexStringLower(Sha512.Hash(million, 0, million.Length)));
    }

    [Fact]
    public void Update_SplitAtEveryOffset_GivesTheOneShotDigest()
    {
        var random = new Random(512);
        foreach (int length in new[] { 3, 111, 112, 127, 128, 129, 300 })
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            byte[] expected = System.Security.Cryptography.SHA512.HashData(data);

            for (int split = 0; split <= length; split++)
            {
                var sha = new Sha512();
                sha.Update(data, 0, split);
                sha.Update(data, split, length - split);
                Assert.True(expected.AsSpan().SequenceEqual(sha.Final()), $"length {length}, split at {split}");
            }
        }
    }

    [Fact]
    public void Hash_LengthsAroundTheBlockBoundaries_MatchDotNet()
    {
        // 111 bytes is the longest message whose padding (0x80 + 16-byte length) fits one block.
        var random = new Random(128);
        for (int length = 0; length <= 3 * Sha512.BlockSize + 1; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);

            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA512.HashData(data)),
                Convert.ToHexString(Sha512.Hash(data, 0, data.Length)));
        }
    }

    [Fact]
    public void Update_RandomMessagesInRandomPieces_MatchDotNet()
    {
        var random = new Random(180_4);
        for (int n = 0; n < 300; n++)
        {
            byte[] data = new byte[random.Next(0, 2000)];
            random.NextBytes(data);
            var sha = new Sha512();
            int at = 0;
            while (at < data.Length)
            {
                int piece = Math.Min(random.Next(0, 300), data.Length - at);
                sha.Update(data, at, piece);
                at += piece;
            }

            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA512.HashData(data)), Convert.ToHexString(sha.Final()));
        }
    }

    [Fact]
    public void Hash_Range_CoversOnlyThatRange()
    {
        byte[] data = Encoding.ASCII.GetBytes("--abc--");

        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA512.HashData(Encoding.ASCII.GetBytes("abc"))),
            Convert.ToHexString(Sha512.Hash(data, 2, 3)));
    }

    [Fact]
    public void Final_WritesAtOffsetAndResets()
    {
        byte[] abc = Encoding.ASCII.GetBytes("abc");
        var sha = new Sha512();
        sha.Update(abc, 0, 3);
        byte[] output = new byte[70];
        sha.Final(output, 5);

        Assert.Equal(Sha512.Hash(abc, 0, 3), output.AsSpan(5, 64).ToArray());
        Assert.Equal(new byte[5], output.AsSpan(0, 5).ToArray());
        Assert.Equal(new byte[1], output.AsSpan(69, 1).ToArray());

        // Reset by Final: the instance now hashes a fresh message.
        sha.Update(abc, 0, 3);
        Assert.Equal(Sha512.Hash(abc, 0, 3), sha.Final());
        Assert.Equal(Sha512.Hash(abc, 0, 0), sha.Final());
    }

    [Fact]
    public void Reset_DropsDataAlreadyAdded()
    {
        byte[] abc = Encoding.ASCII.GetBytes("abc");
        var sha = new Sha512();
        sha.Update(new byte[200], 0, 200);
        sha.Reset();
        sha.Update(abc, 0, 3);

        Assert.Equal(Sha512.Hash(abc, 0, 3), sha.Final());
    }

    [Fact]
    public void UpdateAndFinal_BadArguments_Throw()
    {
        var sha = new Sha512();
        byte[] data = new byte[10];

        Assert.Throws<ArgumentNullException>(() => sha.Update(null, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, -1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, 0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, 5, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, int.MaxValue, 1));
        Assert.Throws<ArgumentNullException>(() => sha.Final(null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Final(new byte[64], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sha512.Hash(data, 8, 3));

        // A rejected call changes nothing.
        sha.Update(data, 0, 10);
        Assert.Equal(System.Security.Cryptography.SHA512.HashData(data), sha.Final());
    }
}
