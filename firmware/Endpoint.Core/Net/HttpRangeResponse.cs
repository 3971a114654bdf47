namespace Endpoint.Core.Net
{
    /// <summary>What a server answered to a range request, unjudged (see <see cref="IHttpRangeFetcher"/>).</summary>
    public sealed class HttpRangeResponse
    {
        /// <summary>A response: its status code, its <c>Content-Range</c> header (null when absent) and body bytes read.</summary>
        public HttpRangeResponse(int status, string contentRange, byte[] body)
        {
            Status = status;
            ContentRange = contentRange;
            Body = body == null ? new byte[0] : body;
        }

        private HttpRangeResponse(string error)
        {
            Error = error;
            Body = new byte[0];
        }

        /// <summary>No response: the connection failed, timed out or broke while the headers were read.</summary>
        public static HttpRangeResponse Failed(string error)
        {
            return new HttpRangeResponse(error == null || error.Length == 0 ? "request failed" : error);
        }

        /// <summary>The HTTP status code; 0 when no response came (see <see cref="Error"/>).</summary>
        public int Status { get; private set; }

        /// <summary>The <c>Content-Range</c> header, or null.</summary>
        public string ContentRange { get; private set; }

        /// <summary>The body bytes read (never null; possibly fewer than sent when the connection broke).</summary>
        public byte[] Body { get; private set; }

        /// <summary>Why there is no response; null when there is one.</summary>
        public string Error { get; private set; }
    }
}
