namespace Endpoint.Core.Ota
{
    /// <summary>
    /// The rules for the <c>url</c> of an offer (Ota/README.md, "Delivery over HTTP"): what every device can fetch,
    /// checked before anything else of the offer is used, so a bad URL is a clear refusal that changes nothing.
    /// </summary>
    public static class OtaUrl
    {
        private const string Http = "http://";
        private const string Https = "https://";

        /// <summary>Null when <paramref name="url"/> is acceptable, else why not (one line, for the offer's error).</summary>
        public static string Problem(string url)
        {
            if (url == null || url.Length == 0)
            {
                return "offer field 'url' is empty";
            }

            if (url.Length > OtaLimits.MaxUrlChars)
            {
                return "offer field 'url' is " + url.Length + " characters, more than the " + OtaLimits.MaxUrlChars + " allowed";
            }

            int authority;
            if (OtaText.StartsWith(url, Http))
            {
                authority = Http.Length;
            }
            else if (OtaText.StartsWith(url, Https))
            {
                authority = Https.Length;
            }
            else
            {
                return "offer field 'url' must start with http:// or https://";
            }

            for (int i = 0; i < url.Length; i++)
            {
                char c = url[i];
                if (c <= ' ' || c > '~')
                {
                    return "offer field 'url' may hold only printable ASCII without spaces (percent-encode the rest)";
                }

                // nanoFramework's HttpWebRequest sends only the URI's AbsolutePath in the request line, so a query
                // would silently be dropped on the device: refuse it everywhere instead.
                if (c == '?' || c == '#')
                {
                    return "offer field 'url' must not have a query or fragment ('?', '#')";
                }
            }

            int end = url.IndexOf('/', authority);
            if (end < 0)
            {
                end = url.Length;
            }

            if (end == authority)
            {
                return "offer field 'url' has no host";
            }

            for (int i = authority; i < end; i++)
            {
                if (url[i] == '@')
                {
                    // Credentials in a URL end up in logs and on the broker (the offer is retained).
                    return "offer field 'url' must not carry credentials (user@host)";
                }
            }

            if (url[authority] == '[')
            {
                return "offer field 'url' must name the host by DNS name or IPv4 address (the device has no IPv6)";
            }

            int colon = url.IndexOf(':', authority);
            int hostEnd = colon >= 0 && colon < end ? colon : end;
            if (hostEnd == authority)
            {
                return "offer field 'url' has no host";
            }

            for (int i = authority; i < hostEnd; i++)
            {
                char c = url[i];
                bool emptyLabel = c == '.' && (i == authority || i == hostEnd - 1 || url[i + 1] == '.');
                if (emptyLabel || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'))
                {
                    return "offer field 'url' has a bad host name (labels of letters, digits and '-', joined by '.')";
                }
            }

            if (hostEnd < end)
            {
                int port = 0;
                for (int i = colon + 1; i < end; i++)
                {
                    char c = url[i];
                    if (c < '0' || c > '9' || port > 6553)
                    {
                        return "offer field 'url' has a bad port (1-65535)";
                    }

                    port = (port * 10) + (c - '0');
                }

                if (port < 1 || port > 65535)
                {
                    return "offer field 'url' has a bad port (1-65535)";
                }
            }

            return null;
        }
    }
}
