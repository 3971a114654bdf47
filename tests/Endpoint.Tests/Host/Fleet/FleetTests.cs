using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;
using Endpoint.Host.Fleet;
using Endpoint.Host.Mqtt;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Fleet;

/// <summary>A fleet on the in-process hub: ids, boots, power cuts and reboots of single members.</summary>
public sealed class FleetTests : IDisposable
{
    private readonly InProcessHub _hub = new();
    private readonly SimulatedFleet _fleet;
    private readonly InProcessTransport _probe;

    public FleetTests()
    {
        _fleet = new SimulatedFleet(new FleetOptions
        {
            Apps = [new FleetApp("plug", TestBoards.DevKitC())],
            Count = 3,
            InProcessHub = _hub,
            Threads = 2,
            TelemetryIntervalMs = 60_000,
        });
        _probe = _hub.CreateTransport();
        _probe.Connect(new MqttConnectOptions { Host = "in-process", ClientId = "probe" });
        Wait(() => _probe.IsConnected);
    }

    public void Dispose()
    {
        _fleet.Stop(TimeSpan.FromSeconds(5));
        _fleet.Dispose();
        _hub.Dispose();
    }

    [Fact]
    public void New_IdsPerAppOrWithPrefix_AreNumberedFromOne()
    {
        Assert.Equal(new[] { "plug-1", "plug-2", "plug-3" }, _fleet.Members.Select(m => m.Id));
        using var prefixed = new SimulatedFleet(new FleetOptions
        {
            Apps = [new FleetApp("plug", TestBoards.DevKitC())],
            Count = 2,
            IdPrefix = "lab",
            InProcessHub = _hub,
        });
        Assert.Equal(new[] { "lab-1", "lab-2" }, prefixed.Members.Select(m => m.Id));
        Assert.Throws<ArgumentException>(() => new SimulatedFleet(new FleetOptions
        {
            Apps = [new FleetApp("plug", TestBoards.DevKitC())],
            Count = 2,
            IdPrefix = "Bad Prefix",
            InProcessHub = _hub,
        }));
    }

    [Fact]
    public void CutPower_AfterCommand_BootsAgainFromFlashWithSameRelayState()
    {
        _fleet.Start();
        Assert.True(_fleet.WaitAllOnline(TimeSpan.FromSeconds(10)));
        var member = _fleet.Members[1];
        Send("endpoint/plug-2/relay/set", "ON");
        Wait(() => Model(member)?.GetValueOrDefault("endpoint/plug-2/relay/state") == "ON");

        member.CutPower(300);
        Wait(() => member.Boots == 2 && member.IsOnline, what: () => $"boots {member.Boots}, cuts {member.PowerCuts}, hub {member.Endpoint?.Runtime.Hub.State}, problem {member.LastProblem}");

        Assert.Equal(1, member.PowerCuts);
        Assert.Equal("ON", Model(member)["endpoint/plug-2/relay/state"]);
        Assert.True(member.Endpoint.Clock.UptimeMs < _fleet.Clock.UptimeMs - 250, "the device's uptime starts again at its boot");
        Assert.True(member.Reconnects >= 1);
        Assert.True(member.LongestOfflineMs >= 150, $"offline only {member.LongestOfflineMs} ms");
        Assert.Equal(1, _fleet.Members[0].Boots);
    }

    [Fact]
    public void RestartCommand_MemberRebootsWithSoftwareResetReason()
    {
        _fleet.Start();
        Assert.True(_fleet.WaitAllOnline(TimeSpan.FromSeconds(10)));
        var member = _fleet.Members[0];
        Send("endpoint/plug-1/cmd/restart", "");
        Wait(() => member.Reboots == 1 && member.Boots == 2 && member.IsOnline);

        Assert.Equal("software", member.Endpoint.System.ResetReason);
    }

    [Fact]
    public void DropLinkAndRestart_MemberReconnectsByItself()
    {
        _fleet.Start();
        Assert.True(_fleet.WaitAllOnline(TimeSpan.FromSeconds(10)));
        var member = _fleet.Members[2];
        member.DropLink();
        Wait(() => member.Drops == 1 && member.Connects == 2 && member.IsOnline);
        member.RestartConnection();
        Wait(() => member.Restarts == 1 && member.Connects == 3 && member.IsOnline);

        Assert.Equal(1, member.Boots);
        Assert.Equal(0, member.Errors);
        var totals = _fleet.Totals();
        Assert.Equal(2, totals.Reconnects);
        Assert.Equal(1, totals.Drops);
        Assert.Equal(1, totals.Restarts);
    }

    [Fact]
    public async Task Verify_AfterStart_AllOnlineAndStatesMatch()
    {
        _fleet.Start();
        Assert.True(_fleet.WaitAllOnline(TimeSpan.FromSeconds(10)));
        Send("endpoint/plug-3/relay/set", "ON");
        Wait(() => Model(_fleet.Members[2])?.GetValueOrDefault("endpoint/plug-3/relay/state") == "ON");

        var result = await FleetVerifier.VerifyAsync(_fleet, _hub.CreateTransport(), new MqttConnectOptions { Host = "in-process" }, TimeSpan.FromSeconds(10));

        Assert.True(result.Passed, string.Join("; ", result.Problems.Select(p => p.Key + ": " + p.Value)));
        Assert.Equal(3, result.Online);
        Assert.Equal(6, result.States); // relay and power_on_state of each
    }

