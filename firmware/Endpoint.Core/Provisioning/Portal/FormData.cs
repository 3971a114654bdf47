using System.Collections;
using System.Text;
using Endpoint.Core.Text;

namespace Endpoint.Core.Provisioning.Portal
{
    /// <summary>
    /// A strictly parsed <c>application/x-www-form-urlencoded</c> body (WHATWG URL Standard §5.1, what browsers send
    /// for a form): name=value pairs joined by '&amp;', '+' for a space, %XX for any other byte, the bytes UTF-8.
    /// Stricter than browsers accept on their side: a '%' not followed by two hex digits, bytes that are not UTF-8
    /// (or contain U+0000), a name given twice, more than <see cref="MaxFields"/> fields or a value longer than
    /// <see cref="MaxValueBytes"/> make the whole body invalid — <see cref="Parse"/> returns the reason and keeps nothing.
    /// </summary>
    public sealed class FormData
    {
        /// <summary>Most fields in one body.</summary>
        public const int MaxFields = 16;

        /// <summary>Most bytes of one decoded value (or name).</summary>
        public const int MaxValueBytes = 512;

        private readonly ArrayList _names = new ArrayList();
        private readonly ArrayList _values = new ArrayList();

        /// <summary>Number of fields.</summary>
        public int Count
        {
            get { return _names.Count; }
        }

        /// <summary>The value of <paramref name="name"/>, or null when absent.</summary>
        public string Get(string name)
        {
            int i = _names.IndexOf(name);
            return i < 0 ? null : (string)_values[i];
        }

        /// <summary>The name of field <paramref name="index"/>.</summary>
        public string NameAt(int index)
        {
            return (string)_names[index];
        }

        /// <summary>
        /// Parses <paramref name="count"/> bytes at <paramref name="offset"/> into <paramref name="into"/> (cleared
        /// first); returns null, or a one-line reason when the body is not acceptable (then <paramref name="into"/> is empty).
        /// </summary>
        public static string Parse(byte[] data, int offset, int count, FormData into)
        {
            into._names.Clear();
            into._values.Clear();
            string error = ParseInto(data, offset, count, into);
            if (error != null)
            {
                into._names.Clear();
                into._values.Clear();
            }

            return error;
        }

        private static string ParseInto(byte[] data, int offset, int count, FormData into)
        {
            byte[] scratch = new byte[MaxValueBytes];
            int end = offset + count;
            int start = offset;
            while (start <= end)
            {
                int amp = start;
                while (amp < end && data[amp] != (byte)'&')
                {
                    amp++;
                }

                if (amp > start)
                {
                    // An empty sequence ("a=1&&b=2", a trailing '&') is skipped, as browsers do.
                    int eq = start;
                    while (eq < amp && data[eq] != (byte)'=')
                    {
                        eq++;
                    }

                    string name = Decode(data, start, eq, scratch);
                    if (name == null)
                    {
                        return DecodeError(data, start, eq, "a field name");
                    }

                    string value = eq < amp ? Decode(data, eq + 1, amp, scratch) : string.Empty;
                    if (value == null)
                    {
                        return DecodeError(data, eq + 1, amp, "the value of '" + Printable(name) + "'");
                    }

                    if (name.Length == 0)
                    {
                        return "a field without a name";
                    }

                    if (into._names.IndexOf(name) >= 0)
                    {
                        return "the field '" + Printable(name) + "' is given twice";
                    }

                    if (into._names.Count == MaxFields)
                    {
                        return "more than " + MaxFields + " fields";
                    }

                    into._names.Add(name);
                    into._values.Add(value);
                }

                start = amp + 1;
            }

            return null;
        }

        /// <summary><paramref name="text"/> with control characters shown as '?', to quote it in a one-line message.</summary>
        public static string Printable(string text)
        {
            char[] chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] < ' ' || chars[i] == '\u007F')
                {
                    chars[i] = '?';
                }
            }

            return new string(chars);
        }

        // Percent-decodes [start, end) into scratch and returns the UTF-8 text, or null when malformed.
        private static string Decode(byte[] data, int start, int end, byte[] scratch)
        {
            int n = 0;
            for (int i = start; i < end; i++)
            {
                if (n == scratch.Length)
                {
                    return null;
                }

                byte b = data[i];
                if (b == (byte)'+')
                {
                    scratch[n++] = (byte)' ';
                }
                else if (b == (byte)'%')
                {
                    int hi = i + 2 < end ? Hex(data[i + 1]) : -1;
                    int lo = hi >= 0 ? Hex(data[i + 2]) : -1;
                    if (lo < 0)
                    {
                        return null;
                    }

                    scratch[n++] = (byte)((hi << 4) | lo);
                    i += 2;
                }
                else
                {
                    scratch[n++] = b;
                }
            }

            if (!Utf8.IsValid(scratch, 0, n))
            {
                return null;
            }

            return Encoding.UTF8.GetString(scratch, 0, n);
        }

        // Says which of the three things went wrong, for the one-line reason.
        private static string DecodeError(byte[] data, int start, int end, string what)
        {
            int bytes = 0;
            for (int i = start; i < end; i++)
            {
                if (data[i] == (byte)'%')
                {
                    if (i + 2 >= end || Hex(data[i + 1]) < 0 || Hex(data[i + 2]) < 0)
                    {
                        return what + " has a '%' not followed by two hex digits";
                    }

                    i += 2;
                }

                bytes++;
            }

            return bytes > MaxValueBytes ? what + " is longer than " + MaxValueBytes + " bytes" : what + " is not UTF-8 text";
        }

        private static int Hex(byte c)
        {
            if (c >= (byte)'0' && c <= (byte)'9')
            {
                return c - '0';
            }

            if (c >= (byte)'a' && c <= (byte)'f')
            {
                return c - 'a' + 10;
            }

            if (c >= (byte)'A' && c <= (byte)'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
