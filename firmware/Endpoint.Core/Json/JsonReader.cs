using System;
using System.Text;
using Endpoint.Core.Text;

namespace Endpoint.Core.Json
{
    /// <summary>
    /// A strict pull reader for JSON (RFC 8259) over UTF-8 bytes, for command payloads. It checks the
    /// grammar as it goes and throws <see cref="JsonFormatException"/> on anything malformed, including
    /// trailing content. Values are compared in place (<see cref="ValueEquals"/>) so the common cases
    /// allocate nothing; <see cref="GetString"/> allocates.
    /// </summary>
    public sealed class JsonReader
    {
        private const int MaxDepth = 16;
        private readonly byte[] _data;
        private readonly int _end;
        private readonly bool[] _inObject = new bool[MaxDepth];
        private int _pos;
        private int _depth;
        private bool _expectValue = true;
        private bool _afterComma;
        private bool _done;
        private int _tokenStart;
        private int _tokenLength;
        private bool _tokenHasEscapes;

        /// <summary>Reads <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public JsonReader(byte[] data, int offset, int count)
        {
            _data = data;
            _pos = offset;
            _end = offset + count;
        }

        /// <summary>The current token.</summary>
        public JsonToken Token { get; private set; }

        /// <summary>Nesting depth of the current position (0 at top level).</summary>
        public int Depth
        {
            get { return _depth; }
        }

        /// <summary>Advances to the next token; false at the end of a complete document.</summary>
        public bool Read()
        {
            SkipSpace();
            if (_done)
            {
                if (_pos < _end)
                {
                    throw Error("unexpected content after the end of the document");
                }

                return false;
            }

            if (_pos >= _end)
            {
                throw Error(Token == JsonToken.None ? "empty document" : "unexpected end of document");
            }

            byte b = _data[_pos];
            bool inObject = _depth > 0 && _inObject[_depth - 1];

            if (b == (byte)'}' || b == (byte)']')
            {
                bool closesObject = b == (byte)'}';
                if (_depth == 0 || inObject != closesObject || _afterComma || (_expectValue && Token == JsonToken.PropertyName))
                {
                    throw Error("unexpected '" + (char)b + "'");
                }

                _pos++;
                _depth--;
                Token = closesObject ? JsonToken.EndObject : JsonToken.EndArray;
                AfterValue();
                return true;
            }

            if (!_expectValue)
            {
                if (b != (byte)',')
                {
                    throw Error("expected ',' or a closing bracket");
                }

                _pos++;
                _afterComma = true;
                _expectValue = true;
                SkipSpace();
                if (_pos >= _end)
                {
                    throw Error("unexpected end of document");
                }

                b = _data[_pos];
            }

            if (inObject && Token != JsonToken.PropertyName)
            {
                if (b != (byte)'"')
                {
                    throw Error(b == (byte)'}' ? "trailing comma" : "expected a property name");
                }

                ReadStringToken();
                SkipSpace();
                if (_pos >= _end || _data[_pos] != (byte)':')
                {
                    throw Error("expected ':' after a property name");
                }

                _pos++;
                _afterComma = false;
                Token = JsonToken.PropertyName;
                return true;
            }

            _afterComma = false;
            switch (b)
            {
                case (byte)'{':
                case (byte)'[':
                    if (_depth == MaxDepth)
                    {
                        throw Error("nesting too deep");
                    }

                    _pos++;
                    _inObject[_depth++] = b == (byte)'{';
                    Token = b == (byte)'{' ? JsonToken.BeginObject : JsonToken.BeginArray;
                    _expectValue = true;
                    return true;
                case (byte)'"':
                    ReadStringToken();
                    Token = JsonToken.String;
                    break;
                case (byte)'t':
                    ReadLiteral("true");
                    Token = JsonToken.True;
                    break;
                case (byte)'f':
                    ReadLiteral("false");
                    Token = JsonToken.False;
                    break;
                case (byte)'n':
                    ReadLiteral("null");
                    Token = JsonToken.Null;
                    break;
                default:
                    if (b == (byte)'-' || (b >= (byte)'0' && b <= (byte)'9'))
                    {
                        ReadNumberToken();
                        Token = JsonToken.Number;
                        break;
                    }

                    throw Error("unexpected character");
            }

            AfterValue();
            return true;
        }

