using System;

namespace Endpoint.Core.Text
{
    /// <summary>
    /// A growable byte array reused across messages, so building a payload allocates nothing
    /// once the buffer has reached its working size (the ESP32 heap is about 100 KB).
    /// </summary>
    public sealed class ByteBuffer
    {
        private byte[] _data;
        private int _length;

        /// <summary>Creates a buffer with <paramref name="capacity"/> bytes reserved.</summary>
        public ByteBuffer(int capacity)
        {
            _data = new byte[capacity < 16 ? 16 : capacity];
        }

        /// <summary>The backing array; valid bytes are [0, <see cref="Length"/>).</summary>
        public byte[] Data
        {
            get { return _data; }
        }

        /// <summary>Number of valid bytes.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>Forgets the content, keeping the capacity.</summary>
        public void Clear()
        {
            _length = 0;
        }

        /// <summary>Appends one byte.</summary>
        public void Append(byte b)
        {
            if (_length == _data.Length)
            {
                Grow(1);
            }

            _data[_length++] = b;
        }

        /// <summary>Appends bytes.</summary>
        public void Append(byte[] bytes, int offset, int count)
        {
            if (_length + count > _data.Length)
            {
                Grow(count);
            }

            Array.Copy(bytes, offset, _data, _length, count);
            _length += count;
        }

        /// <summary>Appends a string as UTF-8 without allocating.</summary>
        public void AppendUtf8(string s)
        {
            AppendUtf8(s, 0, s.Length);
        }

        /// <summary>Appends <paramref name="count"/> characters of <paramref name="s"/> from <paramref name="start"/> as UTF-8.</summary>
        public void AppendUtf8(string s, int start, int count)
        {
            int end = start + count;
            for (int i = start; i < end; i++)
            {
                char c = s[i];
                if (c < 0x80)
                {
                    Append((byte)c);
                }
                else if (c < 0x800)
                {
                    Append((byte)(0xC0 | (c >> 6)));
                    Append((byte)(0x80 | (c & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < end && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                {
                    int cp = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
                    i++;
                    Append((byte)(0xF0 | (cp >> 18)));
                    Append((byte)(0x80 | ((cp >> 12) & 0x3F)));
                    Append((byte)(0x80 | ((cp >> 6) & 0x3F)));
                    Append((byte)(0x80 | (cp & 0x3F)));
                }
                else
                {
                    if (c >= 0xD800 && c <= 0xDFFF)
                    {
                        c = '\uFFFD'; // a lone surrogate has no UTF-8 form
                    }

                    Append((byte)(0xE0 | (c >> 12)));
                    Append((byte)(0x80 | ((c >> 6) & 0x3F)));
                    Append((byte)(0x80 | (c & 0x3F)));
                }
            }
        }

        /// <summary>Appends a signed integer in decimal without allocating.</summary>
        public void AppendInteger(long value)
        {
            if (value < 0)
            {
                Append((byte)'-');
                if (value == long.MinValue)
                {
                    AppendUtf8("9223372036854775808");
                    return;
                }

                value = -value;
            }

            AppendUnsigned((ulong)value);
        }

        /// <summary>
        /// Appends <paramref name="value"/> rounded half away from zero to <paramref name="decimals"/> places
        /// (0–6), without allocating and without exponent notation. NaN and infinities are not numbers
        /// in JSON or in a Home Assistant state; callers must not pass them.
        /// </summary>
        public void AppendFixed(double value, int decimals)
        {
            if (decimals < 0)
            {
                decimals = 0;
            }

            if (decimals > 6)
            {
                decimals = 6;
            }

            long scale = 1;
            for (int i = 0; i < decimals; i++)
            {
                scale *= 10;
            }

            bool negative = value < 0;
            double abs = negative ? -value : value;
            // Not (ulong)(x + 0.5): that addition itself rounds, so 0.49999999999999994 became 1.
            double x = abs * scale;
            ulong scaled = (ulong)x;
            if (x - scaled >= 0.5)
            {
                scaled++;
            }

            if (negative && scaled != 0)
            {
                Append((byte)'-');
            }

            ulong whole = scaled / (ulong)scale;
            ulong fraction = scaled % (ulong)scale;
            AppendUnsigned(whole);
            if (decimals > 0)
            {
                Append((byte)'.');
                ulong divisor = (ulong)scale / 10;
                while (divisor > 0)
                {
                    Append((byte)('0' + (int)((fraction / divisor) % 10)));
                    divisor /= 10;
                }
            }
        }

        /// <summary>Copies the content into a new exact-size array.</summary>
        public byte[] ToArray()
        {
            byte[] copy = new byte[_length];
            Array.Copy(_data, copy, _length);
            return copy;
        }

        /// <summary>Decodes the content as UTF-8 (allocates; for tests and logs).</summary>
        public override string ToString()
        {
            return System.Text.Encoding.UTF8.GetString(_data, 0, _length);
        }

        private void AppendUnsigned(ulong value)
        {
            if (value == 0)
            {
                Append((byte)'0');
                return;
            }

            ulong divisor = 1;
            while (value / divisor >= 10)
            {
                divisor *= 10;
            }

            while (divisor > 0)
            {
                Append((byte)('0' + (int)((value / divisor) % 10)));
                divisor /= 10;
            }
        }

        private void Grow(int extra)
        {
            int size = _data.Length * 2;
            if (size < _length + extra)
            {
                size = _length + extra;
            }

            byte[] bigger = new byte[size];
            Array.Copy(_data, bigger, _length);
            _data = bigger;
        }
    }
}
