using System.Collections;

namespace Endpoint.Core.Provisioning.Portal
{
    /// <summary>
    /// One HTTP/1.1 request as the portal sees it, independent of the server it came through: method, path and
    /// query of the request target, header fields (names case-insensitive, RFC 9110 §5.1) and the body.
    /// Filled by <see cref="HttpRequestParser"/> from raw bytes (the device's socket server, the host's listener)
    /// or directly by tests.
    /// </summary>
    public sealed class HttpRequest
    {
        private readonly Hashtable _headers = new Hashtable();
        private byte[] _body = new byte[0];

        /// <summary>Creates a request for <paramref name="method"/> and an origin-form target (<c>/path?query</c>).</summary>
        public HttpRequest(string method, string target)
        {
            Method = method;
            int q = target.IndexOf('?');
            Path = q < 0 ? target : target.Substring(0, q);
            Query = q < 0 ? string.Empty : target.Substring(q + 1);
        }

        /// <summary>The method, case-sensitive (RFC 9110 §9.1): GET, HEAD, POST…</summary>
        public string Method { get; private set; }

        /// <summary>The path of the target, as sent (not percent-decoded), starting with '/'.</summary>
        public string Path { get; private set; }

        /// <summary>The query of the target without the '?', or empty.</summary>
        public string Query { get; private set; }

        /// <summary>The Host header field, or null (HTTP/1.0 clients may omit it).</summary>
        public string Host
        {
            get { return Header("host"); }
        }

        /// <summary>The body bytes (empty without one).</summary>
        public byte[] Body
        {
            get { return _body; }
        }

        /// <summary>The value of the header field <paramref name="name"/> (any case), or null.</summary>
        public string Header(string name)
        {
            return (string)_headers[name.ToLower()];
        }

        /// <summary>Sets a header field (a repeated field replaces the earlier value).</summary>
        public void SetHeader(string name, string value)
        {
            _headers[name.ToLower()] = value;
        }

        /// <summary>Sets the body.</summary>
        public void SetBody(byte[] body)
        {
            _body = body == null ? new byte[0] : body;
        }
    }
}
