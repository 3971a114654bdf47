namespace Endpoint.Core.Provisioning.Portal
{
    /// <summary>Where <see cref="HttpRequestParser"/> stands after the bytes fed so far.</summary>
    public enum HttpParseStatus
    {
        /// <summary>The request is not complete yet.</summary>
        NeedMore,
        /// <summary>A whole request was read: <see cref="HttpRequestParser.Request"/>.</summary>
        Complete,
        /// <summary>The bytes are not an acceptable request: <see cref="HttpRequestParser.ErrorStatus"/> and <see cref="HttpRequestParser.Error"/>.</summary>
        Failed,
    }
}
