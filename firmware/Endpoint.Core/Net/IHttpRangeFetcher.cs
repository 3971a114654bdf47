namespace Endpoint.Core.Net
{
    /// <summary>Raised once per <see cref="IHttpRangeFetcher.Fetch"/> with what the server answered. May be raised on any thread.</summary>
    public delegate void HttpRangeFetchedHandler(HttpRangeResponse response);

    /// <summary>
    /// One HTTP(S) GET of a byte range (RFC 9110 §14: <c>Range: bytes=first-last</c>), the seam of the OTA download over
    /// HTTP (Ota/README.md, "Delivery over HTTP"). The request runs off the caller's thread (the device: a worker
    /// thread over nanoFramework's <c>HttpWebRequest</c>; the host: <c>HttpClient</c>); the caller posts the result into
    /// its loop. The adapter reports what it received and judges nothing: the portable <c>HttpBlockCheck</c> decides
    /// whether the answer is the range asked for.
    /// </summary>
    public interface IHttpRangeFetcher
    {
        /// <summary>
        /// Starts the request and returns at once. <paramref name="done"/> is raised exactly once: with the status,
        /// the <c>Content-Range</c> header and at most <c>last − first + 2</c> body bytes (one more than asked, so a
        /// longer answer shows without reading a whole file), or with an error when no response came within
        /// <paramref name="timeoutMs"/>. Redirects are not followed.
        /// </summary>
        void Fetch(string url, int first, int last, int timeoutMs, HttpRangeFetchedHandler done);
    }
}
