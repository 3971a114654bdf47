namespace Endpoint.Core.Ota
{
    /// <summary>Lower-case hexadecimal text for digests and keys (nanoFramework has no Convert.ToHexString).</summary>
    public static class Hex
    {
        private const string Digits = "0123456789abcdef";

        /// <summary>The bytes as lower-case hex, two characters per byte.</summary>
        public static string Encode(byte[] data, int offset, int count)
        {
            char[] text = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                int b = data[offset + i];
                text[2 * i] = Digits[b >> 4];
                text[(2 * i) + 1] = Digits[b & 0x0F];
            }

            return new string(text);
        }

        /// <summary>The bytes as lower-case hex.</summary>
        public static string Encode(byte[] data)
        {
            return Encode(data, 0, data.Length);
        }

        /// <summary>
        /// Decodes hex of either case into exactly <paramref name="length"/> bytes; null when the text has
        /// another length or a character that is not a hex digit.
        /// </summary>
        public static byte[] Decode(string text, int length)
        {
            if (text == null || text.Length != length * 2)
            {
                return null;
            }

            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                int hi = Value(text[2 * i]);
                int lo = Value(text[(2 * i) + 1]);
                if (hi < 0 || lo < 0)
                {
                    return null;
                }

                bytes[i] = (byte)((hi << 4) | lo);
            }

            return bytes;
        }

        /// <summary>True when <paramref name="text"/> is exactly <paramref name="length"/> bytes of lower-case hex.</summary>
        public static bool IsLowerHex(string text, int length)
        {
            if (text == null || text.Length != length * 2)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                {
                    return false;
                }
            }

            return true;
        }

        private static int Value(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