        /// <summary>True when the current string or property name equals <paramref name="ascii"/> exactly (no allocation).</summary>
        public bool ValueEquals(string ascii)
        {
            if (_tokenHasEscapes)
            {
                return GetString() == ascii;
            }

            if (_tokenLength != ascii.Length)
            {
                return false;
            }

            for (int i = 0; i < _tokenLength; i++)
            {
                if (_data[_tokenStart + i] != (byte)ascii[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The current string or property name, unescaped.</summary>
        public string GetString()
        {
            if (!_tokenHasEscapes)
            {
                return Encoding.UTF8.GetString(_data, _tokenStart, _tokenLength);
            }

            ByteBuffer raw = new ByteBuffer(_tokenLength);
            int i = _tokenStart;
            int end = _tokenStart + _tokenLength;
            while (i < end)
            {
                byte b = _data[i++];
                if (b != (byte)'\\')
                {
                    raw.Append(b);
                    continue;
                }

                byte e = _data[i++];
                switch (e)
                {
                    case (byte)'b': raw.Append(8); break;
                    case (byte)'f': raw.Append(12); break;
                    case (byte)'n': raw.Append(10); break;
                    case (byte)'r': raw.Append(13); break;
                    case (byte)'t': raw.Append(9); break;
                    case (byte)'u':
                        int cp = Hex4(i);
                        i += 4;
                        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= end && _data[i] == (byte)'\\' && _data[i + 1] == (byte)'u')
                        {
                            int low = Hex4(i + 2);
                            if (low >= 0xDC00 && low <= 0xDFFF)
                            {
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                                i += 6;
                            }
                        }

                        raw.AppendUtf8(CodePointToString(cp));
                        break;
                    default: raw.Append(e); break;
                }
            }

            return Encoding.UTF8.GetString(raw.Data, 0, raw.Length);
        }

        /// <summary>The current number.</summary>
        public double GetDouble()
        {
            int i = _tokenStart;
            int end = _tokenStart + _tokenLength;
            bool negative = false;
            if (_data[i] == (byte)'-')
            {
                negative = true;
                i++;
            }

            double mantissa = 0;
            int exponent = 0;
            while (i < end && _data[i] >= (byte)'0' && _data[i] <= (byte)'9')
            {
                mantissa = (mantissa * 10) + (_data[i] - (byte)'0');
                i++;
            }

            if (i < end && _data[i] == (byte)'.')
            {
                i++;
                while (i < end && _data[i] >= (byte)'0' && _data[i] <= (byte)'9')
                {
                    mantissa = (mantissa * 10) + (_data[i] - (byte)'0');
                    exponent--;
                    i++;
                }
            }

            if (i < end && (_data[i] == (byte)'e' || _data[i] == (byte)'E'))
            {
                i++;
                bool expNegative = false;
                if (_data[i] == (byte)'+' || _data[i] == (byte)'-')
                {
                    expNegative = _data[i] == (byte)'-';
                    i++;
                }

                int e = 0;
                while (i < end)
                {
                    if (e < 10000)
                    {
                        e = (e * 10) + (_data[i] - (byte)'0');
                    }

                    i++;
                }

                exponent += expNegative ? -e : e;
            }

            // Divide by the exact power of ten rather than multiply by its inexact inverse (0.1 has no
            // double): one rounding instead of two, so "0.3" reads as 0.3 and not 0.30000000000000004.
            double value = exponent < 0 && exponent >= -308 ? mantissa / Math.Pow(10, -exponent) : mantissa * Math.Pow(10, exponent);
            return negative ? -value : value;
        }

        /// <summary>
        /// The current number as an integer. False when it has a fraction or does not fit in an int.
        /// </summary>
        public bool TryGetInt32(out int value)
        {
            value = 0;
            if (Token != JsonToken.Number)
            {
                return false;
            }

            double d = GetDouble();
            if (d < int.MinValue || d > int.MaxValue || d != Math.Floor(d))
            {
                return false;
            }

            value = (int)d;
            return true;
        }

        /// <summary>Skips the current value: for a property name its value, for an opening bracket up to its match.</summary>
        public void Skip()
        {
            if (Token == JsonToken.PropertyName)
            {
                Read();
            }

            if (Token == JsonToken.BeginObject || Token == JsonToken.BeginArray)
            {
                int depth = _depth;
                while (_depth >= depth)
                {
                    Read();
                }
            }
        }

        private void AfterValue()
        {
            _expectValue = false;
            if (_depth == 0)
            {
                _done = true;
            }
        }

        private void ReadStringToken()
        {
            _pos++; // opening quote
            _tokenStart = _pos;
            _tokenHasEscapes = false;
            while (true)
            {
                if (_pos >= _end)
                {
                    throw Error("unterminated string");
                }

                byte b = _data[_pos];
                if (b == (byte)'"')
                {
                    break;
                }

                if (b < 0x20)
                {
                    throw Error("control character in a string");
                }

                if (b == (byte)'\\')
                {
                    _tokenHasEscapes = true;
                    if (_pos + 1 >= _end)
                    {
                        throw Error("unterminated string");
                    }

                    byte e = _data[_pos + 1];
                    if (e == (byte)'u')
                    {
                        if (_pos + 6 > _end || Hex4(_pos + 2) < 0)
                        {
                            throw Error("bad \\u escape");
                        }

                        _pos += 6;
                        continue;
                    }

                    if (e != (byte)'"' && e != (byte)'\\' && e != (byte)'/' && e != (byte)'b' && e != (byte)'f' && e != (byte)'n' && e != (byte)'r' && e != (byte)'t')
                    {
                        throw Error("bad escape");
                    }

                    _pos += 2;
                    continue;
                }

                _pos++;
            }

            _tokenLength = _pos - _tokenStart;
            _pos++; // closing quote
            if (!Utf8.IsValid(_data, _tokenStart, _tokenLength))
            {
                throw Error("string is not valid UTF-8");
            }
        }

        // RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
        private void ReadNumberToken()
        {
            _tokenStart = _pos;
            _tokenHasEscapes = false;
            if (_data[_pos] == (byte)'-')
            {
                _pos++;
            }

            if (_pos >= _end || !IsDigit(_data[_pos]))
            {
                throw Error("bad number");
            }

            if (_data[_pos] == (byte)'0')
            {
                _pos++;
            }
            else
            {
                SkipDigits();
            }

            if (_pos < _end && _data[_pos] == (byte)'.')
            {
                _pos++;
                if (_pos >= _end || !IsDigit(_data[_pos]))
                {
                    throw Error("bad number");
                }

                SkipDigits();
            }

            if (_pos < _end && (_data[_pos] == (byte)'e' || _data[_pos] == (byte)'E'))
            {
                _pos++;
                if (_pos < _end && (_data[_pos] == (byte)'+' || _data[_pos] == (byte)'-'))
                {
                    _pos++;
                }

                if (_pos >= _end || !IsDigit(_data[_pos]))
                {
                    throw Error("bad number");
                }

                SkipDigits();
            }

            if (_pos < _end && !IsDelimiter(_data[_pos]))
            {
                throw Error("bad number");
            }

            _tokenLength = _pos - _tokenStart;
        }

        private void ReadLiteral(string literal)
        {
            if (_pos + literal.Length > _end)
            {
                throw Error("unexpected end of document");
            }

            for (int i = 0; i < literal.Length; i++)
            {
                if (_data[_pos + i] != (byte)literal[i])
                {
                    throw Error("unexpected character");
                }
            }

            _pos += literal.Length;
            if (_pos < _end && !IsDelimiter(_data[_pos]))
            {
                throw Error("unexpected character");
            }
        }

        private void SkipDigits()
        {
            while (_pos < _end && IsDigit(_data[_pos]))
            {
                _pos++;
            }
        }

        private void SkipSpace()
        {
            while (_pos < _end && Utf8.IsSpace(_data[_pos]))
            {
                _pos++;
            }
        }

        private int Hex4(int at)
        {
            int v = 0;
            for (int i = 0; i < 4; i++)
            {
                int d = HexValue(_data[at + i]);
                if (d < 0)
                {
                    return -1;
                }

                v = (v << 4) | d;
            }

            return v;
        }

        private static int HexValue(byte b)
        {
            if (b >= (byte)'0' && b <= (byte)'9')
            {
                return b - '0';
            }

            if (b >= (byte)'a' && b <= (byte)'f')
            {
                return b - 'a' + 10;
            }

            if (b >= (byte)'A' && b <= (byte)'F')
            {
                return b - 'A' + 10;
            }

            return -1;
        }

        private static string CodePointToString(int cp)
        {
            if (cp < 0x10000)
            {
                return new string((char)cp, 1);
            }

            cp -= 0x10000;
            char[] pair = new char[2];
            pair[0] = (char)(0xD800 + (cp >> 10));
            pair[1] = (char)(0xDC00 + (cp & 0x3FF));
            return new string(pair);
        }

        private static bool IsDigit(byte b)
        {
            return b >= (byte)'0' && b <= (byte)'9';
        }

        private static bool IsDelimiter(byte b)
        {
            return Utf8.IsSpace(b) || b == (byte)',' || b == (byte)'}' || b == (byte)']';
        }

        private JsonFormatException Error(string what)
        {
            return new JsonFormatException("invalid JSON at byte " + _pos + ": " + what);
        }
    }
}
