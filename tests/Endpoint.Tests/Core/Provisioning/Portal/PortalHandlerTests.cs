using System;
using System.Linq;
using System.Text;
using Endpoint.Core.Net;
using Endpoint.Core.Provisioning.Portal;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Provisioning.Portal;

public class PortalHandlerTests
{
    private const string Host = "192.168.4.1";
    private readonly ScriptedPortalDevice _device = new();
    private readonly PortalHandler _handler;
    private int _activity;

    public PortalHandlerTests()
    {
        _handler = new PortalHandler(_device, Host) { Active = true };
        _handler.Activity += () => _activity++;
    }

    private HttpResponse Get(string path, string host = Host) => Send("GET", path, host, null, null);

    private HttpResponse Post(string path, string body, string type = "application/x-www-form-urlencoded") => Send("POST", path, Host, type, body);

    private HttpResponse Send(string method, string path, string host, string type, string body)
    {
        var request = new HttpRequest(method, path);
        if (host != null)
        {
            request.SetHeader("Host", host);
        }

        if (type != null)
        {
            request.SetHeader("Content-Type", type);
        }

        if (body != null)
        {
            request.SetBody(Encoding.UTF8.GetBytes(body));
        }

        return _handler.Handle(request);
    }

    [Fact]
    public void Get_Root_FormWithTheScannedNetworksAndTheDeviceName()
    {
        var r = Get("/");
        Assert.Equal(200, r.Status);
        Assert.Equal("text/html; charset=utf-8", r.ContentType);
        Assert.Contains("Connect Kitchen plug to Wi-Fi", r.Text);
        Assert.Contains("value=\"Lab\" data-open=\"0\"", r.Text);
        Assert.Contains("value=\"Cafe\" data-open=\"1\"", r.Text);
        Assert.Contains("<meta name=\"viewport\"", r.Text);
        Assert.DoesNotContain("http-equiv=\"refresh\"", r.Text);
        Assert.DoesNotContain("src=", r.Text); // no external resources
        Assert.Equal(1, _activity);
    }

    [Fact]
    public void Get_Root_BeforeTheFirstScan_ScanningAndReloads()
    {
        _device.Networks = null;
        var r = Get("/");
        Assert.Contains("Looking for networks", r.Text);
        Assert.Contains("http-equiv=\"refresh\"", r.Text);
    }

    [Fact]
    public void Get_Root_NetworkNamesAreEscaped()
    {
        _device.Networks = [new("<script>alert(1)</script>\"'&", -50, true)];
        var r = Get("/");
        Assert.DoesNotContain("<script>alert", r.Text);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;", r.Text);
    }

    [Theory]
    [InlineData("/generate_204", "connectivitycheck.gstatic.com")]
    [InlineData("/gen_204", "clients3.google.com")]
    [InlineData("/hotspot-detect.html", "captive.apple.com")]
    [InlineData("/library/test/success.html", "www.apple.com")]
    [InlineData("/ncsi.txt", "www.msftncsi.com")]
    [InlineData("/connecttest.txt", "www.msftconnecttest.com")]
    [InlineData("/canonical.html", "detectportal.firefox.com")]
    [InlineData("/", "example.com")]
    [InlineData("/generate_204", Host)]
    [InlineData("/anything/else?x=1", Host)]
    public void Get_OsProbesOtherHostsAndUnknownPaths_RedirectToThePortal(string path, string host)
    {
        var r = Get(path, host);
        Assert.Equal(302, r.Status);
        Assert.Equal("http://192.168.4.1/", r.Location);
    }

    [Fact]
    public void Get_HostDiffersOnlyInCase_Served()
    {
        var handler = new PortalHandler(_device, "portal.lan") { Active = true };
        var request = new HttpRequest("GET", "/");
        request.SetHeader("Host", "Portal.LAN");
        Assert.Equal(200, handler.Handle(request).Status);
    }

    [Fact]
    public void Get_NoHostHeader_Served()
    {
        Assert.Equal(200, Get("/", host: null).Status);
    }

    [Fact]
    public void Get_Favicon_NotFoundRatherThanARedirect()
    {
        Assert.Equal(404, Get("/favicon.ico").Status);
    }

