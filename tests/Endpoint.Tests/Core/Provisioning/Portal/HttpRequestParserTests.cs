using System;
using System.Text;
using Endpoint.Core.Provisioning.Portal;

namespace Endpoint.Tests.Core.Provisioning.Portal;

public class HttpRequestParserTests
{
    private static (HttpParseStatus Status, HttpRequestParser Parser) Parse(string raw, int chunk = int.MaxValue)
    {
        var parser = new HttpRequestParser();
        byte[] bytes = Encoding.UTF8.GetBytes(raw);
        var status = HttpParseStatus.NeedMore;
        for (int i = 0; i < bytes.Length && status == HttpParseStatus.NeedMore; i += chunk)
        {
            status = parser.Feed(bytes, i, Math.Min(chunk, bytes.Length - i));
        }

        return (status, parser);
    }

    [Fact]
    public void Feed_BrowserFormPost_MethodPathHeadersAndBody()
    {
        var (status, p) = Parse("POST /connect HTTP/1.1\r\nHost: 192.168.4.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 26\r\nUser-Agent: Mozilla/5.0\r\n\r\nssid=Lab&password=correct1");

        Assert.Equal(HttpParseStatus.Complete, status);
        Assert.Equal("POST", p.Request.Method);
        Assert.Equal("/connect", p.Request.Path);
        Assert.Equal("192.168.4.1", p.Request.Host);
        Assert.Equal("application/x-www-form-urlencoded", p.Request.Header("CONTENT-TYPE"));
        Assert.Equal("ssid=Lab&password=correct1", Encoding.ASCII.GetString(p.Request.Body));
    }

    [Fact]
    public void Feed_OneByteAtATime_SameRequest()
    {
        var (status, p) = Parse("GET /hotspot-detect.html?x=1 HTTP/1.0\r\nHost: captive.apple.com\r\n\r\n", chunk: 1);
        Assert.Equal(HttpParseStatus.Complete, status);
        Assert.Equal("/hotspot-detect.html", p.Request.Path);
        Assert.Equal("x=1", p.Request.Query);
        Assert.Equal("captive.apple.com", p.Request.Host);
        Assert.Empty(p.Request.Body);
    }

    [Fact]
    public void Feed_BodyNotAllThereYet_NeedMoreUntilItIs()
    {
        var parser = new HttpRequestParser();
        byte[] head = Encoding.ASCII.GetBytes("POST /connect HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab");
        Assert.Equal(HttpParseStatus.NeedMore, parser.Feed(head, 0, head.Length));
        Assert.Equal(HttpParseStatus.Complete, parser.Feed(Encoding.ASCII.GetBytes("cdEXTRA"), 0, 7));
        Assert.Equal("abcd", Encoding.ASCII.GetString(parser.Request.Body));
    }

    [Fact]
    public void Feed_BareLineFeedsAndFieldWhitespace_Accepted()
    {
        var (status, p) = Parse("GET / HTTP/1.1\nHost:   portal.lan  \n\n");
        Assert.Equal(HttpParseStatus.Complete, status);
        Assert.Equal("portal.lan", p.Request.Host);
    }

