using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Threading;
using Endpoint.Core.Net;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IHttpRangeFetcher"/> over nanoFramework's <c>HttpWebRequest</c> (nanoframework/System.Net.Http,
    /// package nanoFramework.System.Net.Http.Client). Each fetch runs on its own worker thread, like the MQTT
    /// connect and the Wi-Fi join, and reports once; <c>OtaComponent</c> posts the answer into the loop.
    /// <c>HttpWebRequest</c> is used rather than <c>HttpClient</c> because the latter's response headers expose no
    /// <c>Content-Range</c>; <c>HttpWebResponse.GetResponseHeader</c> does. It does not follow redirects
    /// (<c>AllowAutoRedirect</c> is always false there), sends only the URI's path (hence no query in an offer's URL,
    /// <c>OtaUrl</c>), and sets <c>Range</c> only through <c>AddRange</c> (its <c>Headers.Add</c> refuses it).
    /// </summary>
    public sealed class HttpRangeFetcherAdapter : IHttpRangeFetcher
    {
        /// <summary>
        /// <c>WebRequest.Create</c> finds the class for "http:"/"https:" in a list that <c>HttpWebRequest</c>'s static
        /// constructor fills (System.Net.HttpWebRequest.cs, <c>RegisterPrefix</c>); touching a static member of
        /// <c>HttpWebRequest</c> first makes sure it has run before the first request.
        /// </summary>
        public HttpRangeFetcherAdapter()
        {
            if (HttpWebRequest.DefaultMaximumResponseHeadersLength <= 0)
            {
                HttpWebRequest.DefaultMaximumResponseHeadersLength = 4;
            }
        }

        /// <inheritdoc />
        public void Fetch(string url, int first, int last, int timeoutMs, HttpRangeFetchedHandler done)
        {
            Thread worker = new Thread(() => done(Get(url, first, last, timeoutMs)));
            worker.Start();
        }

        private static HttpRangeResponse Get(string url, int first, int last, int timeoutMs)
        {
            HttpWebResponse response = null;
            try
            {
                HttpWebRequest request = (HttpWebRequest)WebRequest.Create(url);
                request.Method = "GET";
                request.KeepAlive = false;
                request.Timeout = timeoutMs;
                request.ReadWriteTimeout = timeoutMs;

                // Mandatory for https (HttpWebRequest.SslProtocols). No CA certificate is set: the bundle's integrity
                // rests on its Ed25519 signature and SHA-256 hashes, not on TLS (Ota/README.md, threat model).
                request.SslProtocols = SslProtocols.Tls12;
                request.AddRange(first, last);
                response = (HttpWebResponse)request.GetResponse();
                if (response == null)
                {
                    return HttpRangeResponse.Failed("no connection to " + request.RequestUri.Host);
                }

                string contentRange = response.GetResponseHeader("Content-Range");

                // At most one byte more than asked: enough to see an over-long answer, never a whole file in RAM.
                byte[] buffer = new byte[last - first + 2];
                int read = 0;
                Stream stream = response.GetResponseStream();
                try
                {
                    while (read < buffer.Length)
                    {
                        int n = stream.Read(buffer, read, buffer.Length - read);
                        if (n <= 0)
                        {
                            break;
                        }

                        read += n;
                    }
                }
                catch (Exception)
                {
                    // The connection broke mid-body: what arrived is reported, and judged short.
                }
                finally
                {
                    stream.Dispose();
                }

                byte[] body = new byte[read];
                Array.Copy(buffer, body, read);
                return new HttpRangeResponse((int)response.StatusCode, contentRange == null || contentRange.Length == 0 ? null : contentRange, body);
            }
            catch (Exception ex)
            {
                return HttpRangeResponse.Failed(ex.Message);
            }
            finally
            {
                if (response != null)
                {
                    response.Close();
                }
            }
        }
    }
}
