namespace Endpoint.Core.Hardware
{
    /// <summary>
    /// CRC-8, most significant bit first, no reflection, no final XOR: the checksum I2C sensors put
    /// after each data word. Sensirion parts use polynomial 0x31 and initial value 0xFF
    /// (SHT3x datasheet §4.12 Table 20, SHT4x datasheet §4.4), with the example CRC(0xBEEF) = 0x92.
    /// </summary>
    public static class Crc8
    {
        /// <summary>Sensirion's polynomial x⁸ + x⁵ + x⁴ + 1.</summary>
        public const byte SensirionPolynomial = 0x31;

        /// <summary>Sensirion's initial value.</summary>
        public const byte SensirionInit = 0xFF;

        /// <summary>The CRC of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static byte Compute(byte[] data, int offset, int count, byte polynomial, byte init)
        {
            int crc = init;
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x80) != 0 ? ((crc << 1) ^ polynomial) & 0xFF : (crc << 1) & 0xFF;
                }
            }

            return (byte)crc;
        }

        /// <summary>The Sensirion CRC of one 16-bit word stored big-endian at <paramref name="offset"/>.</summary>
        public static byte Sensirion(byte[] data, int offset)
        {
            return Compute(data, offset, 2, SensirionPolynomial, SensirionInit);
        }
    }
}