    [Fact]
    public void Feed_AbsoluteFormTarget_HostTakenFromIt()
    {
        var (status, p) = Parse("GET http://connectivitycheck.gstatic.com/generate_204 HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(HttpParseStatus.Complete, status);
        Assert.Equal("/generate_204", p.Request.Path);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "two different Host")]
    [InlineData("GET /\r\n\r\n", 400, "not 'METHOD target HTTP/1.1'")]
    [InlineData("GET  / HTTP/1.1\r\n\r\n", 400, "not 'METHOD target HTTP/1.1'")]
    [InlineData("GET / HTTP/1.1 extra\r\n\r\n", 400, "not 'METHOD target HTTP/1.1'")]
    [InlineData("G(T / HTTP/1.1\r\n\r\n", 400, "method is not a token")]
    [InlineData("GET / HTTP/2.0\r\n\r\n", 505, "only HTTP/1.1 and HTTP/1.0")]
    [InlineData("GET / SPDY\r\n\r\n", 400, "does not end with an HTTP version")]
    [InlineData("GET * HTTP/1.1\r\n\r\n", 400, "must be a path")]
    [InlineData("GET /é HTTP/1.1\r\n\r\n", 400, "must be ASCII")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400, "folded header")]
    [InlineData("GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400, "without a name")]
    [InlineData("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400, "space or separator")]
    [InlineData("GET / HTTP/1.1\r\nX: a\u0001b\r\n\r\n", 400, "control character 0x01")]
    [InlineData("POST /connect HTTP/1.1\r\nContent-Length: 12a\r\n\r\n", 400, "not a number")]
    [InlineData("POST /connect HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, "not a number")]
    [InlineData("POST /connect HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400, "two different Content-Length")]
    [InlineData("POST /connect HTTP/1.1\r\nContent-Length: 4097\r\n\r\n", 413, "larger than 4096")]
    [InlineData("POST /connect HTTP/1.1\r\nContent-Length: 99999999999999\r\n\r\n", 413, "larger than 4096")]
    [InlineData("POST /connect HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501, "Transfer-Encoding")]
    [InlineData("POST /connect HTTP/1.1\r\nHost: a\r\n\r\n", 411, "needs a Content-Length")]
    public void Feed_BadRequest_StatusAndOneLineReason(string raw, int status, string reason)
    {
        var (result, p) = Parse(raw);
        Assert.Equal(HttpParseStatus.Failed, result);
        Assert.Equal(status, p.ErrorStatus);
        Assert.Contains(reason, p.Error);
        Assert.DoesNotContain('\n', p.Error);
    }

    [Fact]
    public void Feed_HeaderValueNotUtf8_Refused()
    {
        var parser = new HttpRequestParser();
        byte[] raw = [.. Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nX: "), 0xC3, 0x28, .. Encoding.ASCII.GetBytes("\r\n\r\n")];
        Assert.Equal(HttpParseStatus.Failed, parser.Feed(raw, 0, raw.Length));
        Assert.Contains("not UTF-8", parser.Error);
    }

    [Fact]
    public void Feed_EndlessRequestLine_414BeforeTheHeadLimit()
    {
        var (status, p) = Parse("GET /" + new string('a', 3000));
        Assert.Equal(HttpParseStatus.Failed, status);
        Assert.Equal(414, p.ErrorStatus);
    }

    [Fact]
    public void Feed_EndlessHeaders_431()
    {
        var sb = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 200; i++)
        {
            sb.Append("X-Filler-").Append(i).Append(": 0123456789\r\n");
        }

        var (status, p) = Parse(sb.ToString(), chunk: 100);
        Assert.Equal(HttpParseStatus.Failed, status);
        Assert.Equal(431, p.ErrorStatus);
    }

    [Fact]
    public void Feed_AfterTheEnd_NothingChanges()
    {
        var parser = new HttpRequestParser();
        byte[] a = Encoding.ASCII.GetBytes("GET /a HTTP/1.1\r\n\r\n");
        byte[] b = Encoding.ASCII.GetBytes("GET /b HTTP/1.1\r\n\r\n");
        Assert.Equal(HttpParseStatus.Complete, parser.Feed(a, 0, a.Length));
        Assert.Equal(HttpParseStatus.Complete, parser.Feed(b, 0, b.Length));
        Assert.Equal("/a", parser.Request.Path);

        parser.Reset();
        Assert.Equal(HttpParseStatus.Complete, parser.Feed(b, 0, b.Length));
        Assert.Equal("/b", parser.Request.Path);
    }

    [Fact]
    public void Feed_RandomBytes_NeverThrowsAndFailuresAreExplained()
    {
        var random = new Random(7);
        string[] seeds = ["GET / HTTP/1.1\r\nHost: a\r\n\r\n", "POST /connect HTTP/1.1\r\nContent-Length: 5\r\n\r\nab=cd"];
        for (int round = 0; round < 5000; round++)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(seeds[round % 2]);
            if (round % 3 == 0)
            {
                bytes = new byte[random.Next(0, 300)];
                random.NextBytes(bytes);
            }
            else
            {
                for (int k = random.Next(1, 5); k > 0; k--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            var parser = new HttpRequestParser();
            var status = HttpParseStatus.NeedMore;
            for (int i = 0; i < bytes.Length && status == HttpParseStatus.NeedMore; i += 7)
            {
                status = parser.Feed(bytes, i, Math.Min(7, bytes.Length - i));
            }

            if (status == HttpParseStatus.Failed)
            {
                Assert.InRange(parser.ErrorStatus, 400, 505);
                Assert.False(string.IsNullOrEmpty(parser.Error));
            }
            else if (status == HttpParseStatus.Complete)
            {
                Assert.StartsWith("/", parser.Request.Path);
            }
        }
    }
}
