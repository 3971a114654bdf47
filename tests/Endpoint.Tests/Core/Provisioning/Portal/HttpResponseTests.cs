using System.Text;
using Endpoint.Core.Provisioning.Portal;
using Endpoint.Core.Text;

namespace Endpoint.Tests.Core.Provisioning.Portal;

public class HttpResponseTests
{
    private static string Wire(HttpResponse r)
    {
        var b = new ByteBuffer(256);
        r.WriteTo(b);
        return Encoding.UTF8.GetString(b.Data, 0, b.Length);
    }

    [Fact]
    public void WriteTo_Page_GoldenBytes()
    {
        Assert.Equal(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 5\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n<p>é",
            Wire(HttpResponse.Html(200, "<p>é")));
    }

    [Fact]
    public void WriteTo_Redirect_LocationAndLinkBody()
    {
        string wire = Wire(HttpResponse.Redirect(302, "http://192.168.4.1/"));
        Assert.StartsWith("HTTP/1.1 302 Found\r\n", wire);
        Assert.Contains("\r\nLocation: http://192.168.4.1/\r\n", wire);
        Assert.EndsWith("<a href=\"http://192.168.4.1/\">Continue</a>", wire);
    }

    [Fact]
    public void WriteTo_Head_LengthOfTheBodyButNoBody()
    {
        var r = HttpResponse.PlainText(200, "hello");
        r.OmitBody = true;
        Assert.EndsWith("Content-Length: 5\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n", Wire(r));
    }

    [Fact]
    public void WriteTo_MethodNotAllowed_SaysWhatIs()
    {
        Assert.Contains("\r\nAllow: GET, HEAD, POST\r\n", Wire(HttpResponse.PlainText(405, "no")));
    }
}
