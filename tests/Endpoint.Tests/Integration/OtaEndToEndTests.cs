using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Host.Mqtt;
using Endpoint.Host.Ota;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Integration;

/// <summary>
/// The issue's "done when", as a user does it: real Mosquitto with passwords and the device ACL,
/// <c>endpoint sim plug … --ota-key</c> and <c>endpoint ota publish</c> as two real processes, and a
/// hub that only watches MQTT.
/// </summary>
public sealed class OtaEndToEndTests : OtaEndToEndTestBase
{
    public OtaEndToEndTests()
        : base("endpoint-ota-e2e-", "plug-secret", ["plug-x"])
    {
    }

    private string Publish(string epk, int expectedCode)
    {
        var (code, output) = Cli("ota", "publish", "--hub", Rig.HubUri, "--device", "plug-x", "--timeout", "120", epk);
        Assert.True(code == expectedCode, $"exit {code}:\n{output}");
        return output;
    }

    /// <summary>Offers <paramref name="bundle"/> to plug-x with the publisher itself (no check first); the device's error, or null when it took it.</summary>
    private async Task<string?> PublishUncheckedAsync(BundleFile bundle)
    {
        var hub = MqttUri.Parse(Rig.HubUri);
        hub.ClientId = "e2e-unchecked";
        using var client = new MqttClient();
        Assert.True((await client.ConnectAsync(hub)).IsConnected);
        var publisher = new OtaPublisher(client, bundle, ["plug-x"], new PublisherOptions());
        await publisher.StartAsync();
        await publisher.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        await client.DisconnectAsync();
        var device = publisher.Devices.Single();
        return device.State == "done" ? null : device.Error;
    }

    [Fact]
    public async Task Publish_UpdatesThePlug_ThenRefusesTamperedAndOlderBundlesWhileItKeepsRunning()
    {
        string keys = Path.Combine(Dir, "keys");
        Assert.Equal(0, Cli("ota", "keygen", "--out", keys).Code);
        string v110 = Pack(keys, "1.1.0", 2);

        using var hub = await Rig.ConnectHubAsync("homeassistant/#", "endpoint/#");
        using var sim = Rig.StartSim("plug", "plug-x", "--board", "esp32-devkitc", "--ota-key", Path.Combine(keys, "ota.pub"));
        const string config = "homeassistant/switch/plug-x_relay/config";
        Assert.Equal("1.0.0", SwVersion(hub.WaitFor(config)));

        // 1.1.0: downloaded, installed, rebooted into, confirmed; discovery says so.
        int mark = hub.Count;
        string output = Publish(v110, 0);
        Assert.Contains("plug-x: runs 1.1.0 (build 2)", output);
        Assert.Equal("1.1.0", SwVersion(hub.WaitFor(config, p => p.Contains("\"sw_version\":\"1.1.0\""), after: mark)));
        sim.WaitForLine(l => l.Contains("confirmed healthy: build 2"));

        // One flipped byte in the assembly that changes: refused after the download, nothing installed.
        string v120 = Pack(keys, "1.2.0", 3);
        byte[] data = File.ReadAllBytes(v120);
        var bundle = BundleFile.Parse(data);
        int plug = Array.FindIndex(bundle.Manifest.Assemblies, a => a.Name == "Endpoint.Plug");
        data[bundle.AssemblyOffset(plug) + 1234] ^= 0x04;
        string flipped = Path.Combine(Dir, "flipped.epk");
        File.WriteAllBytes(flipped, data);
        // `endpoint ota publish` checks the hashes itself and offers nothing...
        var (refusedCode, refused) = Cli("ota", "publish", "--hub", Rig.HubUri, "--device", "plug-x", "--timeout", "60", flipped);
        Assert.Equal(1, refusedCode);
        Assert.Contains("nothing offered", refused);
        // ...so the bundle goes through the broker the way a damaged transfer or another publisher would bring it.
        Assert.Contains("assembly Endpoint.Plug does not match its SHA-256", await PublishUncheckedAsync(BundleFile.Parse(data)));

        // One flipped byte in the manifest: refused at once by the signature.
        data = File.ReadAllBytes(v120);
        data[BundleFile.Parse(data).ManifestLength / 2 + 8] ^= 0x01;
        File.WriteAllBytes(flipped, data);
        var (code, manifestOutput) = Cli("ota", "publish", "--hub", Rig.HubUri, "--device", "plug-x", "--timeout", "60", flipped);
        Assert.Equal(1, code);
        Assert.True(manifestOutput.Contains("signature does not match") || manifestOutput.Contains("manifest"), manifestOutput);

        // A lower build: anti-rollback.
        output = Publish(Pack(keys, "1.0.9", 1), 1);
        Assert.Contains("plug-x: FAILED: build 1 is older than build 2", output);

        // Still 1.1.0, never restarted since.
        await hub.PublishAsync("endpoint/plug-x/cmd/telemetry", "{}");
        hub.WaitFor("endpoint/plug-x/telemetry", p => p.Contains("\"firmware\":\"1.1.0\""), after: mark);
        Assert.Equal(1, sim.Count(l => l.Contains("I sim      rebooting")));
        Assert.Contains(hub.Messages, m => m.Topic == "endpoint/plug-x/description" && m.Payload.Contains("\"firmware\":\"1.1.0\""));
    }
}
