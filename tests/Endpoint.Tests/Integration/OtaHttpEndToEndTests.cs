using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Endpoint.Host.Portal;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Integration;

/// <summary>
/// OTA over HTTP as a user does it: real Mosquitto with passwords and the device ACL, <c>endpoint ota serve</c>,
/// <c>endpoint sim plug … --ota-key</c> and <c>endpoint ota publish --url</c> as real processes; the device fetches
/// the assemblies from the HTTP server with Range requests, the broker carries only the offer and the status.
/// </summary>
public sealed class OtaHttpEndToEndTests : OtaEndToEndTestBase
{
    public OtaHttpEndToEndTests()
        : base("endpoint-ota-http-e2e-", "plug-secret", ["plug-h"])
    {
    }

    /// <summary>Starts <c>endpoint ota serve</c> and returns it with the URL it printed.</summary>
    private static (SimProcess Server, string Url) Serve(string epk)
    {
        int port = PortalHttpServer.FreePort();
        var server = new SimProcess("ota", "serve", epk, "--port", port.ToString());
        string line = server.WaitForLine(l => l.StartsWith("serving ", StringComparison.Ordinal), 60_000);
        string url = line[(line.LastIndexOf(" at ", StringComparison.Ordinal) + 4)..].Trim();
        Assert.StartsWith($"http://127.0.0.1:{port}/", url);
        return (server, url);
    }

    [Fact]
    public async Task PublishWithUrl_InstallsThenUpdatesOverHttpRanges_NoBlockOnTheBroker()
    {
        string keys = Path.Combine(Dir, "keys");
        Assert.Equal(0, Cli("ota", "keygen", "--out", keys).Code);
        string v110 = Pack(keys, "1.1.0", 2);
        string v120 = Pack(keys, "1.2.0", 3);

        using var hub = await Rig.ConnectHubAsync("homeassistant/#", "endpoint/#");
        using var sim = Rig.StartSim("plug", "plug-h", "--board", "esp32-devkitc", "--ota-key", Path.Combine(keys, "ota.pub"));
        const string config = "homeassistant/switch/plug-h_relay/config";
        Assert.Equal("1.0.0", SwVersion(hub.WaitFor(config)));

        var (server110, url110) = Serve(v110);
        using (server110)
        {
            int mark = hub.Count;
            var (code, output) = Cli("ota", "publish", "--hub", Rig.HubUri, "--device", "plug-h", "--timeout", "120", "--url", url110, v110);
            Assert.True(code == 0, $"exit {code}:\n{output}");
            Assert.Contains("plug-h: runs 1.1.0 (build 2); assemblies fetched from " + url110, output);
            Assert.Equal("1.1.0", SwVersion(hub.WaitFor(config, p => p.Contains("\"sw_version\":\"1.1.0\""), after: mark)));
            sim.WaitForLine(l => l.Contains("confirmed healthy: build 2"));

            // The offer carried the URL; no block and no block request crossed the broker.
            Assert.Contains(hub.Messages, m => m.Topic == "endpoint/plug-h/cmd/ota" && m.Payload.Contains("\"url\":\"" + url110 + "\""));
            Assert.DoesNotContain(hub.Messages, m => m.Topic == "endpoint/plug-h/ota/block");
        }

        // The update through another server process: only the changed assembly is fetched.
        var (server120, url120) = Serve(v120);
        using (server120)
        {
            int mark = hub.Count;
            var (code, output) = Cli("ota", "publish", "--hub", Rig.HubUri, "--device", "plug-h", "--timeout", "120", "--url", url120, v120);
            Assert.True(code == 0, $"exit {code}:\n{output}");
            Assert.Equal("1.2.0", SwVersion(hub.WaitFor(config, p => p.Contains("\"sw_version\":\"1.2.0\""), after: mark)));
            var downloading = hub.Messages.Skip(mark).First(m => m.Topic == "endpoint/plug-h/ota/status" && m.Payload.Contains("\"downloading\""));
            Assert.Equal(9000, JsonDocument.Parse(downloading.Payload).RootElement.GetProperty("total").GetInt32()); // Endpoint.Plug alone
        }

        Assert.DoesNotContain(hub.Messages, m => m.Topic == "endpoint/plug-h/ota/block");
    }

    [Fact]
    public void PublishWithUrl_UrlServingAnotherBundleOrBad_RefusedBeforeAnyOffer()
    {
        string keys = Path.Combine(Dir, "keys");
        Assert.Equal(0, Cli("ota", "keygen", "--out", keys).Code);
        string v110 = Pack(keys, "1.1.0", 2);
        string v120 = Pack(keys, "1.2.0", 3);

        var (server, url) = Serve(v110);
        using (server)
        {
            var (code, output) = Cli("ota", "publish", "--hub", Rig.HubUri, "--device", "plug-h", "--timeout", "30", "--url", url, v120);
            Assert.True(code == 1, $"exit {code}:\n{output}");
            Assert.Contains("nothing offered", output);
        }

        var (badCode, bad) = Cli("ota", "publish", "--hub", Rig.HubUri, "--device", "plug-h", "--url", "http://files.test/a.epk?token=1", v110);
        Assert.Equal(2, badCode);
        Assert.Contains("--url: the URL must not have a query", bad);
    }
}
