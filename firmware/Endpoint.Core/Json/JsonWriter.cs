using System;
using Endpoint.Core.Text;

namespace Endpoint.Core.Json
{
    /// <summary>
    /// Writes compact JSON as UTF-8 straight into a reusable <see cref="ByteBuffer"/>: no strings,
    /// no boxing, no allocation once the buffer is warm. Commas are placed automatically.
    /// </summary>
    public sealed class JsonWriter
    {
        private const int MaxDepth = 32;
        private readonly ByteBuffer _buffer;
        private readonly bool[] _hasItems = new bool[MaxDepth];
        private int _depth;
        private bool _afterName;

        /// <summary>Creates a writer appending to <paramref name="buffer"/>.</summary>
        public JsonWriter(ByteBuffer buffer)
        {
            _buffer = buffer;
        }

        /// <summary>The output.</summary>
        public ByteBuffer Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Clears the buffer and the nesting state for a new document.</summary>
        public void Reset()
        {
            _buffer.Clear();
            _depth = 0;
            _afterName = false;
        }

        /// <summary>Starts an object.</summary>
        public void BeginObject()
        {
            BeforeValue();
            _buffer.Append((byte)'{');
            Push();
        }

        /// <summary>Ends an object.</summary>
        public void EndObject()
        {
            _depth--;
            _buffer.Append((byte)'}');
        }

        /// <summary>Starts an array.</summary>
        public void BeginArray()
        {
            BeforeValue();
            _buffer.Append((byte)'[');
            Push();
        }

        /// <summary>Ends an array.</summary>
        public void EndArray()
        {
            _depth--;
            _buffer.Append((byte)']');
        }

        /// <summary>Writes a property name; the next call writes its value.</summary>
        public void Name(string name)
        {
            Separate();
            WriteQuoted(name);
            _buffer.Append((byte)':');
            _afterName = true;
        }

        /// <summary>Writes a string value (null writes JSON null).</summary>
        public void String(string value)
        {
            BeforeValue();
            if (value == null)
            {
                _buffer.AppendUtf8("null");
                return;
            }

            WriteQuoted(value);
        }

        /// <summary>Writes an integer value.</summary>
        public void Number(long value)
        {
            BeforeValue();
            _buffer.AppendInteger(value);
        }

        /// <summary>Writes a number with a fixed count of decimals; NaN and infinities are written as null.</summary>
        public void Number(double value, int decimals)
        {
            BeforeValue();
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                _buffer.AppendUtf8("null");
                return;
            }

            _buffer.AppendFixed(value, decimals);
        }

        /// <summary>Writes true or false.</summary>
        public void Bool(bool value)
        {
            BeforeValue();
            _buffer.AppendUtf8(value ? "true" : "false");
        }

        /// <summary>Writes null.</summary>
        public void Null()
        {
            BeforeValue();
            _buffer.AppendUtf8("null");
        }

        /// <summary>Writes <c>"name":"value"</c>.</summary>
        public void Property(string name, string value)
        {
            Name(name);
            String(value);
        }

        /// <summary>Writes <c>"name":value</c>.</summary>
        public void Property(string name, long value)
        {
            Name(name);
            Number(value);
        }

        /// <summary>Writes <c>"name":value</c> with <paramref name="decimals"/> decimals.</summary>
        public void Property(string name, double value, int decimals)
        {
            Name(name);
            Number(value, decimals);
        }

        /// <summary>Writes <c>"name":true|false</c>.</summary>
        public void Property(string name, bool value)
        {
            Name(name);
            Bool(value);
        }

        /// <summary>Writes <c>"name":[...]</c> from an array of strings.</summary>
        public void Property(string name, string[] values)
        {
            Name(name);
            BeginArray();
            for (int i = 0; i < values.Length; i++)
            {
                String(values[i]);
            }

            EndArray();
        }

        private void Push()
        {
            if (_depth == MaxDepth)
            {
                throw new InvalidOperationException("JSON nesting too deep");
            }

            _hasItems[_depth++] = false;
        }

        private void BeforeValue()
        {
            if (_afterName)
            {
                _afterName = false;
                return;
            }

            Separate();
        }

        private void Separate()
        {
            if (_depth == 0)
            {
                return;
            }

            if (_hasItems[_depth - 1])
            {
                _buffer.Append((byte)',');
            }

            _hasItems[_depth - 1] = true;
        }

        // RFC 8259 §7: quote, backslash and control characters must be escaped.
        private void WriteQuoted(string s)
        {
            _buffer.Append((byte)'"');
            int runStart = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c >= 0x20 && c != '"' && c != '\\')
                {
                    continue;
                }

                _buffer.AppendUtf8(s, runStart, i - runStart);
                _buffer.Append((byte)'\\');
                switch (c)
                {
                    case '"': _buffer.Append((byte)'"'); break;
                    case '\\': _buffer.Append((byte)'\\'); break;
                    case '\n': _buffer.Append((byte)'n'); break;
                    case '\r': _buffer.Append((byte)'r'); break;
                    case '\t': _buffer.Append((byte)'t'); break;
                    default:
                        _buffer.AppendUtf8("u00");
                        _buffer.Append(HexDigit(c >> 4));
                        _buffer.Append(HexDigit(c & 0xF));
                        break;
                }

                runStart = i + 1;
            }

            _buffer.AppendUtf8(s, runStart, s.Length - runStart);
            _buffer.Append((byte)'"');
        }

        private static byte HexDigit(int v)
        {
            return (byte)(v < 10 ? '0' + v : 'a' + v - 10);
        }
    }
}
