using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Endpoint.Core.Net;
using Endpoint.Host.Net;
using Endpoint.Host.Ota;

namespace Endpoint.Tests.Host.Net;

/// <summary>The host's range fetcher against real sockets: the bundle server, and raw servers that misbehave.</summary>
public sealed class HttpRangeFetcherTests : IDisposable
{
    private readonly HttpRangeFetcher _http = new();
    private readonly byte[] _file = new byte[50_000];

    public HttpRangeFetcherTests() => new Random(3).NextBytes(_file);

    public void Dispose() => _http.Dispose();

    private Task<HttpRangeResponse> Fetch(string url, int first, int last, int timeoutMs = 5000)
    {
        var answer = new TaskCompletionSource<HttpRangeResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _http.Fetch(url, first, last, timeoutMs, r => answer.TrySetResult(r));
        return answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A one-shot raw HTTP server: reads the request head, answers <paramref name="answer"/> bytes (null: nothing, keeps the connection).</summary>
    private static (string Url, Task<string> Request) RawServer(byte[] answer)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var request = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
            {
                head.Append((char)buffer[0]);
            }

            if (answer != null)
            {
                await stream.WriteAsync(answer);
                await stream.FlushAsync();
            }
            else
            {
                await Task.Delay(3000);
            }

            listener.Stop();
            return head.ToString();
        });
        return ($"http://127.0.0.1:{port}/b.epk", request);
    }

    [Fact]
    public async Task Fetch_RangeFromTheBundleServer_206WithContentRangeAndExactBytes()
    {
        using var server = new BundleHttpServer(_file);

        var r = await Fetch(server.UrlFor("b.epk"), 1000, 4999);

        Assert.Equal(206, r.Status);
        Assert.Equal("bytes 1000-4999/50000", r.ContentRange);
        Assert.Equal(_file.AsSpan(1000, 4000).ToArray(), r.Body);
    }

    [Fact]
    public async Task Fetch_PastTheEnd_416WithTheSize()
    {
        using var server = new BundleHttpServer(_file);

        var r = await Fetch(server.UrlFor("b.epk"), 50_000, 50_999);

        Assert.Equal(416, r.Status);
        Assert.Equal("bytes */50000", r.ContentRange);
    }

    [Fact]
    public async Task Fetch_SendsTheRangeHeaderOfRfc9110()
    {
        var (url, request) = RawServer(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"));

        await Fetch(url, 10, 19);

        Assert.Contains("Range: bytes=10-19\r\n", await request);
    }

    [Fact]
    public async Task Fetch_ServerIgnoringRanges_ReadsAtMostOneByteMoreThanAsked()
    {
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {_file.Length}\r\n\r\n");
        var (url, _) = RawServer([.. head, .. _file]);

        var r = await Fetch(url, 0, 99);

        Assert.Equal(200, r.Status);
        Assert.Equal(101, r.Body.Length);
        Assert.Contains("ignores byte ranges", HttpBlockCheckProblem(r, 0, 100));
    }

    [Fact]
    public async Task Fetch_Redirect_NotFollowed()
    {
        var (url, _) = RawServer(Encoding.ASCII.GetBytes("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere.epk\r\nContent-Length: 0\r\n\r\n"));

        var r = await Fetch(url, 0, 99);

        Assert.Equal(302, r.Status);
    }

    [Fact]
    public async Task Fetch_BodyCutShort_ReportsWhatArrived()
    {
        var head = Encoding.ASCII.GetBytes("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-99/50000\r\nContent-Length: 100\r\n\r\n");
        var (url, _) = RawServer([.. head, .. _file.AsSpan(0, 40).ToArray()]);

        var r = await Fetch(url, 0, 99);

        Assert.True(r.Status == 206 || r.Status == 0, $"status {r.Status}");
        Assert.True(r.Body.Length <= 40);
        Assert.NotNull(HttpBlockCheckProblem(r, 0, 100));
    }

    [Fact]
    public async Task Fetch_NoAnswerWithinTheTimeout_Failed()
    {
        var (url, _) = RawServer(null);

        var r = await Fetch(url, 0, 99, timeoutMs: 300);

        Assert.Equal(0, r.Status);
        Assert.Contains("no answer within 300 ms", r.Error);
    }

    [Fact]
    public async Task Fetch_NothingListening_FailedWithTheReason()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var r = await Fetch($"http://127.0.0.1:{port}/b.epk", 0, 99);

        Assert.Equal(0, r.Status);
        Assert.False(string.IsNullOrEmpty(r.Error));
    }

    private static string HttpBlockCheckProblem(HttpRangeResponse r, int first, int length) =>
        Endpoint.Core.Ota.HttpBlockCheck.Check(r, first, length, 50_000, out _);
}
