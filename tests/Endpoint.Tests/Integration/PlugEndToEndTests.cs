using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Integration;

/// <summary>
/// The plug as a user meets it: `endpoint sim plug` as a real process, a real Mosquitto with
/// passwords and the device ACL, and a hub that knows only what discovery told it.
/// </summary>
public sealed class PlugEndToEndTests : IDisposable
{
    private const string DevicePassword = "plug-secret";
    private readonly EndToEndRig _rig = new(DevicePassword, ["plug-a", "plug-b"], tls: true);

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task Plug_DrivenOnlyThroughDiscovery_TurnsOnSurvivesKillAndRestores()
    {
        using var hub = await _rig.ConnectHubAsync("homeassistant/#", "endpoint/#");
        using (var sim = _rig.StartSim("plug", "plug-a"))
        {
            var config = hub.WaitFor("homeassistant/switch/plug-a_relay/config");
            using var doc = JsonDocument.Parse(config.Payload);
            string commandTopic = doc.RootElement.GetProperty("command_topic").GetString();
            string stateTopic = doc.RootElement.GetProperty("state_topic").GetString();
            string availabilityTopic = doc.RootElement.GetProperty("availability_topic").GetString();
            string on = doc.RootElement.TryGetProperty("payload_on", out var p) ? p.GetString() : "ON";
            hub.WaitFor(availabilityTopic, s => s == "online");
            hub.WaitFor(stateTopic, s => s == "OFF");

            int mark = hub.Count;
            await hub.PublishAsync(commandTopic, on);
            hub.WaitFor(stateTopic, s => s == "ON", after: mark);
            sim.WaitForLine(l => l.Contains("relay ON"));

            // garbage changes nothing and gets an error reply
            mark = hub.Count;
            await hub.PublishAsync(commandTopic, "\u0001garbage{");
            var error = hub.WaitFor(commandTopic + "/result", after: mark);
            Assert.Contains("\"ok\":false", error.Payload);
            Thread.Sleep(300);
            Assert.DoesNotContain(hub.Messages.Skip(mark), m => m.Topic == stateTopic && m.Payload != "ON");

            // pull the plug: the broker publishes the will
            mark = hub.Count;
            sim.Kill();
            hub.WaitFor(availabilityTopic, s => s == "offline", after: mark);
        }

        // same state dir: the relay comes back on (restore is the default power-on state)
        int before = hub.Count;
        using (var again = _rig.StartSim("plug", "plug-a"))
        {
            hub.WaitFor("endpoint/plug-a/status", s => s == "online", after: before);
            hub.WaitFor("endpoint/plug-a/relay/state", s => s == "ON", after: before);
            again.WaitForLine(l => l.Contains("relay ON, power-on state restore"));

            // Ctrl-C: a clean goodbye
            int mark = hub.Count;
            again.Interrupt();
            Assert.Equal(0, again.WaitForExit());
            hub.WaitFor("endpoint/plug-a/status", s => s == "offline", after: mark);
        }
    }

    [Fact]
    public async Task BrokerRestart_PlugReconnectsRepublishesAndObeysNewCommands()
    {
        using var sim = _rig.StartSim("plug", "plug-a");
        using (var hub = await _rig.ConnectHubAsync("endpoint/#"))
        {
            hub.WaitFor("endpoint/plug-a/relay/state", s => s == "OFF");
            await hub.PublishAsync("endpoint/plug-a/relay/set", "ON");
            hub.WaitFor("endpoint/plug-a/relay/state", s => s == "ON");
        }

        _rig.Broker.Restart(); // no persistence: retained states are gone
        sim.WaitForLine(l => l.Contains("connection lost"));

        using var hub2 = await _rig.ConnectHubAsync("endpoint/#");
        hub2.WaitFor("endpoint/plug-a/status", s => s == "online", timeoutMs: 30000);
        hub2.WaitFor("endpoint/plug-a/relay/state", s => s == "ON", timeoutMs: 30000);

        // every command sent after it is back is applied
        for (int i = 0; i < 10; i++)
        {
            string want = i % 2 == 0 ? "OFF" : "ON";
            int mark = hub2.Count;
            await hub2.PublishAsync("endpoint/plug-a/relay/set", want);
            hub2.WaitFor("endpoint/plug-a/relay/state", s => s == want, after: mark);
        }
    }

    [Fact]
    public async Task Acl_DeviceCannotPublishIntoAnotherDevicesTopics()
    {
        using var sim = _rig.StartSim("plug", "plug-b");
        using var hub = await _rig.ConnectHubAsync("endpoint/#");
        hub.WaitFor("endpoint/plug-b/relay/state", s => s == "OFF");

        // plug-a's credentials try to switch plug-b
        using var rogue = await HubProbe.ConnectAsync(_rig.Broker.Port, "plug-a", DevicePassword, "plug-a");
        await rogue.PublishAsync("endpoint/plug-b/relay/set", "ON");
        await rogue.PublishAsync("endpoint/plug-b/relay/state", "ON", retain: true);
        Thread.Sleep(1000);
        Assert.DoesNotContain(hub.Messages, m => m.Topic == "endpoint/plug-b/relay/state" && m.Payload == "ON");
        Assert.DoesNotContain(hub.Messages, m => m.Topic == "endpoint/plug-b/relay/set");
    }

    [Fact]
    public async Task Tls_WithTestCa_ConnectsAndServes()
    {
        using var sim = _rig.StartSimWithHub($"mqtts://plug-a:{DevicePassword}@127.0.0.1:{_rig.Broker.TlsPort}", "plug", "plug-a",
            "--ca", _rig.Broker.CaPemPath);
        using var hub = await _rig.ConnectHubAsync("endpoint/#");
        hub.WaitFor("endpoint/plug-a/status", s => s == "online");
        await hub.PublishAsync("endpoint/plug-a/relay/set", "ON");
        hub.WaitFor("endpoint/plug-a/relay/state", s => s == "ON");
    }

    [Fact]
    public void Tls_WrongCa_IsRefusedClearly()
    {
        using var sim = _rig.StartSimWithHub($"mqtts://plug-a:{DevicePassword}@127.0.0.1:{_rig.Broker.TlsPort}", "plug", "plug-a",
            "--ca", _rig.Broker.OtherCaPemPath);
        sim.WaitForLine(l => l.Contains("cannot connect") && l.Contains("retrying in"));
        Assert.DoesNotContain(DevicePassword, sim.Output);
    }

    [Fact]
    public void BadCredentials_ClearMessageAndNoTightLoop()
    {
        using var sim = _rig.StartSimWithHub(_rig.DeviceHub("plug-a", "wrong-password"), "plug", "plug-a");
        sim.WaitForLine(l => l.Contains("cannot connect") && l.Contains("retrying in 300 s"));
        Thread.Sleep(3000);
        Assert.Equal(1, sim.Count(l => l.Contains("cannot connect")));
        Assert.DoesNotContain("wrong-password", sim.Output);
    }

    [Fact]
    public void UnreachableBroker_RetriesWithBackoffAndSaysSo()
    {
        int closedPort = FreePort();
        using var sim = _rig.StartSimWithHub($"mqtt://127.0.0.1:{closedPort}", "plug", "plug-a");
        sim.WaitForLine(l => l.Contains("cannot connect") && l.Contains("connection refused") && l.Contains("retrying in 1 s"));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (sim.Count(l => l.Contains("cannot connect")) < 3 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        // 0.5-1 s, 1-2 s, 2-4 s: three attempts take at least 1.5 s and not a tight loop
        Assert.InRange(sim.Count(l => l.Contains("cannot connect")), 3, 6);
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
