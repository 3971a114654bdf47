using System.Text;
using Endpoint.Core.Text;

namespace Endpoint.Core.Provisioning.Portal
{
    /// <summary>
    /// Reads one HTTP/1.1 request from raw bytes as they arrive (RFC 9112): the request line, the header fields,
    /// and a body of <c>Content-Length</c> bytes. Strict and bounded, because anyone in range of the access point
    /// can send anything: a head larger than <see cref="MaxHeadBytes"/> is refused (414 or 431), a body larger than
    /// <see cref="MaxBodyBytes"/> is refused (413), chunked bodies are not supported (501), and every malformed line
    /// is a 400 with a one-line reason. Nothing is read past the body (one request per connection).
    /// </summary>
    public sealed class HttpRequestParser
    {
        /// <summary>Most bytes of request line and header fields together.</summary>
        public const int MaxHeadBytes = 4096;

        /// <summary>Most bytes of a body (the portal's form is a few hundred).</summary>
        public const int MaxBodyBytes = 4096;

        /// <summary>Most bytes of the request line.</summary>
        public const int MaxRequestLineBytes = 2048;

        private readonly ByteBuffer _data = new ByteBuffer(512);
        private int _headEnd = -1;
        private int _bodyStart;
        private int _bodyLength;
        private bool _absoluteForm;
        private HttpParseStatus _status;

        /// <summary>The request, once <see cref="HttpParseStatus.Complete"/>.</summary>
        public HttpRequest Request { get; private set; }

        /// <summary>The status code to answer a <see cref="HttpParseStatus.Failed"/> request with.</summary>
        public int ErrorStatus { get; private set; }

        /// <summary>Why the request failed, one line.</summary>
        public string Error { get; private set; }

        /// <summary>Forgets everything fed so far.</summary>
        public void Reset()
        {
            _data.Clear();
            _headEnd = -1;
            _bodyLength = 0;
            _absoluteForm = false;
            _status = HttpParseStatus.NeedMore;
            Request = null;
            ErrorStatus = 0;
            Error = null;
        }

        /// <summary>Adds received bytes; returns where the request stands. After Complete or Failed, more bytes change nothing.</summary>
        public HttpParseStatus Feed(byte[] data, int offset, int count)
        {
            if (_status != HttpParseStatus.NeedMore)
            {
                return _status;
            }

            int room = MaxHeadBytes + MaxBodyBytes + 4 - _data.Length;
            _data.Append(data, offset, count < room ? count : room);
            if (_headEnd < 0)
            {
                FindHeadEnd();
                if (_status != HttpParseStatus.NeedMore || _headEnd < 0)
                {
                    return _status;
                }

                ParseHead();
                if (_status != HttpParseStatus.NeedMore)
                {
                    return _status;
                }
            }

            if (_data.Length - _bodyStart >= _bodyLength)
            {
                byte[] body = new byte[_bodyLength];
                System.Array.Copy(_data.Data, _bodyStart, body, 0, _bodyLength);
                Request.SetBody(body);
                _status = HttpParseStatus.Complete;
            }

            return _status;
        }

        // The head ends at the first empty line: CRLF CRLF, or LF LF (a bare LF may end a line, RFC 9112 §2.2).
        private void FindHeadEnd()
        {
            byte[] d = _data.Data;
            int n = _data.Length;
            int firstLineEnd = -1;
            for (int i = 0; i < n; i++)
            {
                if (d[i] != (byte)'\n')
                {
                    continue;
                }

                if (firstLineEnd < 0)
                {
                    firstLineEnd = i;
                }

                if (i + 1 < n && d[i + 1] == (byte)'\n')
                {
                    _headEnd = i + 1;
                    _bodyStart = i + 2;
                    break;
                }

                if (i + 2 < n && d[i + 1] == (byte)'\r' && d[i + 2] == (byte)'\n')
                {
                    _headEnd = i + 1;
                    _bodyStart = i + 3;
                    break;
                }
            }

            int head = _headEnd >= 0 ? _headEnd : n;
            if ((firstLineEnd < 0 && n > MaxRequestLineBytes) || firstLineEnd > MaxRequestLineBytes)
            {
                Fail(414, "the request line is longer than " + MaxRequestLineBytes + " bytes");
            }
            else if (head > MaxHeadBytes)
            {
                Fail(431, "the header fields are larger than " + MaxHeadBytes + " bytes");
            }
        }

        private void ParseHead()
        {
            byte[] d = _data.Data;
            int lineStart = 0;
            bool first = true;
            bool sawLength = false;
            while (lineStart < _headEnd)
            {
                int lf = lineStart;
                while (d[lf] != (byte)'\n')
                {
                    lf++;
                }

                int lineEnd = lf > lineStart && d[lf - 1] == (byte)'\r' ? lf - 1 : lf;
                if (!CheckLineBytes(d, lineStart, lineEnd))
                {
                    return;
                }

                if (first)
                {
                    if (!ParseRequestLine(d, lineStart, lineEnd))
                    {
                        return;
                    }

                    first = false;
                }
                else if (!ParseField(d, lineStart, lineEnd, ref sawLength))
                {
                    return;
                }

                lineStart = lf + 1;
            }

            if (Request.Header("transfer-encoding") != null)
            {
                Fail(501, "Transfer-Encoding is not supported: send a Content-Length");
                return;
            }

            if (Request.Method == "POST" && !sawLength)
            {
                Fail(411, "a POST needs a Content-Length");
            }
        }

        // Control characters other than tab have no place in a request line or field (RFC 9110 §5.5).
        private bool CheckLineBytes(byte[] d, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                byte b = d[i];
                if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
                {
                    Fail(400, "control character 0x" + b.ToString("X2") + " in the request head");
                    return false;
                }
            }

