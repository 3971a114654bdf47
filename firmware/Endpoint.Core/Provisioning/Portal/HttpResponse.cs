using System.Text;
using Endpoint.Core.Text;

namespace Endpoint.Core.Provisioning.Portal
{
    /// <summary>
    /// The portal's answer to an <see cref="HttpRequest"/>: status, content type, an optional Location and the
    /// body. <see cref="WriteTo"/> frames it as HTTP/1.1 with a Content-Length and <c>Connection: close</c>
    /// (one request per connection keeps both servers simple, RFC 9112 §9.6), never cached: the page shows state.
    /// </summary>
    public sealed class HttpResponse
    {
        /// <summary>Creates a response.</summary>
        public HttpResponse(int status, string contentType, byte[] body)
        {
            Status = status;
            ContentType = contentType;
            Body = body == null ? new byte[0] : body;
        }

        /// <summary>Status code.</summary>
        public int Status { get; private set; }

        /// <summary>Media type of the body, or null without a body.</summary>
        public string ContentType { get; private set; }

        /// <summary>The body.</summary>
        public byte[] Body { get; private set; }

        /// <summary>Redirect target (3xx), or null.</summary>
        public string Location { get; set; }

        /// <summary>True for a HEAD request: the header says the body's length, the body is not sent (RFC 9110 §9.3.2).</summary>
        public bool OmitBody { get; set; }

        /// <summary>The body as text (UTF-8).</summary>
        public string Text
        {
            get { return Encoding.UTF8.GetString(Body, 0, Body.Length); }
        }

        /// <summary>An HTML page.</summary>
        public static HttpResponse Html(int status, string html)
        {
            return new HttpResponse(status, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html));
        }

        /// <summary>Plain text.</summary>
        public static HttpResponse PlainText(int status, string text)
        {
            return new HttpResponse(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));
        }

        /// <summary>A redirect (302 Found, or 303 See Other after a POST) to <paramref name="location"/>, with a link for old clients.</summary>
        public static HttpResponse Redirect(int status, string location)
        {
            HttpResponse r = Html(status, "<!DOCTYPE html><a href=\"" + PortalPage.Escape(location) + "\">Continue</a>");
            r.Location = location;
            return r;
        }

        /// <summary>The standard reason phrase of the statuses the portal uses.</summary>
        public static string Reason(int status)
        {
            switch (status)
            {
                case 200:
                    return "OK";
                case 204:
                    return "No Content";
                case 302:
                    return "Found";
                case 303:
                    return "See Other";
                case 400:
                    return "Bad Request";
                case 404:
                    return "Not Found";
                case 405:
                    return "Method Not Allowed";
                case 408:
                    return "Request Timeout";
                case 411:
                    return "Length Required";
                case 413:
                    return "Content Too Large";
                case 414:
                    return "URI Too Long";
                case 415:
                    return "Unsupported Media Type";
                case 431:
                    return "Request Header Fields Too Large";
                case 501:
                    return "Not Implemented";
                case 503:
                    return "Service Unavailable";
                case 505:
                    return "HTTP Version Not Supported";
                default:
                    return "Unknown";
            }
        }

        /// <summary>Writes the status line, header fields and (unless <see cref="OmitBody"/>) the body.</summary>
        public void WriteTo(ByteBuffer output)
        {
            output.AppendUtf8("HTTP/1.1 ");
            output.AppendInteger(Status);
            output.AppendUtf8(" ");
            output.AppendUtf8(Reason(Status));
            output.AppendUtf8("\r\n");
            if (ContentType != null)
            {
                output.AppendUtf8("Content-Type: ");
                output.AppendUtf8(ContentType);
                output.AppendUtf8("\r\n");
            }

            if (Location != null)
            {
                output.AppendUtf8("Location: ");
                output.AppendUtf8(Location);
                output.AppendUtf8("\r\n");
            }

            if (Status == 405)
            {
                output.AppendUtf8("Allow: GET, HEAD, POST\r\n");
            }

            output.AppendUtf8("Content-Length: ");
            output.AppendInteger(Body.Length);
            output.AppendUtf8("\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
            if (!OmitBody)
            {
                output.Append(Body, 0, Body.Length);
            }
        }
    }
}
