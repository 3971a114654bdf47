using System;
using System.Text;
using Endpoint.Core.Crypto;

namespace Endpoint.Tests.Core.Crypto;

/// <summary>
/// <see cref="Sha512"/> against the FIPS 180-4 example vectors (NIST CSRC "Examples with
/// Intermediate Values", SHA-512) and, through <see cref="Fips180HashTests"/>, against .NET's
/// <see cref="System.Security.Cryptography.SHA512"/>.
/// </summary>
public sealed class Sha512Tests : Fips180HashTests
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

    protected override int BlockSize => Sha512.BlockSize;

    protected override int HashSize => Sha512.HashSize;

    protected override int[] SplitLengths => [3, 111, 112, 127, 128, 129, 300];

    protected override IHasher Create() => new Hasher();

    protected override byte[] Hash(byte[] data, int offset, int count) => Sha512.Hash(data, offset, count);

    protected override byte[] Reference(byte[] data) => System.Security.Cryptography.SHA512.HashData(data);

    private sealed class Hasher : IHasher
    {
        private readonly Sha512 _sha = new();

        public void Update(byte[] data, int offset, int count) => _sha.Update(data, offset, count);

        public void Final(byte[] output, int offset) => _sha.Final(output, offset);

        public byte[] Final() => _sha.Final();

        public void Reset() => _sha.Reset();
    }
}