            return true;
        }

        // method SP request-target SP HTTP-version (RFC 9112 §3)
        private bool ParseRequestLine(byte[] d, int start, int end)
        {
            int sp1 = IndexOf(d, start, end, (byte)' ');
            int sp2 = sp1 < 0 ? -1 : IndexOf(d, sp1 + 1, end, (byte)' ');
            if (sp1 <= start || sp2 < 0 || sp2 == sp1 + 1 || IndexOf(d, sp2 + 1, end, (byte)' ') >= 0)
            {
                Fail(400, "the request line is not 'METHOD target HTTP/1.1'");
                return false;
            }

            for (int i = start; i < sp1; i++)
            {
                if (!IsTokenChar(d[i]))
                {
                    Fail(400, "the method is not a token");
                    return false;
                }
            }

            string version = Ascii(d, sp2 + 1, end);
            if (version != "HTTP/1.1" && version != "HTTP/1.0")
            {
                Fail(version.StartsWith("HTTP/") ? 505 : 400, version.StartsWith("HTTP/") ? "only HTTP/1.1 and HTTP/1.0 are spoken here" : "the request line does not end with an HTTP version");
                return false;
            }

            for (int i = sp1 + 1; i < sp2; i++)
            {
                if (d[i] > 0x7E)
                {
                    Fail(400, "the request target must be ASCII (percent-encode the rest)");
                    return false;
                }
            }

            string target = Ascii(d, sp1 + 1, sp2);
            string host = null;
            if (target.StartsWith("http://"))
            {
                // absolute-form (RFC 9112 §3.2.2): a client that believes it talks to a proxy.
                int slash = target.IndexOf('/', 7);
                host = slash < 0 ? target.Substring(7) : target.Substring(7, slash - 7);
                target = slash < 0 ? "/" : target.Substring(slash);
            }
            else if (!target.StartsWith("/"))
            {
                Fail(400, "the request target must be a path starting with '/'");
                return false;
            }

            Request = new HttpRequest(Ascii(d, start, sp1), target);
            if (host != null)
            {
                Request.SetHeader("host", host);
                _absoluteForm = true;
            }

            return true;
        }

        // field-name ":" OWS field-value OWS (RFC 9112 §5)
        private bool ParseField(byte[] d, int start, int end, ref bool sawLength)
        {
            if (d[start] == (byte)' ' || d[start] == (byte)'\t')
            {
                Fail(400, "folded header lines are not accepted (RFC 9112 §5.2)");
                return false;
            }

            int colon = IndexOf(d, start, end, (byte)':');
            if (colon <= start)
            {
                Fail(400, "a header line without a name and ':'");
                return false;
            }

            for (int i = start; i < colon; i++)
            {
                if (!IsTokenChar(d[i]))
                {
                    Fail(400, "a header name with a space or separator before ':'");
                    return false;
                }
            }

            int valueStart = colon + 1;
            int valueEnd = end;
            while (valueStart < valueEnd && (d[valueStart] == (byte)' ' || d[valueStart] == (byte)'\t'))
            {
                valueStart++;
            }

            while (valueEnd > valueStart && (d[valueEnd - 1] == (byte)' ' || d[valueEnd - 1] == (byte)'\t'))
            {
                valueEnd--;
            }

            if (!Utf8.IsValid(d, valueStart, valueEnd - valueStart))
            {
                Fail(400, "a header value that is not UTF-8");
                return false;
            }

            string name = Ascii(d, start, colon).ToLower();
            string value = Encoding.UTF8.GetString(d, valueStart, valueEnd - valueStart);
            if (name == "content-length")
            {
                int length = ParseLength(value);
                if (length < 0)
                {
                    Fail(400, "Content-Length is not a number");
                    return false;
                }

                if (sawLength && length != _bodyLength)
                {
                    Fail(400, "two different Content-Length values");
                    return false;
                }

                if (length > MaxBodyBytes)
                {
                    Fail(413, "the body is larger than " + MaxBodyBytes + " bytes");
                    return false;
                }

                sawLength = true;
                _bodyLength = length;
            }

            if (name == "host" && _absoluteForm)
            {
                return true; // the target's host wins over the field (RFC 9112 §3.2.2)
            }

            if (name == "host" && Request.Header("host") != null && Request.Header("host") != value)
            {
                Fail(400, "two different Host fields");
                return false;
            }

            Request.SetHeader(name, value);
            return true;
        }

        private void Fail(int status, string error)
        {
            _status = HttpParseStatus.Failed;
            ErrorStatus = status;
            Error = error;
        }

        private static int ParseLength(string s)
        {
            if (s.Length == 0 || s.Length > 9)
            {
                return s.Length > 9 && IsDigits(s) ? int.MaxValue : -1;
            }

            int v = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9')
                {
                    return -1;
                }

                v = (v * 10) + (c - '0');
            }

            return v;
        }

        private static bool IsDigits(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] < '0' || s[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }

        // tchar (RFC 9110 §5.6.2)
        private static bool IsTokenChar(byte b)
        {
            if ((b >= (byte)'0' && b <= (byte)'9') || (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z'))
            {
                return true;
            }

            return "!#$%&'*+-.^_`|~".IndexOf((char)b) >= 0;
        }

        private static int IndexOf(byte[] d, int start, int end, byte b)
        {
            for (int i = start; i < end; i++)
            {
                if (d[i] == b)
                {
                    return i;
                }
            }

            return -1;
        }

        private static string Ascii(byte[] d, int start, int end)
        {
            return Encoding.UTF8.GetString(d, start, end - start);
        }
    }
}
