using System;
using System.Numerics;
using System.Security.Cryptography;
using Endpoint.Core.Crypto;
using static Endpoint.Tests.Core.Crypto.Ed25519Reference;

namespace Endpoint.Tests.Core.Crypto;

/// <summary>
/// <see cref="Ed25519"/> against the RFC 8032 §7.1 test vectors (the five Ed25519 ones, as also
/// carried by OpenSSL's test/recipes/30-test_evp_data/evppkey_ecx.txt), the RFC 8032 §6 reference
/// transcribed with BigInteger, and the strictness rules of §5.1.3 / §5.1.7.
/// </summary>
public sealed class Ed25519Tests
{
    private const string Message1024 =
        "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8" +
        "79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc" +
        "1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e" +
        "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7" +
        "aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed185ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2" +
        "d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270" +
        "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07" +
        "07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128bab27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a" +
        "ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7" +
        "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8" +
        "ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34dff7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08" +
        "d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4" +
        "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e" +
        "6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5fb93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5" +
        "0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d" +
        "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0";

    /// <summary>RFC 8032 §7.1: TEST 1, 2, 3, 1024 and SHA(abc) — seed, public key, message, signature.</summary>
    public static TheoryData<string, string, string, string, string> Rfc8032Vectors => new()
    {
        {
            "TEST 1",
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        {
            "TEST 2",
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        {
            "TEST 3",
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
        {
            "TEST 1024",
            "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
            "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
            Message1024,
            "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03"
        },
        {
            "TEST SHA(abc)",
            "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void PublicKeyFromSeed_Rfc8032Vector_MatchesPublishedKey(string name, string seed, string publicKey, string message, string signature)
    {
        _ = (message, signature);
        Assert.True(publicKey == Convert.ToHexStringLower(Ed25519.PublicKeyFromSeed(Convert.FromHexString(seed))), name);
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Sign_Rfc8032Vector_MatchesPublishedSignature(string name, string seed, string publicKey, string message, string signature)
    {
        _ = publicKey;
        byte[] m = Convert.FromHexString(message);
        Assert.True(signature == Convert.ToHexStringLower(Ed25519.Sign(Convert.FromHexString(seed), m, 0, m.Length)), name);
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Verify_Rfc8032Vector_IsValid(string name, string seed, string publicKey, string message, string signature)
    {
        _ = seed;
        byte[] m = Convert.FromHexString(message);
        Assert.True(Ed25519.Verify(Convert.FromHexString(publicKey), m, 0, m.Length, Convert.FromHexString(signature)), name);
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Verify_Rfc8032VectorWithAnySingleBitFlipped_IsInvalid(string name, string seed, string publicKey, string message, string signature)
    {
        _ = seed;
        byte[] key = Convert.FromHexString(publicKey), m = Convert.FromHexString(message), sig = Convert.FromHexString(signature);

        for (int bit = 0; bit < sig.Length * 8; bit++)
        {
            Assert.False(Ed25519.Verify(key, m, 0, m.Length, Flip(sig, bit)), $"{name}: signature bit {bit}");
        }

        for (int bit = 0; bit < key.Length * 8; bit++)
        {
            Assert.False(Ed25519.Verify(Flip(key, bit), m, 0, m.Length, sig), $"{name}: public key bit {bit}");
        }

        for (int bit = 0; bit < Math.Min(m.Length, 64) * 8; bit++)
        {
            Assert.False(Ed25519.Verify(key, Flip(m, bit), 0, m.Length, sig), $"{name}: message bit {bit}");
        }

        byte[] longer = new byte[m.Length + 1];
        m.CopyTo(longer, 0);
        Assert.False(Ed25519.Verify(key, longer, 0, longer.Length, sig), $"{name}: one byte appended");
        if (m.Length > 0)
        {
            Assert.False(Ed25519.Verify(key, m, 0, m.Length - 1, sig), $"{name}: last byte dropped");
        }
    }

    [Fact]
    public void Verify_SPlusL_IsRejectedAsNonCanonical()
    {
        // OpenSSL's malleability vector: TEST 1 with L added to S. [S+L]B = [S]B, so only the S < L check rejects it.
        var (key, message, signature) = Vector1();
        BigInteger s = FromLittleEndian(signature[32..]);
        byte[] malleated = (byte[])signature.Clone();
        ToLittleEndian(s + L, 32).CopyTo(malleated, 32);

        Assert.Equal("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901554c8c7872aa064e049dbb3013fbf29380d25bf5f0595bbe24655141438e7a101b",
            Convert.ToHexStringLower(malleated));
        Assert.False(Ed25519.Verify(key, message, 0, message.Length, malleated));
    }

    [Theory]
    [InlineData("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")] // L
    [InlineData("eed3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")] // L + 1
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")] // 2^256 - 1
    [InlineData("0000000000000000000000000000000000000000000000000000000000000020")] // 2^253
    public void Verify_SAtLeastL_IsRejected(string sHex)
    {
        // With the identity as public key and R = [S mod L]B, the equation holds for S mod L;
        // only the canonical-S rule rejects these.
        byte[] identity = IdentityEncoding();
        BigInteger s = FromLittleEndian(Convert.FromHexString(sHex));
        byte[] signature = new byte[64];
        Encode(Multiply(s % L, Base)).CopyTo(signature, 0);
        Convert.FromHexString(sHex).CopyTo(signature, 32);

        Assert.False(Ed25519.Verify(identity, new byte[1], 0, 1, signature));

        ToLittleEndian(s % L, 32).CopyTo(signature, 32);
        Assert.True(Ed25519.Verify(identity, new byte[1], 0, 1, signature)); // the same with S reduced passes
    }

    [Fact]
    public void Verify_PublicKeyThatDoesNotDecode_IsFalse()
    {
        var (_, message, signature) = Vector1();
        int tried = 0;
        for (int y = 2; tried < 10; y++)
        {
            if (RecoverX(y, 0) >= 0)
            {
                continue; // a curve point; we want y values with no x
            }

            tried++;
            Assert.False(Ed25519.Verify(ToLittleEndian(y, 32), message, 0, message.Length, signature), $"y = {y}");
        }
    }

    [Fact]
    public void Verify_NonCanonicalEncodingOfAValidKey_IsFalse()
    {
        // The identity as public key: any S with R = [S]B verifies (RFC 8032 allows small-order keys).
        // The same point encoded as y = p + 1 must not decode (§5.1.3 step 1).
        byte[] message = { 1, 2, 3 };
        byte[] signature = new byte[64];
        Encode(Multiply(7, Base)).CopyTo(signature, 0);
        signature[32] = 7;

        Assert.True(Ed25519.Verify(IdentityEncoding(), message, 0, message.Length, signature));
        Assert.False(Ed25519.Verify(ToLittleEndian(P + 1, 32), message, 0, message.Length, signature));
        byte[] negativeZero = IdentityEncoding();
        negativeZero[31] |= 0x80;
        Assert.False(Ed25519.Verify(negativeZero, message, 0, message.Length, signature));
    }

    [Fact]
    public void Verify_RThatIsNotACanonicalEncoding_IsFalse()
    {
        // Identity key, S = 0: the valid R is the identity's encoding (01 00 … 00).
        byte[] message = { 9 };
        byte[] signature = new byte[64];
        IdentityEncoding().CopyTo(signature, 0);
        Assert.True(Ed25519.Verify(IdentityEncoding(), message, 0, 1, signature));

        ToLittleEndian(P + 1, 32).CopyTo(signature, 0);          // the identity with y = p + 1
        Assert.False(Ed25519.Verify(IdentityEncoding(), message, 0, 1, signature));

        IdentityEncoding().CopyTo(signature, 0);
        signature[31] |= 0x80;                                      // the identity with x = "-0"
        Assert.False(Ed25519.Verify(IdentityEncoding(), message, 0, 1, signature));
    }

    [Fact]
    public void Verify_RNotOnTheCurve_IsFalse()
    {
        var (key, message, signature) = Vector1();
        int tried = 0;
        for (int y = 2; tried < 10; y++)
        {
            if (RecoverX(y, 0) >= 0)
            {
                continue;
            }

            tried++;
            byte[] bad = (byte[])signature.Clone();
            ToLittleEndian(y, 32).CopyTo(bad, 0);
            Assert.False(Ed25519.Verify(key, message, 0, message.Length, bad), $"R with y = {y}");
        }
    }

    [Fact]
    public void Verify_WrongLengths_AreFalse()
    {
        var (key, message, signature) = Vector1();

        Assert.False(Ed25519.Verify(key[..31], message, 0, message.Length, signature));
        Assert.False(Ed25519.Verify([.. key, 0], message, 0, message.Length, signature));
        Assert.False(Ed25519.Verify([], message, 0, message.Length, signature));
        Assert.False(Ed25519.Verify(key, message, 0, message.Length, signature[..63]));
        Assert.False(Ed25519.Verify(key, message, 0, message.Length, [.. signature, 0]));
        Assert.False(Ed25519.Verify(key, message, 0, message.Length, []));
    }

    [Fact]
    public void Verify_RandomGarbage_IsFalseAndNeverThrows()
    {
        var random = new Random(7);
        for (int n = 0; n < 200; n++)
        {
            byte[] key = new byte[32], signature = new byte[64], message = new byte[random.Next(0, 100)];
            random.NextBytes(key);
            random.NextBytes(signature);
            random.NextBytes(message);
            if (n % 2 == 0) signature[63] &= 0x0F; // half with S < 2^252, past the canonical-S check

            Assert.False(Ed25519.Verify(key, message, 0, message.Length, signature));
        }
    }

    [Fact]
    public void Api_BadArguments_Throw()
    {
        var (key, message, signature) = Vector1();
        byte[] seed = new byte[32];

        Assert.Throws<ArgumentNullException>(() => Ed25519.Verify(null, message, 0, 0, signature));
        Assert.Throws<ArgumentNullException>(() => Ed25519.Verify(key, null, 0, 0, signature));
        Assert.Throws<ArgumentNullException>(() => Ed25519.Verify(key, message, 0, 0, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ed25519.Verify(key, new byte[4], 2, 3, signature));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ed25519.Verify(key, new byte[4], -1, 1, signature));
        Assert.Throws<ArgumentNullException>(() => Ed25519.PublicKeyFromSeed(null));
        Assert.Throws<ArgumentException>(() => Ed25519.PublicKeyFromSeed(new byte[31]));
        Assert.Throws<ArgumentException>(() => Ed25519.PublicKeyFromSeed(new byte[64]));
        Assert.Throws<ArgumentNullException>(() => Ed25519.Sign(null, message, 0, 0));
        Assert.Throws<ArgumentException>(() => Ed25519.Sign(new byte[33], message, 0, 0));
        Assert.Throws<ArgumentNullException>(() => Ed25519.Sign(seed, null, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ed25519.Sign(seed, new byte[4], 3, 2));
    }

    [Fact]
    public void SignAndVerify_MessageRange_CoverOnlyThatRange()
    {
        byte[] seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] buffer = { 0xEE, 0xEE, 0xAF, 0x82, 0xEE };
        byte[] inRange = Ed25519.Sign(seed, buffer, 2, 2);

        Assert.Equal(Ed25519.Sign(seed, new byte[] { 0xAF, 0x82 }, 0, 2), inRange);
        Assert.True(Ed25519.Verify(Ed25519.PublicKeyFromSeed(seed), buffer, 2, 2, inRange));
        Assert.False(Ed25519.Verify(Ed25519.PublicKeyFromSeed(seed), buffer, 1, 2, inRange));
    }

    /// <summary>
    /// A few hundred random seeds and messages: the signature is the RFC 8032 §6 reference's (for
    /// some), verifies, stops verifying after a single-bit change anywhere, and does not verify
    /// under another key.
    /// </summary>
    [Fact]
    public void SignThenVerify_RandomSeedsAndMessages_RoundTripAndRejectBitFlips()
    {
        var random = new Random(8032_2017);
        byte[] otherKey = Ed25519.PublicKeyFromSeed(new byte[32]);
        for (int n = 0; n < 300; n++)
        {
            byte[] seed = new byte[32], message = new byte[random.Next(0, 300)];
            random.NextBytes(seed);
            random.NextBytes(message);

            byte[] key = Ed25519.PublicKeyFromSeed(seed);
            byte[] signature = Ed25519.Sign(seed, message, 0, message.Length);
            Assert.Equal(signature, Ed25519.Sign(seed, message, 0, message.Length)); // deterministic
            if (n < 30)
            {
                var (referenceKey, referenceSignature) = ReferenceSign(seed, message);
                Assert.Equal(Convert.ToHexString(referenceKey), Convert.ToHexString(key));
                Assert.Equal(Convert.ToHexString(referenceSignature), Convert.ToHexString(signature));
            }

            Assert.True(Ed25519.Verify(key, message, 0, message.Length, signature), $"pair {n}");
            Assert.False(Ed25519.Verify(otherKey, message, 0, message.Length, signature));
            Assert.False(Ed25519.Verify(key, message, 0, message.Length, Flip(signature, random.Next(512))));
            Assert.False(Ed25519.Verify(Flip(key, random.Next(256)), message, 0, message.Length, signature));
            if (message.Length > 0)
            {
                Assert.False(Ed25519.Verify(key, Flip(message, random.Next(message.Length * 8)), 0, message.Length, signature));
            }
        }
    }

    private static (byte[] Key, byte[] Message, byte[] Signature) Vector1() =>
        (Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
         Array.Empty<byte>(),
         Convert.FromHexString("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));

    private static byte[] IdentityEncoding()
    {
        byte[] s = new byte[32];
        s[0] = 1;
        return s;
    }

    private static byte[] Flip(byte[] data, int bit)
    {
        byte[] copy = (byte[])data.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    /// <summary>RFC 8032 §6 <c>secret_to_public</c> and <c>sign</c>, with BigInteger.</summary>
    private static (byte[] Key, byte[] Signature) ReferenceSign(byte[] seed, byte[] message)
    {
        byte[] h = SHA512.HashData(seed);
        byte[] aBytes = h[..32];
        aBytes[0] &= 248;
        aBytes[31] &= 127;
        aBytes[31] |= 64;
        BigInteger a = FromLittleEndian(aBytes);
        byte[] key = Encode(Multiply(a, Base));

        BigInteger r = FromLittleEndian(SHA512.HashData([.. h[32..], .. message])) % L;
        byte[] rEncoded = Encode(Multiply(r, Base));
        BigInteger k = FromLittleEndian(SHA512.HashData([.. rEncoded, .. key, .. message])) % L;
        BigInteger s = (r + k * a) % L;
        return (key, [.. rEncoded, .. ToLittleEndian(s, 32)]);
    }
}
