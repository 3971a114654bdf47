namespace Endpoint.Core.Ble
{
    /// <summary>Bluetooth device addresses as text ("AA:BB:CC:DD:EE:FF") and as 6 bytes in that written order.</summary>
    public static class BleAddress
    {
        private const string Hex = "0123456789ABCDEF";

        /// <summary>
        /// Parses "AA:BB:CC:DD:EE:FF" (either case) into <paramref name="output"/>[0..5], AA first.
        /// Returns false, leaving the output unspecified, for anything else.
        /// </summary>
        public static bool TryParse(string text, byte[] output)
        {
            if (text == null || text.Length != 17 || output == null || output.Length < 6)
            {
                return false;
            }

            for (int i = 0; i < 6; i++)
            {
                int hi = HexValue(text[i * 3]);
                int lo = HexValue(text[(i * 3) + 1]);
                if (hi < 0 || lo < 0 || (i < 5 && text[(i * 3) + 2] != ':'))
                {
                    return false;
                }

                output[i] = (byte)((hi << 4) | lo);
            }

            return true;
        }

        /// <summary>Formats 6 bytes at <paramref name="offset"/> as "AA:BB:CC:DD:EE:FF".</summary>
        public static string Format(byte[] address, int offset)
        {
            char[] c = new char[17];
            for (int i = 0; i < 6; i++)
            {
                byte b = address[offset + i];
                c[i * 3] = Hex[b >> 4];
                c[(i * 3) + 1] = Hex[b & 0x0F];
                if (i < 5)
                {
                    c[(i * 3) + 2] = ':';
                }
            }

            return new string(c);
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return -1;
        }
    }
}
