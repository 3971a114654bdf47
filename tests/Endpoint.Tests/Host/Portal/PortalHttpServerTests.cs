using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Endpoint.Core.Provisioning.Portal;
using Endpoint.Core.Runtime;
using Endpoint.Host.Portal;
using Endpoint.Host.Runtime;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Portal;

/// <summary>The simulator's portal server over real sockets: bytes in, the portable parser and handler, bytes out.</summary>
public sealed class PortalHttpServerTests : IDisposable
{
    private readonly EventLoop _loop = new(new SystemClock(), new TestLog());
    private readonly LoopThread _thread;
    private readonly ScriptedPortalDevice _device = new();
    private readonly PortalHttpServer _server;
    private readonly int _port = PortalHttpServer.FreePort();

    public PortalHttpServerTests()
    {
        _thread = new LoopThread(_loop, "portal-test");
        var handler = new PortalHandler(_device, "127.0.0.1:" + _port) { Active = true };
        _server = new PortalHttpServer(_loop, handler, _port);
        _server.Start();
    }

    public void Dispose()
    {
        _server.Dispose();
        _thread.Dispose();
    }

    private string Raw(string request)
    {
        using var client = new TcpClient("127.0.0.1", _port);
        var stream = client.GetStream();
        byte[] bytes = Encoding.UTF8.GetBytes(request);
        stream.Write(bytes, 0, bytes.Length);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task HttpClient_GetAndPost_ServedByTheHandler()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await http.GetAsync($"http://127.0.0.1:{_port}/");
        Assert.Equal(200, (int)page.StatusCode);
        Assert.Contains("value=\"Lab\"", await page.Content.ReadAsStringAsync());

        var post = await http.PostAsync($"http://127.0.0.1:{_port}/connect",
            new FormUrlEncodedContent([new("ssid", "Lab"), new("password", "pässwörd-1")]));
        Assert.Equal(303, (int)post.StatusCode);
        Assert.Equal(("Lab", "pässwörd-1"), (_device.Joins[0].Ssid, _device.Joins[0].Password));
    }

    [Fact]
    public void MalformedRequest_RefusedWithTheParsersStatusAndReason()
    {
        string response = Raw("GET / HTTP/3.0\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n", response);
        Assert.EndsWith("only HTTP/1.1 and HTTP/1.0 are spoken here\n", response);
    }

    [Fact]
    public void ProbeForAnotherHost_RedirectedToThePortal()
    {
        string response = Raw("GET /hotspot-detect.html HTTP/1.0\r\nHost: captive.apple.com\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 302 Found\r\n", response);
        Assert.Contains($"\r\nLocation: http://127.0.0.1:{_port}/\r\n", response);
    }

    [Fact]
    public void Stop_PortClosedStart_OpenAgainOnTheSamePort()
    {
        _server.Stop();
        Assert.False(_server.IsListening);
        Assert.Throws<SocketException>(() => new TcpClient("127.0.0.1", _port));
        _server.Start();
        Assert.StartsWith("HTTP/1.1 200 OK", Raw("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + _port + "\r\n\r\n"));
    }
}
