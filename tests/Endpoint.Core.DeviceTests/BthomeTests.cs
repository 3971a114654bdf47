using Endpoint.Core.Ble;
using Endpoint.Core.Crypto;
using nanoFramework.TestFramework;

namespace Endpoint.Core.DeviceTests
{
    /// <summary>The BTHome codec and its AES on the real nanoFramework runtime, against the published vectors.</summary>
    [TestClass]
    public class BthomeTests
    {
        private const string Digits = "0123456789abcdef";

        [TestMethod]
        public void Aes128_matches_FIPS_197_appendix_C1()
        {
            Aes128 aes = new Aes128(Bytes("000102030405060708090a0b0c0d0e0f"));
            byte[] output = new byte[16];
            aes.EncryptBlock(Bytes("00112233445566778899aabbccddeeff"), 0, output, 0);
            Assert.AreEqual("69c4e0d86a7b0430d8cdb78070b4c55a", Hex(output, 0, 16));
        }

        [TestMethod]
        public void Encrypted_service_data_matches_the_bthome_io_example()
        {
            BthomeEncoder encoder = new BthomeEncoder();
            encoder.EnableEncryption(Bytes("231d39c1d7cc1ab1aee224cd096db932"), Bytes("5448e68f80a5"));
            BthomeReadings readings = new BthomeReadings(4);
            readings.AddRaw(BthomeObjects.Temperature, 2506);
            readings.AddRaw(BthomeObjects.Humidity, 5055);
            byte[] output = new byte[32];

            int n = encoder.Encode(false, 0, readings, 0x33221100, output, 0);

            Assert.AreEqual("41a47266c95f730011223378237214", Hex(output, 0, n));
        }

        [TestMethod]
        public void Advertisement_matches_the_bthome_io_format_example()
        {
            AdvertisementBuilder builder = new AdvertisementBuilder("DIY-sensor", new BthomeEncoder(), false, 4);
            BthomeReadings readings = new BthomeReadings(4);
            readings.AddValue(BthomeObjects.Temperature, 25.00);
            readings.AddValue(BthomeObjects.Humidity, 50.55);
            builder.Split(readings);
            byte[] output = new byte[31];

            int n = builder.Render(0, 0, 0, output, 0);

            Assert.AreEqual("0201060b094449592d73656e736f720a16d2fc4002c40903bf13", Hex(output, 0, n));
        }

        [TestMethod]
        public void Decoder_reads_negative_values_and_rejects_truncation()
        {
            BthomeDecoder decoder = new BthomeDecoder();
            BthomePacket packet = new BthomePacket(4);
            byte[] data = Bytes("4002dafd");
            Assert.IsTrue(decoder.Decode(data, 0, 4, null, packet) == BthomeDecodeStatus.Ok);
            Assert.AreEqual(-550, (int)packet.RawAt(0));
            Assert.IsTrue(decoder.Decode(data, 0, 3, null, packet) == BthomeDecodeStatus.Truncated);
        }

        private static byte[] Bytes(string hex)
        {
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Digits.IndexOf(hex[2 * i]) << 4) | Digits.IndexOf(hex[(2 * i) + 1]));
            }

            return bytes;
        }

        private static string Hex(byte[] bytes, int offset, int count)
        {
            char[] c = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                c[2 * i] = Digits[bytes[offset + i] >> 4];
                c[(2 * i) + 1] = Digits[bytes[offset + i] & 0x0F];
            }

            return new string(c);
        }
    }
}
