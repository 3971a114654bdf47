using System;
using Endpoint.Core.Crypto;
using PlatformCcm = System.Security.Cryptography.AesCcm;

namespace Endpoint.Tests.Core.Crypto;

public class AesCcmTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    // RFC 3610 §8, Packet Vector #1: M = 8, L = 2, 8 header (associated) bytes, 23 payload bytes.
    private const string Rfc3610Key = "C0 C1 C2 C3 C4 C5 C6 C7 C8 C9 CA CB CC CD CE CF";
    private const string Rfc3610Nonce = "00 00 00 03 02 01 00 A0 A1 A2 A3 A4 A5";
    private const string Rfc3610Header = "00 01 02 03 04 05 06 07";
    private const string Rfc3610Payload = "08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E";
    private const string Rfc3610Ciphertext = "58 8C 97 9A 61 C6 63 D2 F0 66 D0 C2 C0 F9 89 80 6D 5F 6B 61 DA C3 84";
    private const string Rfc3610Tag = "17 E8 D1 2C FD F9 26 E0";

    [Fact]
    public void Encrypt_Rfc3610PacketVector1_MatchesPublishedOutput()
    {
        var ccm = new AesCcm(Hex(Rfc3610Key), 8);
        byte[] nonce = Hex(Rfc3610Nonce), header = Hex(Rfc3610Header), payload = Hex(Rfc3610Payload);
        var ciphertext = new byte[payload.Length];
        var tag = new byte[8];

        ccm.Encrypt(nonce, 0, nonce.Length, header, 0, header.Length, payload, 0, payload.Length, ciphertext, 0, tag, 0);

        Assert.Equal(Hex(Rfc3610Ciphertext), ciphertext);
        Assert.Equal(Hex(Rfc3610Tag), tag);
    }

    [Fact]
    public void Decrypt_Rfc3610PacketVector1_RecoversPayload()
    {
        var ccm = new AesCcm(Hex(Rfc3610Key), 8);
        byte[] nonce = Hex(Rfc3610Nonce), header = Hex(Rfc3610Header), ciphertext = Hex(Rfc3610Ciphertext), tag = Hex(Rfc3610Tag);
        var plaintext = new byte[ciphertext.Length];

        Assert.True(ccm.Decrypt(nonce, 0, nonce.Length, header, 0, header.Length, ciphertext, 0, ciphertext.Length, tag, 0, plaintext, 0));
        Assert.Equal(Hex(Rfc3610Payload), plaintext);
    }

    [Fact]
    public void Encrypt_BthomeSpecificationExample_MatchesPublishedBytes()
    {
        // bthome.io/encryption: key 231d…b932, nonce = MAC 5448E68F80A5 | UUID D2FC | device info 41 | counter 00112233,
        // plaintext 02CA09 03BF13 → ciphertext a47266c95f73, MIC 78237214.
        var ccm = new AesCcm(Hex("231d39c1d7cc1ab1aee224cd096db932"), 4);
        byte[] nonce = Hex("5448e68f80a5d2fc4100112233"), plaintext = Hex("02CA0903BF13");
        var ciphertext = new byte[6];
        var mic = new byte[4];

        ccm.Encrypt(nonce, 0, 13, null, 0, 0, plaintext, 0, 6, ciphertext, 0, mic, 0);

        Assert.Equal("a47266c95f73", Convert.ToHexString(ciphertext).ToLowerInvariant());
        Assert.Equal("78237214", Convert.ToHexString(mic).ToLowerInvariant());
    }

    [Fact]
    public void EncryptDecrypt_RandomInputs_MatchPlatformAesCcm()
    {
        var random = new Random(38);
        int[] tagLengths = [4, 6, 8, 10, 12, 14, 16];
        for (int i = 0; i < 300; i++)
        {
            var key = Random(random, 16);
            int nonceLength = random.Next(7, 14);
            int tagLength = tagLengths[random.Next(tagLengths.Length)];
            var nonce = Random(random, nonceLength);
            var aad = Random(random, random.Next(0, 40));
            var plaintext = Random(random, random.Next(0, 70));

            var expectedCipher = new byte[plaintext.Length];
            var expectedTag = new byte[tagLength];
            using (var reference = new PlatformCcm(key))
            {
                reference.Encrypt(nonce, plaintext, expectedCipher, expectedTag, aad);
            }

            var ccm = new AesCcm(key, tagLength);
            var cipher = new byte[plaintext.Length];
            var tag = new byte[tagLength];
            ccm.Encrypt(nonce, 0, nonceLength, aad, 0, aad.Length, plaintext, 0, plaintext.Length, cipher, 0, tag, 0);
            Assert.Equal(expectedCipher, cipher);
            Assert.Equal(expectedTag, tag);

            var back = new byte[plaintext.Length];
            Assert.True(ccm.Decrypt(nonce, 0, nonceLength, aad, 0, aad.Length, cipher, 0, cipher.Length, tag, 0, back, 0));
            Assert.Equal(plaintext, back);
        }
    }

    [Fact]
    public void Encrypt_InPlace_SameAsSeparateBuffers()
    {
        var ccm = new AesCcm(Hex(Rfc3610Key), 8);
        byte[] nonce = Hex(Rfc3610Nonce), header = Hex(Rfc3610Header);
        byte[] buffer = Hex(Rfc3610Payload);
        var tag = new byte[8];

        ccm.Encrypt(nonce, 0, nonce.Length, header, 0, header.Length, buffer, 0, buffer.Length, buffer, 0, tag, 0);

        Assert.Equal(Hex(Rfc3610Ciphertext), buffer);
    }

    [Fact]
    public void Decrypt_AnyFlippedBit_FailsAndReleasesNoPlaintext()
    {
        var key = Hex("231d39c1d7cc1ab1aee224cd096db932");
        byte[] nonce = Hex("5448e68f80a5d2fc4100112233");
        byte[] sealedBytes = Hex("a47266c95f7378237214"); // ciphertext + MIC
        var ccm = new AesCcm(key, 4);
        for (int bit = 0; bit < sealedBytes.Length * 8; bit++)
        {
            var tampered = (byte[])sealedBytes.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            var plaintext = new byte[] { 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA };

            Assert.False(ccm.Decrypt(nonce, 0, 13, null, 0, 0, tampered, 0, 6, tampered, 6, plaintext, 0));
            Assert.All(plaintext, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void Decrypt_WrongNonce_Fails()
    {
        var ccm = new AesCcm(Hex("231d39c1d7cc1ab1aee224cd096db932"), 4);
        byte[] nonce = Hex("5448e68f80a5d2fc4100112234"); // counter differs by one
        byte[] data = Hex("a47266c95f7378237214");
        Assert.False(ccm.Decrypt(nonce, 0, 13, null, 0, 0, data, 0, 6, data, 6, new byte[6], 0));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(18)]
    public void Constructor_BadTagLength_Throws(int tagLength)
    {
        Assert.Throws<ArgumentException>(() => new AesCcm(new byte[16], tagLength));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(14)]
    public void Encrypt_BadNonceLength_Throws(int nonceLength)
    {
        var ccm = new AesCcm(new byte[16], 4);
        Assert.Throws<ArgumentException>(() =>
            ccm.Encrypt(new byte[16], 0, nonceLength, null, 0, 0, new byte[4], 0, 4, new byte[4], 0, new byte[4], 0));
    }

    private static byte[] Random(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
