using System;
using System.Security.Cryptography;
using Endpoint.Core.Crypto;

namespace Endpoint.Tests.Core.Crypto;

public class Aes128Tests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Theory]
    // FIPS-197 Appendix C.1 (AES-128 example vector).
    [InlineData("000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a")]
    // FIPS-197 Appendix B (cipher example worked round by round).
    [InlineData("2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734", "3925841d02dc09fbdc118597196a0b32")]
    public void EncryptBlock_Fips197Vector_MatchesPublishedCiphertext(string key, string plaintext, string ciphertext)
    {
        var aes = new Aes128(Hex(key));
        var output = new byte[16];
        aes.EncryptBlock(Hex(plaintext), 0, output, 0);
        Assert.Equal(ciphertext, Convert.ToHexString(output).ToLowerInvariant());
    }

    [Fact]
    public void EncryptBlock_RandomKeysAndBlocks_MatchPlatformAes()
    {
        var random = new Random(3610);
        for (int i = 0; i < 200; i++)
        {
            var key = new byte[16];
            var block = new byte[16];
            random.NextBytes(key);
            random.NextBytes(block);

            using var reference = Aes.Create();
            reference.Key = key;
            byte[] expected = reference.EncryptEcb(block, PaddingMode.None);

            var actual = new byte[16];
            new Aes128(key).EncryptBlock(block, 0, actual, 0);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void EncryptBlock_SameArrayInPlace_GivesSameResult()
    {
        var key = Hex("000102030405060708090a0b0c0d0e0f");
        var buffer = new byte[20];
        Hex("00112233445566778899aabbccddeeff").CopyTo(buffer, 2);
        new Aes128(key).EncryptBlock(buffer, 2, buffer, 2);
        Assert.Equal("69c4e0d86a7b0430d8cdb78070b4c55a", Convert.ToHexString(buffer, 2, 16).ToLowerInvariant());
        Assert.Equal(0, buffer[0] | buffer[1] | buffer[18] | buffer[19]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(24)]
    [InlineData(32)]
    public void Constructor_KeyNot16Bytes_Throws(int length)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Aes128(new byte[length]));
        Assert.Contains("16-byte key", ex.Message);
    }
}