    [Fact]
    public void Head_Root_StatusWithoutBody()
    {
        var r = Send("HEAD", "/", Host, null, null);
        Assert.Equal(200, r.Status);
        Assert.True(r.OmitBody);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    public void OtherMethods_405(string method)
    {
        Assert.Equal(405, Send(method, "/", Host, null, null).Status);
        Assert.Empty(_device.Joins);
    }

    [Fact]
    public void Closed_503AndNoActivity()
    {
        _handler.Active = false;
        Assert.Equal(503, Get("/").Status);
        Assert.Equal(0, _activity);
    }

    [Fact]
    public void Post_Connect_JoinStartedRedirectedConnectingThenConnectedWithTheHub()
    {
        var r = Post("/connect", "ssid=Lab&password=correct-horse");
        Assert.Equal(303, r.Status);
        Assert.Equal("/", r.Location);
        Assert.Equal(("Lab", "correct-horse", null), Assert.Single(_device.Joins));
        Assert.Equal(PortalStatus.Connecting, _handler.Status);

        var connecting = Get("/");
        Assert.Contains("Connecting to Lab", connecting.Text);
        Assert.Contains("http-equiv=\"refresh\"", connecting.Text);

        _device.Finish(true);
        var connected = Get("/");
        Assert.Equal(PortalStatus.Connected, _handler.Status);
        Assert.Contains("joined <b>Lab</b>", connected.Text);
        Assert.Contains("mqtt://hub.lan:1883", connected.Text);
        Assert.Contains("endpoint/plug-1/", connected.Text);
        Assert.DoesNotContain("correct-horse", connected.Text);
    }

    [Fact]
    public void Post_Connect_WrongPassword_UnableToConnectAndTheFormAgainWithTheNetworkChosen()
    {
        Post("/connect", "ssid=Lab&password=wrong-horse");
        _device.Finish(false, WifiFailure.WrongPassword);

        var page = Get("/");
        Assert.Equal(PortalStatus.Form, _handler.Status);
        Assert.Contains("Unable to connect to &#39;Lab&#39;: wrong password", page.Text);
        Assert.Contains("value=\"Lab\" data-open=\"0\" checked", page.Text);
        Assert.Contains("id=\"password\" maxlength=\"64\" autocomplete=\"current-password\" class=\"bad\"", page.Text);
        Assert.DoesNotContain("wrong-horse", page.Text);

        // Said once: a reload is the plain form.
        Assert.DoesNotContain("Unable to connect", Get("/").Text);

        Post("/connect", "ssid=Lab&password=correct-horse");
        Assert.Equal(2, _device.Joins.Count);
    }

    [Fact]
    public void Post_Connect_Hub_PassedToTheJoin()
    {
        Post("/connect", "ssid=Lab&password=correct-horse&hub_host=broker.lan&hub_port=1884&hub_user=u&hub_password=p");
        var hub = Assert.Single(_device.Joins).Hub;
        Assert.Equal(("broker.lan", 1884, "u", "p", false), (hub.Host, hub.Port, hub.Username, hub.Password, hub.UseTls));
    }

    [Theory]
    [InlineData("ssid=Lab&password=short", 400, "8 to 63 characters")]
    [InlineData("ssid=Lab%ZZ&password=correct-horse", 400, "could not be read: the value of &#39;ssid&#39; has a &#39;%&#39;")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=bad host", 400, "is not a host name")]
    [InlineData("ssid=Lab&ssid=Cafe", 400, "given twice")]
    public void Post_Connect_BadForm_400WithTheReasonAndNothingStarted(string body, int status, string reason)
    {
        var r = Post("/connect", body);
        Assert.Equal(status, r.Status);
        Assert.Contains(reason, r.Text);
        Assert.Contains("role=\"alert\"", r.Text);
        Assert.Empty(_device.Joins);
        Assert.Equal(PortalStatus.Form, _handler.Status);
        Assert.DoesNotContain("correct-horse", r.Text);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/x-www-form-urlencoded; charset=iso-8859-1")]
    [InlineData(null)]
    public void Post_Connect_NotAUrlEncodedUtf8Form_415(string type)
    {
        var r = Send("POST", "/connect", Host, type, "ssid=Lab&password=correct-horse");
        Assert.Equal(415, r.Status);
        Assert.Empty(_device.Joins);
    }

    [Fact]
    public void Post_Connect_CharsetUtf8_Accepted()
    {
        Assert.Equal(303, Post("/connect", "ssid=Lab&password=correct-horse", "application/x-www-form-urlencoded; charset=UTF-8").Status);
    }

    [Fact]
    public void Post_Connect_DeviceBusyWithAnotherChannel_503AndTheFormAgain()
    {
        _device.Busy = true;
        var r = Post("/connect", "ssid=Lab&password=correct-horse");
        Assert.Equal(503, r.Status);
        Assert.Contains("busy trying another network", r.Text);
        Assert.Equal(PortalStatus.Form, _handler.Status);
    }

    [Fact]
    public void Post_Connect_WhileConnecting_NotStartedTwice()
    {
        Post("/connect", "ssid=Lab&password=correct-horse");
        Assert.Equal(303, Post("/connect", "ssid=Cafe").Status);
        Assert.Single(_device.Joins);
    }

    [Fact]
    public void Post_Scan_ScansAndRedirects()
    {
        var r = Post("/scan", "");
        Assert.Equal(303, r.Status);
        Assert.Equal(1, _device.Scans);
    }

    [Fact]
    public void Post_ElsewhereOrGetConnect_NothingStarted()
    {
        Assert.Equal(405, Post("/", "ssid=Lab&password=correct-horse").Status);
        Assert.Equal(302, Get("/connect").Status);
        Assert.Empty(_device.Joins);
    }

    [Fact]
    public void Reset_BackToTheEmptyForm()
    {
        Post("/connect", "ssid=Lab&password=correct-horse");
        _device.Finish(true);
        _handler.Reset();
        Assert.Equal(PortalStatus.Form, _handler.Status);
        Assert.Contains("Connect Kitchen plug to Wi-Fi", Get("/").Text);
    }

    [Fact]
    public void Post_RandomBodies_NeverThrowNeverStartWithABadForm()
    {
        var random = new Random(3);
        string alphabet = "ssid=Lab&password=%2B+é\u0001hubtls_portonx";
        for (int i = 0; i < 3000; i++)
        {
            var body = new StringBuilder();
            for (int k = random.Next(0, 60); k > 0; k--)
            {
                body.Append(alphabet[random.Next(alphabet.Length)]);
            }

            int before = _device.Joins.Count;
            var r = Post("/connect", body.ToString());
            Assert.True(r.Status is 303 or 400, $"{r.Status} for '{body}'");
            if (r.Status == 303)
            {
                Assert.Equal(before + 1, _device.Joins.Count);
                _device.Finish(false, WifiFailure.WrongPassword);
            }
            else
            {
                Assert.Equal(before, _device.Joins.Count);
                Assert.Contains("role=\"alert\"", r.Text);
            }
        }
    }
}
