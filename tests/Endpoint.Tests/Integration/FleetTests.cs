using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;
using Endpoint.Host.Fleet;
using Endpoint.Host.Mqtt;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Integration;

/// <summary>Fleets against a real Mosquitto: 200 plugs as a user starts them, and a chaos run checked from the hub's side.</summary>
public sealed class FleetTests : IDisposable
{
    private readonly MosquittoBroker _broker = MosquittoBroker.Start(new MosquittoOptions { ExtraConfig = "max_connections -1" });

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Fleet200Plugs_AllAnnouncedEachObeysACommandAndSaysGoodbye()
    {
        const int n = 200;
        using var hub = await HubProbe.ConnectAsync(_broker.Port, null, null, null,
            "endpoint/+/status", "endpoint/+/relay/state", "homeassistant/switch/+/config");
        using var fleet = new SimProcess("fleet", "--app", "plug", "--count", n.ToString(), "--id-prefix", "P",
            "--hub", $"mqtt://127.0.0.1:{_broker.Port}", "--status-interval", "0");
        var ids = Enumerable.Range(1, n).Select(i => "P-" + i).ToList();

        // All connect, each announced through Home Assistant discovery.
        WaitUntil(hub, seen => ids.All(id => seen.GetValueOrDefault($"endpoint/{id}/status") == "online"), "every plug online", fleet);
        WaitUntil(hub, seen => ids.All(id => seen.ContainsKey($"homeassistant/switch/{id}_relay/config")), "a discovery config per plug", fleet);
        WaitUntil(hub, seen => ids.All(id => seen.GetValueOrDefault($"endpoint/{id}/relay/state") == "OFF"), "every relay state OFF", fleet);

        // Each obeys a command, and each state is observed.
        int mark = hub.Count;
        foreach (string id in ids)
        {
            await hub.PublishAsync($"endpoint/{id}/relay/set", "ON");
        }

        WaitUntil(hub, seen => ids.All(id => seen.GetValueOrDefault($"endpoint/{id}/relay/state") == "ON"), "every relay state ON", fleet, after: mark);

        mark = hub.Count;
        fleet.Interrupt();
        Assert.Equal(0, fleet.WaitForExit(60_000));
        WaitUntil(hub, seen => ids.All(id => seen.GetValueOrDefault($"endpoint/{id}/status") == "offline"), "every plug offline", fleet, after: mark);
        Assert.Contains($"connected   {n} of {n} online at the end", fleet.Output);
        Assert.Contains($"commands    {n} applied, 0 refused", fleet.Output);
        Assert.Contains($"verified: {n} of {n} endpoints online at the hub, {2 * n} of {2 * n} retained states", fleet.Output);
        Assert.Contains("errors      0", fleet.Output);
    }

    [Fact]
    public async Task Chaos_DropsRestartsPowerCutsWhileCommanded_AllBackOnlineNoStateLost()
    {
        const int n = 20;
        using var fleet = new SimulatedFleet(new FleetOptions
        {
            Apps = [new FleetApp("plug", TestBoards.DevKitC())],
            Count = n,
            IdPrefix = "c",
            Hub = new MqttConnectOptions { Host = MosquittoBroker.Host, Port = _broker.Port },
            TelemetryIntervalMs = 2000,
            RampMs = 500,
            PressesPerSecond = 12 / 60.0,
            Chaos = new ChaosOptions { DropsPerSecond = 10 / 60.0, RestartsPerSecond = 10 / 60.0, PowerCutsPerSecond = 10 / 60.0, PowerOffMs = 1500, Seed = 5 },
            Seed = 5,
        });
        fleet.Start();
        Assert.True(fleet.WaitAllOnline(TimeSpan.FromSeconds(30)), FleetReport.StatusLine(fleet));

        // Commands from a hub while the chaos goes on: some reach endpoints that are down (and are lost, as on a real
        // network), the rest change relays; either way the retained state must end up equal to each relay.
        using (var commander = await HubProbe.ConnectAsync(_broker.Port))
        {
            var random = new Random(9);
            var until = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < until)
            {
                await commander.PublishAsync($"endpoint/c-{random.Next(1, n + 1)}/relay/set", random.Next(3) switch { 0 => "ON", 1 => "OFF", _ => "TOGGLE" });
                await Task.Delay(100);
            }
        }

        fleet.StopChaos();
        var totals = fleet.Totals();
        Assert.True(totals.Drops > 0 && totals.Restarts > 0 && totals.PowerCuts > 0 && totals.Presses > 0, FleetReport.StatusLine(fleet));
        Assert.True(fleet.WaitAllOnline(TimeSpan.FromSeconds(90)), "stuck offline: " + string.Join(", ", fleet.Members.Where(m => !m.IsOnline).Select(m => m.Id)));

        // The fleet's own check, then an independent one: what a hub connecting now is told by the broker.
        var verification = await FleetVerifier.VerifyAsync(fleet, new MqttClient(), new MqttConnectOptions { Host = MosquittoBroker.Host, Port = _broker.Port }, TimeSpan.FromSeconds(30));
        Assert.True(verification.Passed, string.Join("; ", verification.Problems.Select(p => p.Key + ": " + p.Value)));

        using var hub = await HubProbe.ConnectAsync(_broker.Port, null, null, null, "endpoint/+/status", "endpoint/+/relay/state");
        Thread.Sleep(1500);
        var retained = Latest(hub);
        foreach (var m in fleet.Members)
        {
            var model = await m.ReadModelAsync();
            Assert.Equal("online", retained.GetValueOrDefault($"endpoint/{m.Id}/status"));
            Assert.Equal(model[$"endpoint/{m.Id}/relay/state"], retained.GetValueOrDefault($"endpoint/{m.Id}/relay/state"));
        }

        Assert.Equal(0, fleet.Totals().Errors);
        fleet.Stop(TimeSpan.FromSeconds(10));
    }

    /// <summary>The last payload per topic among the messages after <paramref name="after"/>.</summary>
    private static Dictionary<string, string> Latest(HubProbe hub, int after = 0)
    {
        var latest = new Dictionary<string, string>();
        foreach (var m in hub.Messages.Skip(after))
        {
            latest[m.Topic] = m.Payload;
        }

        return latest;
    }

    private static void WaitUntil(HubProbe hub, Func<Dictionary<string, string>, bool> condition, string what, SimProcess process, int after = 0, int timeoutMs = 90_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition(Latest(hub, after)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what} ({hub.Count} messages); fleet output:\n{process.Output}");
            }

            Thread.Sleep(100);
        }
    }
}
