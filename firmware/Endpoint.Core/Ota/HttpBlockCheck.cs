using Endpoint.Core.Net;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// Whether an HTTP answer is exactly the block asked for (RFC 9110 §14.4 <c>Content-Range</c>, §15.3.7 206 Partial
    /// Content). Nothing reaches the slot unless it is; a block that passes still goes through the assembly's
    /// SHA-256 check. The verdict says whether asking again can help (a lost connection, a busy server) or not (a
    /// server that ignores ranges, the wrong file): the latter stops the download with the reason.
    /// </summary>
    public static class HttpBlockCheck
    {
        /// <summary>
        /// Null when <paramref name="r"/> is bytes <paramref name="first"/> … first + <paramref name="length"/> − 1 of a
        /// file of <paramref name="fileSize"/> bytes, else why not; <paramref name="retry"/> tells whether a new attempt may succeed.
        /// </summary>
        public static string Check(HttpRangeResponse r, int first, int length, int fileSize, out bool retry)
        {
            retry = true;
            int last = first + length - 1;
            if (r.Status == 0)
            {
                return "no answer from the bundle URL: " + r.Error;
            }

            if (r.Status == 408 || r.Status == 429 || (r.Status >= 500 && r.Status <= 599))
            {
                return "the bundle URL answered " + r.Status + " (will ask again)";
            }

            retry = false;
            if (r.Status == 200)
            {
                return "the server ignores byte ranges (200 instead of 206 for bytes=" + first + "-" + last + "): serve the bundle from a server that supports Range requests (RFC 9110 §14)";
            }

            if (r.Status == 416)
            {
                return "the server refused bytes=" + first + "-" + last + " (416): the file at the URL is not the " + fileSize + "-byte bundle offered";
            }

            if (r.Status >= 300 && r.Status <= 399)
            {
                return "the bundle URL redirects (" + r.Status + "), which the device does not follow: offer the final URL";
            }

            if (r.Status != 206)
            {
                return "the bundle URL answered " + r.Status + " instead of 206 Partial Content";
            }

            string range = r.ContentRange;
            int from;
            int to;
            int size;
            if (!TryParseContentRange(range, out from, out to, out size))
            {
                return "the server's Content-Range '" + Printable(range) + "' is not 'bytes first-last/size'";
            }

            if (from != first || to != last)
            {
                return "the server sent bytes " + from + "-" + to + " for the request bytes=" + first + "-" + last;
            }

            if (size >= 0 && size != fileSize)
            {
                return "the file at the URL has " + size + " bytes, the bundle offered has " + fileSize + ": wrong file";
            }

            if (r.Body.Length > length)
            {
                return "the server sent more than the " + length + " bytes of its Content-Range";
            }

            if (r.Body.Length < length)
            {
                retry = true;
                return "short body: " + r.Body.Length + " of " + length + " bytes (will ask again)";
            }

            retry = false;
            return null;
        }

        /// <summary>
        /// Parses <c>bytes first-last/complete</c> (RFC 9110 §14.4; the unit is case-insensitive, the complete length may
        /// be <c>*</c>, reported as −1). False for anything else, including the unsatisfied form <c>bytes */size</c>.
        /// </summary>
        public static bool TryParseContentRange(string value, out int first, out int last, out int size)
        {
            first = 0;
            last = 0;
            size = -1;
            if (value == null || value.Length < 9 || value.Length > 64 || !OtaText.EqualsIgnoreCase(value.Substring(0, 6), "bytes "))
            {
                return false;
            }

            int i = 6;
            while (i < value.Length && value[i] == ' ')
            {
                i++;
            }

            if (!Number(value, ref i, out first) || i >= value.Length || value[i] != '-')
            {
                return false;
            }

            i++;
            if (!Number(value, ref i, out last) || i >= value.Length || value[i] != '/' || last < first)
            {
                return false;
            }

            i++;
            if (i == value.Length - 1 && value[i] == '*')
            {
                return true;
            }

            int complete;
            if (!Number(value, ref i, out complete) || i != value.Length || last >= complete)
            {
                return false;
            }

            size = complete;
            return true;
        }

        // Decimal digits, at most 9 (a bundle is far below 1e9 bytes), so no overflow.
        private static bool Number(string s, ref int i, out int value)
        {
            value = 0;
            int start = i;
            while (i < s.Length && s[i] >= '0' && s[i] <= '9')
            {
                if (i - start == 9)
                {
                    return false;
                }

                value = (value * 10) + (s[i] - '0');
                i++;
            }

            return i > start;
        }

        private static string Printable(string s)
        {
            if (s == null)
            {
                return "(none)";
            }

            char[] c = new char[s.Length < 64 ? s.Length : 64];
            for (int i = 0; i < c.Length; i++)
            {
                c[i] = s[i] < ' ' || s[i] > '~' ? '?' : s[i];
            }

            return new string(c);
        }
    }
}
