namespace Endpoint.Core.Storage
{
    /// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as used by zip and Ethernet.</summary>
    public static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        /// <summary>Continues a CRC over more bytes; start with <c>0</c>.</summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            crc = ~crc;
            for (int i = offset; i < offset + count; i++)
            {
                crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }

            return ~crc;
        }

        /// <summary>The CRC of a byte range.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Update(0, data, offset, count);
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
