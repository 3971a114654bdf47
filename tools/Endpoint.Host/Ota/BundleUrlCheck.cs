using System;
using System.Threading.Tasks;
using Endpoint.Core.Net;
using Endpoint.Core.Ota;

namespace Endpoint.Host.Ota;

/// <summary>
/// Before a publisher offers a URL, it asks the URL for the bundle's last block the way a device will (a range
/// request through the same checks): a server that ignores ranges, a wrong or stale file, or a typo is then one
/// clear line at the publisher instead of a <c>failed</c> on every device.
/// </summary>
public static class BundleUrlCheck
{
    /// <summary>Null when <paramref name="url"/> serves <paramref name="bundle"/> with byte ranges, else why not.</summary>
    public static async Task<string> ProblemAsync(IHttpRangeFetcher http, string url, BundleFile bundle, int timeoutMs = 10000)
    {
        int size = bundle.Data.Length;
        int length = Math.Min(OtaLimits.DefaultBlockBytes, size);
        int first = size - length;
        var answer = new TaskCompletionSource<HttpRangeResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        http.Fetch(url, first, size - 1, timeoutMs, r => answer.TrySetResult(r));
        var response = await answer.Task.ConfigureAwait(false);
        string problem = HttpBlockCheck.Check(response, first, length, size, out _);
        if (problem != null)
        {
            return problem;
        }

        return response.Body.AsSpan().SequenceEqual(bundle.Data.AsSpan(first, length))
            ? null
            : "the file at the URL has the bundle's size but other bytes: it is another bundle";
    }
}
