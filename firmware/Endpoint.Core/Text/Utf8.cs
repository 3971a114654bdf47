namespace Endpoint.Core.Text
{
    /// <summary>UTF-8 checks and comparisons on raw payload bytes, without decoding to strings.</summary>
    public static class Utf8
    {
        /// <summary>
        /// True when the bytes are well-formed UTF-8 (RFC 3629: no overlongs, no surrogates,
        /// nothing above U+10FFFF) and contain no U+0000.
        /// </summary>
        public static bool IsValid(byte[] data, int offset, int count)
        {
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                int b = data[i];
                if (b == 0)
                {
                    return false;
                }

                if (b < 0x80)
                {
                    i++;
                    continue;
                }

                int need;
                int min;
                int cp;
                if ((b & 0xE0) == 0xC0)
                {
                    need = 1;
                    min = 0x80;
                    cp = b & 0x1F;
                }
                else if ((b & 0xF0) == 0xE0)
                {
                    need = 2;
                    min = 0x800;
                    cp = b & 0x0F;
                }
                else if ((b & 0xF8) == 0xF0)
                {
                    need = 3;
                    min = 0x10000;
                    cp = b & 0x07;
                }
                else
                {
                    return false;
                }

                // The continuation bytes are data[i+1] … data[i+need]; a sequence cut by the end is invalid.
                if (i + need >= end)
                {
                    return false;
                }

                for (int k = 1; k <= need; k++)
                {
                    int c = data[i + k];
                    if ((c & 0xC0) != 0x80)
                    {
                        return false;
                    }

                    cp = (cp << 6) | (c & 0x3F);
                }

                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    return false;
                }

                i += need + 1;
            }

            return true;
        }

        /// <summary>True when the bytes equal the ASCII text <paramref name="ascii"/>, ignoring ASCII case.</summary>
        public static bool EqualsIgnoreCase(byte[] data, int offset, int count, string ascii)
        {
            if (count != ascii.Length)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (ToLower(data[offset + i]) != ToLower((byte)ascii[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Narrows [offset, offset+count) to exclude ASCII white space at both ends. Returns the new count; updates offset.</summary>
        public static int Trim(byte[] data, ref int offset, int count)
        {
            int start = offset;
            int end = offset + count;
            while (start < end && IsSpace(data[start]))
            {
                start++;
            }

            while (end > start && IsSpace(data[end - 1]))
            {
                end--;
            }

            offset = start;
            return end - start;
        }

        /// <summary>True for space, tab, CR, LF.</summary>
        public static bool IsSpace(byte b)
        {
            return b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n';
        }

        private static int ToLower(byte b)
        {
            return b >= (byte)'A' && b <= (byte)'Z' ? b + 32 : b;
        }
    }
}
