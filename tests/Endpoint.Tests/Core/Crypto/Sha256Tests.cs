using System;
using System.Text;
using Endpoint.Core.Crypto;

namespace Endpoint.Tests.Core.Crypto;

/// <summary>
/// <see cref="Sha256"/> against the FIPS 180-4 example vectors (NIST CSRC "Examples with
/// Intermediate Values", SHA-256) and against .NET's <see cref="System.Security.Cryptography.SHA256"/>.
/// </summary>
public sealed class Sha256Tests
{
    private const string TwoBlockMessage =
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

    [Theory]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData(TwoBlockMessage, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void Hash_NistExample_MatchesPublishedDigest(string message, string expectedHex)
    {
        byte[] data = Encoding.ASCII.GetBytes(message);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(Sha256.Hash(data, 0, data.Length)));
    }

    [Fact]
    public void Final_MillionLetterA_MatchesPublishedDigest()
    {
        const string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
        byte[] thousand = new byte[1000];
        Array.Fill(thousand, (byte)'a');
        var sha = new Sha256();
        for (int i = 0; i < 1000; i++)
        {
            sha.Update(thousand, 0, thousand.Length);
        }

        Assert.Equal(expected, Convert.ToHexStringLower(sha.Final()));

        byte[] million = new byte[1_000_000];
        Array.Fill(million, (byte)'a');
        Assert.Equal(expected, Convert.ToHexStringLower(Sha256.Hash(million, 0, million.Length)));
    }

    [Fact]
    public void Update_SplitAtEveryOffset_GivesTheOneShotDigest()
    {
        var random = new Random(256);
        foreach (int length in new[] { 3, 55, 56, 63, 64, 65, 200 })
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            byte[] expected = System.Security.Cryptography.SHA256.HashData(data);

            for (int split = 0; split <= length; split++)
            {
                var sha = new Sha256();
                sha.Update(data, 0, split);
                sha.Update(data, split, length - split);
                Assert.True(expected.AsSpan().SequenceEqual(sha.Final()), $"length {length}, split at {split}");
            }
        }
    }

    [Fact]
    public void Hash_LengthsAroundTheBlockBoundaries_MatchDotNet()
    {
        // 55 bytes is the longest message whose padding (0x80 + 8-byte length) fits one block.
        var random = new Random(64);
        for (int length = 0; length <= 3 * Sha256.BlockSize + 1; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);

            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)),
                Convert.ToHexString(Sha256.Hash(data, 0, data.Length)));
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
            var sha = new Sha256();
            int at = 0;
            while (at < data.Length)
            {
                int piece = Math.Min(random.Next(0, 300), data.Length - at);
                sha.Update(data, at, piece);
                at += piece;
            }

            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)), Convert.ToHexString(sha.Final()));
        }
    }

    [Fact]
    public void Hash_Range_CoversOnlyThatRange()
    {
        byte[] data = Encoding.ASCII.GetBytes("--abc--");

        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes("abc"))),
            Convert.ToHexString(Sha256.Hash(data, 2, 3)));
    }

    [Fact]
    public void Final_WritesAtOffsetAndResets()
    {
        byte[] abc = Encoding.ASCII.GetBytes("abc");
        var sha = new Sha256();
        sha.Update(abc, 0, 3);
        byte[] output = new byte[38];
        sha.Final(output, 5);

        Assert.Equal(Sha256.Hash(abc, 0, 3), output.AsSpan(5, 32).ToArray());
        Assert.Equal(new byte[5], output.AsSpan(0, 5).ToArray());
        Assert.Equal(new byte[1], output.AsSpan(37, 1).ToArray());

        // Reset by Final: the instance now hashes a fresh message.
        sha.Update(abc, 0, 3);
        Assert.Equal(Sha256.Hash(abc, 0, 3), sha.Final());
        Assert.Equal(Sha256.Hash(abc, 0, 0), sha.Final());
    }

    [Fact]
    public void Reset_DropsDataAlreadyAdded()
    {
        byte[] abc = Encoding.ASCII.GetBytes("abc");
        var sha = new Sha256();
        sha.Update(new byte[200], 0, 200);
        sha.Reset();
        sha.Update(abc, 0, 3);

        Assert.Equal(Sha256.Hash(abc, 0, 3), sha.Final());
    }

    [Fact]
    public void UpdateAndFinal_BadArguments_Throw()
    {
        var sha = new Sha256();
        byte[] data = new byte[10];

        Assert.Throws<ArgumentNullException>(() => sha.Update(null, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, -1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, 0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, 5, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, int.MaxValue, 1));
        Assert.Throws<ArgumentNullException>(() => sha.Final(null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Final(new byte[32], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sha256.Hash(data, 8, 3));

        // A rejected call changes nothing.
        sha.Update(data, 0, 10);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), sha.Final());
    }
}
