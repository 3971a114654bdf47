using Endpoint.Core.Crypto;
using nanoFramework.TestFramework;

namespace Endpoint.Core.DeviceTests
{
    /// <summary>
    /// SHA-256, SHA-512 and Ed25519 verification on the real nanoFramework runtime (the 64-bit limb
    /// arithmetic and the ulong rotations must behave as on the host). Signing is not run here: the
    /// device only verifies, and the signing table needs about 100 KB (see Crypto/README.md).
    /// </summary>
    [TestClass]
    public class CryptoTests
    {
        private const string Test2PublicKey = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
        private const string Test2Signature = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

        [TestMethod]
        public void Sha256_of_abc_is_the_FIPS_180_4_example()
        {
            byte[] abc = new byte[] { 0x61, 0x62, 0x63 };
            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ToHex(Sha256.Hash(abc, 0, 3)));
        }

        [TestMethod]
        public void Sha512_of_abc_is_the_FIPS_180_4_example()
        {
            byte[] abc = new byte[] { 0x61, 0x62, 0x63 };
            Assert.AreEqual(
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                ToHex(Sha512.Hash(abc, 0, 3)));
        }

        [TestMethod]
        public void Sha256_in_pieces_equals_one_shot()
        {
            byte[] data = new byte[200];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(i * 7);
            }

            Sha256 sha = new Sha256();
            sha.Update(data, 0, 63);
            sha.Update(data, 63, 2);
            sha.Update(data, 65, 135);
            Assert.AreEqual(ToHex(Sha256.Hash(data, 0, data.Length)), ToHex(sha.Final()));
        }

        [TestMethod]
        public void Ed25519_RFC_8032_test_vectors_verify()
        {
            Assert.IsTrue(Ed25519.Verify(
                FromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), new byte[0], 0, 0,
                FromHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")));
            Assert.IsTrue(Ed25519.Verify(FromHex(Test2PublicKey), new byte[] { 0x72 }, 0, 1, FromHex(Test2Signature)));
        }

        [TestMethod]
        public void Ed25519_changed_message_or_signature_does_not_verify()
        {
            byte[] signature = FromHex(Test2Signature);
            Assert.IsFalse(Ed25519.Verify(FromHex(Test2PublicKey), new byte[] { 0x73 }, 0, 1, signature));
            signature[40] ^= 0x01;
            Assert.IsFalse(Ed25519.Verify(FromHex(Test2PublicKey), new byte[] { 0x72 }, 0, 1, signature));
        }

        private static string ToHex(byte[] data)
        {
            const string digits = "0123456789abcdef";
            char[] text = new char[data.Length * 2];
            for (int i = 0; i < data.Length; i++)
            {
                text[2 * i] = digits[data[i] >> 4];
                text[2 * i + 1] = digits[data[i] & 0xF];
            }

            return new string(text);
        }

        private static byte[] FromHex(string hex)
        {
            byte[] data = new byte[hex.Length / 2];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
            }

            return data;
        }

        private static int Nibble(char c)
        {
            return c <= '9' ? c - '0' : c - 'a' + 10;
        }
    }
}
