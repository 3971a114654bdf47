using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Endpoint.Host.Net;
using Endpoint.Host.Ota;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Ota;

/// <summary>The range-capable bundle server (<c>endpoint ota serve</c>) as any HTTP client sees it, and the publisher's URL check.</summary>
public sealed class BundleHttpServerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "endpoint-serve-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _client = new();

    public void Dispose()
    {
        _client.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }
    }

    private static byte[] Data(int n)
    {
        var data = new byte[n];
        new Random(5).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Get_WithoutRange_WholeFile200()
    {
        var data = Data(10_000);
        using var server = new BundleHttpServer(data);

        using var response = await _client.GetAsync(server.UrlFor("x.epk"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("bytes", response.Headers.AcceptRanges);
    }

    [Theory]
    [InlineData(0L, 99L, 0, 100)]
    [InlineData(9_990L, 20_000L, 9_990, 10)]
    [InlineData(5_000L, null, 5_000, 5_000)]
    public async Task Get_SingleRange_206WithContentRange(long from, long? to, int expectFirst, int expectLength)
    {
        var data = Data(10_000);
        using var server = new BundleHttpServer(data);
        using var request = new HttpRequestMessage(HttpMethod.Get, server.UrlFor("x.epk"));
        request.Headers.Range = new RangeHeaderValue(from, to);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(new ContentRangeHeaderValue(expectFirst, expectFirst + expectLength - 1, 10_000), response.Content.Headers.ContentRange);
        Assert.Equal(data.AsSpan(expectFirst, expectLength).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_RangePastTheEnd_416WithTheSize()
    {
        using var server = new BundleHttpServer(Data(100));
        using var request = new HttpRequestMessage(HttpMethod.Get, server.UrlFor("x.epk"));
        request.Headers.Range = new RangeHeaderValue(100, 200);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */100", response.Content.Headers.ContentRange.ToString());
    }

    [Fact]
    public async Task Get_ManyRequestsOnOneConnection_EachAnswered()
    {
        var data = Data(4_000);
        using var server = new BundleHttpServer(data);
        for (int i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, server.UrlFor("x.epk"));
            request.Headers.Range = new RangeHeaderValue(i * 100, (i * 100) + 99);
            using var response = await _client.SendAsync(request);
            Assert.Equal(data.AsSpan(i * 100, 100).ToArray(), await response.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(20, server.Requests);
    }

    [Fact]
    public async Task UrlCheck_ServerWithTheBundle_NoProblem_OtherBundle_Refused()
    {
        var bundle = OtaKit.Bundle(_root, "1.1.0", 2);
        var other = OtaKit.Bundle(_root, "1.2.0", 3);
        using var http = new HttpRangeFetcher();
        using var good = new BundleHttpServer(bundle.Data);
        using var wrong = new BundleHttpServer(other.Data);

        Assert.Null(await BundleUrlCheck.ProblemAsync(http, good.UrlFor("b.epk"), bundle));
        string problem = await BundleUrlCheck.ProblemAsync(http, wrong.UrlFor("b.epk"), bundle);
        Assert.True(problem != null && (problem.Contains("wrong file") || problem.Contains("other bytes") || problem.Contains("416")), problem);
    }
}
