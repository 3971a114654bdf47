using System;
using System.Text;
using Endpoint.Core.Crypto;

namespace Endpoint.Tests.Core.Crypto;

/// <summary>
/// <see cref="Sha256"/> against the FIPS 180-4 example vectors (NIST CSRC "Examples with
/// Intermediate Values", SHA-256) and, through <see cref="Fips180HashTests"/>, against .NET's
/// <see cref="System.Security.Cryptography.SHA256"/>.
/// </summary>
public sealed class Sha256Tests : Fips180HashTests
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

    protected override int BlockSize => Sha256.BlockSize;

    protected override int HashSize => Sha256.HashSize;

    protected override int[] SplitLengths => [3, 55, 56, 63, 64, 65, 200];

    protected override IHasher Create() => new Hasher();

    protected override byte[] Hash(byte[] data, int offset, int count) => Sha256.Hash(data, offset, count);

    protected override byte[] Reference(byte[] data) => System.Security.Cryptography.SHA256.HashData(data);

    private sealed class Hasher : IHasher
    {
        private readonly Sha256 _sha = new();

        public void Update(byte[] data, int offset, int count) => _sha.Update(data, offset, count);

        public void Final(byte[] output, int offset) => _sha.Final(output, offset);

        public byte[] Final() => _sha.Final();

        public void Reset() => _sha.Reset();
    }
}
