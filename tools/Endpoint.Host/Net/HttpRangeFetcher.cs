using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using System.Net.Http.Headers;
using Endpoint.Core.Net;

namespace Endpoint.Host.Net;

/// <summary>
/// The host's <see cref="IHttpRangeFetcher"/> over <see cref="HttpClient"/>: each fetch runs on the thread pool and
/// reports once. Redirects are not followed (the device's <c>HttpWebRequest</c> does not follow them either), and
/// at most one byte more than the range is read, so a server that ignores ranges costs no whole-file download.
/// </summary>
public sealed class HttpRangeFetcher : IHttpRangeFetcher, IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false })
    {
        Timeout = Timeout.InfiniteTimeSpan, // per request, below
    };

    /// <inheritdoc />
    public void Fetch(string url, int first, int last, int timeoutMs, HttpRangeFetchedHandler done)
    {
        _ = Task.Run(async () => done(await FetchAsync(url, first, last, timeoutMs)));
    }

    private async Task<HttpRangeResponse> FetchAsync(string url, int first, int last, int timeoutMs)
    {
        using var cancel = new CancellationTokenSource(timeoutMs);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new RangeHeaderValue(first, last);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            string contentRange = response.Content.Headers.TryGetValues("Content-Range", out var values) ? string.Join(",", values) : null;
            var body = new byte[last - first + 2];
            int read = 0;
            await using (var stream = await response.Content.ReadAsStreamAsync(cancel.Token))
            {
                while (read < body.Length)
                {
                    int n;
                    try
                    {
                        n = await stream.ReadAsync(body.AsMemory(read), cancel.Token);
                    }
                    catch (Exception ex) when (ex is IOException or HttpRequestException)
                    {
                        break; // the connection broke mid-body: report what arrived (a short body)
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }
            }

            return new HttpRangeResponse((int)response.StatusCode, contentRange, body.AsSpan(0, read).ToArray());
        }
        catch (OperationCanceledException)
        {
            return HttpRangeResponse.Failed("no answer within " + timeoutMs + " ms");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return HttpRangeResponse.Failed(ex.InnerException?.Message ?? ex.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