    [Fact]
    public async Task Verify_HubHoldsAnotherState_ReportsTheMismatch()
    {
        _fleet.Start();
        Assert.True(_fleet.WaitAllOnline(TimeSpan.FromSeconds(10)));
        Thread.Sleep(300);

        // Someone else overwrote the retained state: the hub no longer shows the truth.
        byte[] on = Encoding.UTF8.GetBytes("ON");
        _probe.Publish("endpoint/plug-1/relay/state", on, 0, on.Length, 1, true);
        var result = await FleetVerifier.VerifyAsync(_fleet, _hub.CreateTransport(), new MqttConnectOptions { Host = "in-process" }, TimeSpan.FromSeconds(2));

        Assert.False(result.Passed);
        Assert.Equal("relay/state is OFF but the hub has ON", result.Problems["plug-1"]);
        Assert.Equal(5, result.MatchingStates);
    }

    [Fact]
    public async Task BatterySensor_SleepsBetweenReadings_VerifiedAsAsleepNotOffline()
    {
        // The XIAO battery board starts in battery mode; its flash holds a 10 s interval (a sleeping
        // sensor takes no command, so the interval is set as a previous boot would have left it).
        string root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "endpoint-fleet-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(root, "sensor-1"));
        new Endpoint.Core.Storage.KeyValueStore(new SimulatedFlash(System.IO.Path.Combine(root, "sensor-1")), "settings")
            .Set("sensor.interval", "10");
        using var fleet = new SimulatedFleet(new FleetOptions
        {
            Apps = [Endpoint.Cli.Commands.FleetApps.Resolve("test", "sensor", "xiao-esp32c3")[0]],
            Count = 1,
            InProcessHub = _hub,
            StateRoot = root,
        });
        fleet.Start();
        Assert.True(fleet.WaitAllOnline(TimeSpan.FromSeconds(10)));
        var member = fleet.Members[0];
        Wait(() => member.Sleeps >= 1 && member.IsAsleep, 30_000, () => $"sleeps {member.Sleeps}, boots {member.Boots}, problem {member.LastProblem}");

        var result = await FleetVerifier.VerifyAsync(fleet, _hub.CreateTransport(), new MqttConnectOptions { Host = "in-process" }, TimeSpan.FromSeconds(5));

        Assert.True(result.Passed, string.Join("; ", result.Problems.Select(p => p.Key + ": " + p.Value)));
        Assert.Equal(1, result.Online);
        Assert.True(member.LongestOfflineMs < 5000, $"offline {member.LongestOfflineMs} ms counted while asleep");
        Wait(() => member.Boots >= 3, 30_000); // it wakes from reset and sleeps again
        fleet.Stop(TimeSpan.FromSeconds(5));
        System.IO.Directory.Delete(root, true);
    }

    [Fact]
    public void StateRoot_NewFleetOverSameFolders_RelayRestoredFromFlash()
    {
        string root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "endpoint-fleet-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = NewFleet(root))
            {
                first.Start();
                Assert.True(first.WaitAllOnline(TimeSpan.FromSeconds(10)));
                Send("endpoint/plug-2/relay/set", "ON");
                Wait(() => Model(first.Members[1])?.GetValueOrDefault("endpoint/plug-2/relay/state") == "ON");
                first.Stop(TimeSpan.FromSeconds(5));
            }

            Assert.True(System.IO.Directory.Exists(System.IO.Path.Combine(root, "plug-2")));
            using var second = NewFleet(root);
            second.Start();
            Assert.True(second.WaitAllOnline(TimeSpan.FromSeconds(10)));
            Assert.Equal("ON", Model(second.Members[1])["endpoint/plug-2/relay/state"]);
            Assert.Equal("OFF", Model(second.Members[0])["endpoint/plug-1/relay/state"]);
            second.Stop(TimeSpan.FromSeconds(5));
        }
        finally
        {
            System.IO.Directory.Delete(root, true);
        }
    }

    private SimulatedFleet NewFleet(string stateRoot) => new(new FleetOptions
    {
        Apps = [new FleetApp("plug", TestBoards.DevKitC())],
        Count = 2,
        InProcessHub = _hub,
        StateRoot = stateRoot,
    });

    private void Send(string topic, string payload)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(payload);
        Assert.True(_probe.Publish(topic, bytes, 0, bytes.Length, 1, false));
    }

    private static System.Collections.Generic.Dictionary<string, string> Model(FleetMember m) => m.ReadModelAsync().Result;

    private static void Wait(Func<bool> condition, int timeoutMs = 15000, Func<string> what = null) =>
        Assert.True(SpinWait.SpinUntil(condition, timeoutMs), "condition not met in time" + (what != null ? ": " + what() : ""));
}
