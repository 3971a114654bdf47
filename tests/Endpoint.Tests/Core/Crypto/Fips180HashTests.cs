using System;
using System.Text;

namespace Endpoint.Tests.Core.Crypto;

/// <summary>
/// What <see cref="Sha256Tests"/> and <see cref="Sha512Tests"/> check alike: incremental hashing in any
/// pieces, the padding around the block boundaries, ranges, <c>Final</c> and <c>Reset</c>, and bad
/// arguments, each against .NET's implementation of the same function (FIPS 180-4). The published
/// example vectors stay with each function's own tests.
/// </summary>
public abstract class Fips180HashTests
{
    /// <summary>One instance of the function under test, hashing incrementally.</summary>
    protected interface IHasher
    {
        void Update(byte[] data, int offset, int count);

        void Final(byte[] output, int offset);

        byte[] Final();

        void Reset();
    }

    /// <summary>Bytes in a block of the function.</summary>
    protected abstract int BlockSize { get; }

    /// <summary>Bytes in a digest.</summary>
    protected abstract int HashSize { get; }

    /// <summary>Message lengths worth splitting at every offset: short, around the one-block padding limit, and several blocks.</summary>
    protected abstract int[] SplitLengths { get; }

    protected abstract IHasher Create();

    /// <summary>The one-shot hash of the function under test.</summary>
    protected abstract byte[] Hash(byte[] data, int offset, int count);

    /// <summary>.NET's implementation of the same function.</summary>
    protected abstract byte[] Reference(byte[] data);

    [Fact]
    public void Update_SplitAtEveryOffset_GivesTheOneShotDigest()
    {
        var random = new Random(HashSize * 8);
        foreach (int length in SplitLengths)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            byte[] expected = Reference(data);

            for (int split = 0; split <= length; split++)
            {
                var sha = Create();
                sha.Update(data, 0, split);
                sha.Update(data, split, length - split);
                Assert.True(expected.AsSpan().SequenceEqual(sha.Final()), $"length {length}, split at {split}");
            }
        }
    }

    [Fact]
    public void Hash_LengthsAroundTheBlockBoundaries_MatchDotNet()
    {
        // The longest message whose padding (0x80 + the 8- or 16-byte length) fits one block: 55 bytes for SHA-256, 111 for SHA-512.
        var random = new Random(BlockSize);
        for (int length = 0; length <= 3 * BlockSize + 1; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);

            Assert.Equal(Convert.ToHexString(Reference(data)), Convert.ToHexString(Hash(data, 0, data.Length)));
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
            var sha = Create();
            int at = 0;
            while (at < data.Length)
            {
                int piece = Math.Min(random.Next(0, 300), data.Length - at);
                sha.Update(data, at, piece);
                at += piece;
            }

            Assert.Equal(Convert.ToHexString(Reference(data)), Convert.ToHexString(sha.Final()));
        }
    }

    [Fact]
    public void Hash_Range_CoversOnlyThatRange()
    {
        byte[] data = Encoding.ASCII.GetBytes("--abc--");

        Assert.Equal(Convert.ToHexString(Reference(Encoding.ASCII.GetBytes("abc"))), Convert.ToHexString(Hash(data, 2, 3)));
    }

    [Fact]
    public void Final_WritesAtOffsetAndResets()
    {
        byte[] abc = Encoding.ASCII.GetBytes("abc");
        var sha = Create();
        sha.Update(abc, 0, 3);
        byte[] output = new byte[HashSize + 6];
        sha.Final(output, 5);

        Assert.Equal(Hash(abc, 0, 3), output.AsSpan(5, HashSize).ToArray());
        Assert.Equal(new byte[5], output.AsSpan(0, 5).ToArray());
        Assert.Equal(new byte[1], output.AsSpan(HashSize + 5, 1).ToArray());

        // Reset by Final: the instance now hashes a fresh message.
        sha.Update(abc, 0, 3);
        Assert.Equal(Hash(abc, 0, 3), sha.Final());
        Assert.Equal(Hash(abc, 0, 0), sha.Final());
    }

    [Fact]
    public void Reset_DropsDataAlreadyAdded()
    {
        byte[] abc = Encoding.ASCII.GetBytes("abc");
        var sha = Create();
        sha.Update(new byte[200], 0, 200);
        sha.Reset();
        sha.Update(abc, 0, 3);

        Assert.Equal(Hash(abc, 0, 3), sha.Final());
    }

    [Fact]
    public void UpdateAndFinal_BadArguments_Throw()
    {
        var sha = Create();
        byte[] data = new byte[10];

        Assert.Throws<ArgumentNullException>(() => sha.Update(null, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, -1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, 0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, 5, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(data, int.MaxValue, 1));
        Assert.Throws<ArgumentNullException>(() => sha.Final(null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Final(new byte[HashSize], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hash(data, 8, 3));

        // A rejected call changes nothing.
        sha.Update(data, 0, 10);
        Assert.Equal(Reference(data), sha.Final());
    }
}
