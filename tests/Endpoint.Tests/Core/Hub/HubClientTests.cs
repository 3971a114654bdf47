using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Endpoint.Core.Hub;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Hub;

public class HubClientTests
{
    [Fact]
    public void Configure_Always_SetsRetainedOfflineWillOnStatusTopic()
    {
        using var rig = new PlugRig();
        rig.Endpoint.Start();
        rig.Run();

        var attempt = Assert.Single(rig.Transport.ConnectAttempts);
        Assert.Equal("plug-1", attempt.ClientId);
        Assert.Equal("endpoint/plug-1/status", attempt.WillTopic);
        Assert.Equal("offline", Encoding.UTF8.GetString(attempt.WillPayload));
        Assert.True(attempt.WillRetain);
        Assert.Equal(1, attempt.WillQos);
    }

    [Fact]
    public void Connected_Always_SubscribesAnnouncesAndPublishesRetainedState()
    {
        using var rig = new PlugRig().StartOnline();
        var t = rig.Transport;

        Assert.Contains("endpoint/plug-1/+/set", t.Subscriptions);
        Assert.Contains("endpoint/plug-1/cmd/+", t.Subscriptions);
        Assert.Contains("homeassistant/status", t.Subscriptions);

        var status = t.Last("endpoint/plug-1/status");
        Assert.Equal("online", status.Payload);
        Assert.True(status.Retain);
        Assert.Equal(1, status.Qos);

        var state = t.Last("endpoint/plug-1/relay/state");
        Assert.Equal("OFF", state.Payload);
        Assert.True(state.Retain);
        Assert.Equal(1, state.Qos);
        Assert.Equal("restore", t.Last("endpoint/plug-1/power_on_state/state").Payload);

        // online comes before the states, so a hub never sees states of an unavailable device
        int onlineAt = t.Published.FindIndex(p => p.Topic == "endpoint/plug-1/status");
        int stateAt = t.Published.FindIndex(p => p.Topic == "endpoint/plug-1/relay/state");
        Assert.True(onlineAt < stateAt);
    }

    [Fact]
    public void Description_Always_ListsEntitiesWithKindsAndWritability()
    {
        using var rig = new PlugRig().StartOnline();
        var d = rig.Transport.Last("endpoint/plug-1/description");
        Assert.True(d.Retain);
        using var doc = JsonDocument.Parse(d.Payload);
        var root = doc.RootElement;
        Assert.Equal("plug-1", root.GetProperty("id").GetString());
        Assert.Equal("plug", root.GetProperty("type").GetString());
        Assert.Equal("esp32-devkitc", root.GetProperty("board").GetString());
        Assert.Equal("1.0.0", root.GetProperty("firmware").GetString());

        var entities = root.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString());
        Assert.Equal("switch", entities["relay"].GetProperty("kind").GetString());
        Assert.True(entities["relay"].GetProperty("writable").GetBoolean());
        Assert.Equal("endpoint/plug-1/relay/set", entities["relay"].GetProperty("command_topic").GetString());
        Assert.Equal("select", entities["power_on_state"].GetProperty("kind").GetString());
        Assert.Equal(new[] { "off", "on", "restore" }, entities["power_on_state"].GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("event", entities["button"].GetProperty("kind").GetString());
        Assert.False(entities["rssi"].GetProperty("writable").GetBoolean());
        Assert.Contains("restart", root.GetProperty("commands").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void Discovery_Switch_CarriesWhatHomeAssistantRequires()
    {
        using var rig = new PlugRig().StartOnline();
        var cfg = rig.Transport.Last("homeassistant/switch/plug-1_relay/config");
        Assert.NotNull(cfg);
        Assert.True(cfg.Retain);
        using var doc = JsonDocument.Parse(cfg.Payload);
        var r = doc.RootElement;
        Assert.Equal("plug-1_relay", r.GetProperty("unique_id").GetString());
        Assert.Equal("endpoint/plug-1/relay/state", r.GetProperty("state_topic").GetString());
        Assert.Equal("endpoint/plug-1/relay/set", r.GetProperty("command_topic").GetString());
        Assert.Equal("endpoint/plug-1/status", r.GetProperty("availability_topic").GetString());
        Assert.Equal("online", r.GetProperty("payload_available").GetString());
        Assert.Equal("offline", r.GetProperty("payload_not_available").GetString());
        Assert.Equal("outlet", r.GetProperty("device_class").GetString());
        var device = r.GetProperty("device");
        Assert.Equal("endpoint_plug-1", device.GetProperty("identifiers")[0].GetString());
        Assert.Equal("1.0.0", device.GetProperty("sw_version").GetString());
    }

    [Fact]
    public void Discovery_EveryEntity_HasKindSpecificFields()
    {
        using var rig = new PlugRig().StartOnline();
        JsonElement Config(string topic) => JsonDocument.Parse(rig.Transport.Last(topic).Payload).RootElement;

        var select = Config("homeassistant/select/plug-1_power_on_state/config");
        Assert.Equal(3, select.GetProperty("options").GetArrayLength());
        Assert.Equal("config", select.GetProperty("entity_category").GetString());
        Assert.Equal("endpoint/plug-1/power_on_state/set", select.GetProperty("command_topic").GetString());

        var ev = Config("homeassistant/event/plug-1_button/config");
        Assert.Equal("endpoint/plug-1/button/event", ev.GetProperty("state_topic").GetString());
        Assert.Contains("long_press", ev.GetProperty("event_types").EnumerateArray().Select(e => e.GetString()));

        var rssi = Config("homeassistant/sensor/plug-1_rssi/config");
        Assert.Equal("endpoint/plug-1/telemetry", rssi.GetProperty("state_topic").GetString());
        Assert.Equal("{{ value_json.rssi }}", rssi.GetProperty("value_template").GetString());
        Assert.Equal("dBm", rssi.GetProperty("unit_of_measurement").GetString());
        Assert.Equal("diagnostic", rssi.GetProperty("entity_category").GetString());

        var restart = Config("homeassistant/button/plug-1_restart/config");
        Assert.Equal("endpoint/plug-1/restart/set", restart.GetProperty("command_topic").GetString());
        Assert.Equal("PRESS", restart.GetProperty("payload_press").GetString());
        Assert.False(restart.TryGetProperty("state_topic", out _));
    }

    [Fact]
    public void HomeAssistantStatus_Online_RepublishesDiscovery()
    {
        using var rig = new PlugRig().StartOnline();
        int before = rig.Transport.To("homeassistant/switch/plug-1_relay/config").Count();
        rig.Command("homeassistant/status", "offline");
        Assert.Equal(before, rig.Transport.To("homeassistant/switch/plug-1_relay/config").Count());
        rig.Command("homeassistant/status", "online");
        Assert.Equal(before + 1, rig.Transport.To("homeassistant/switch/plug-1_relay/config").Count());
    }

    [Theory]
    [InlineData("ON", "ON")]
    [InlineData("on", "ON")]
    [InlineData("  On\n", "ON")]
    [InlineData("TOGGLE", "ON")]
    public void SetCommand_Valid_AppliesAndConfirmsState(string payload, string expected)
    {
        using var rig = new PlugRig().StartOnline();
        rig.Command("endpoint/plug-1/relay/set", payload);
        Assert.Equal(expected, rig.Transport.Last("endpoint/plug-1/relay/state").Payload);
        Assert.True(rig.RelayPinHigh);
        Assert.Empty(rig.Transport.To("endpoint/plug-1/relay/set/result"));
    }

    [Fact]
    public void SetCommand_Repeated_IsIdempotentAndConfirmsEachTime()
    {
        using var rig = new PlugRig().StartOnline();
        rig.Command("endpoint/plug-1/relay/set", "ON");
        int writes = rig.Endpoint.Flash.Writes;
        rig.Command("endpoint/plug-1/relay/set", "ON");
        Assert.Equal(2, rig.Transport.To("endpoint/plug-1/relay/state").Count(p => p.Payload == "ON"));
        Assert.Equal(writes, rig.Endpoint.Flash.Writes);
        Assert.True(rig.RelayPinHigh);
    }

    [Fact]
    public void DeviceCommand_WithItsOwnLimit_TakesLargerPayloadsOthersStillRefuseThem()
    {
        using var rig = new PlugRig().StartOnline();
        int seen = 0;
        rig.Endpoint.Runtime.Hub.RegisterCommand("big", (payload, offset, count, result) =>
        {
            seen = count;
            return null;
        }, 4096);
        string text = "{\"data\":\"" + new string('x', 3000) + "\"}";

        rig.Command("endpoint/plug-1/cmd/big", text);
        rig.Command("endpoint/plug-1/cmd/telemetry", text);

        Assert.Equal(text.Length, seen);
        Assert.Contains("\"ok\":true", rig.Transport.Last("endpoint/plug-1/cmd/big/result").Payload);
        Assert.Contains($"payload too large ({text.Length} bytes, at most 1024)", rig.Transport.Last("endpoint/plug-1/cmd/telemetry/result").Payload);

        rig.Command("endpoint/plug-1/cmd/big", "{\"data\":\"" + new string('x', 5000) + "\"}");
        Assert.Contains("at most 4096", rig.Transport.Last("endpoint/plug-1/cmd/big/result").Payload);
    }

    public static TheoryData<byte[], string> BadPayloads => new()
    {
        { Encoding.UTF8.GetBytes("garbage"), "expected ON, OFF or TOGGLE" },
        { Encoding.UTF8.GetBytes("{\"state\":\"ON\""), "expected ON, OFF or TOGGLE" },
        { Encoding.UTF8.GetBytes(""), "expected ON, OFF or TOGGLE" },
        { new byte[] { 0x4F, 0xC3, 0x28 }, "payload is not valid UTF-8" },
        { new byte[] { (byte)'O', (byte)'N', 0 }, "payload is not valid UTF-8" },
        { Encoding.UTF8.GetBytes(new string('A', 5000)), "payload too large (5000 bytes, at most 1024)" },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public void SetCommand_BadPayload_RepliesErrorAndChangesNothing(byte[] payload, string error)
    {
        using var rig = new PlugRig().StartOnline();
        int states = rig.Transport.To("endpoint/plug-1/relay/state").Count();
        int writes = rig.Endpoint.Flash.Writes;

        rig.Transport.Deliver("endpoint/plug-1/relay/set", payload);
        rig.Run();

        var reply = rig.Transport.Last("endpoint/plug-1/relay/set/result");
        Assert.NotNull(reply);
        Assert.False(reply.Retain);
        using var doc = JsonDocument.Parse(reply.Payload);
        Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(error, doc.RootElement.GetProperty("error").GetString());
        Assert.Equal(states, rig.Transport.To("endpoint/plug-1/relay/state").Count());
        Assert.Equal(writes, rig.Endpoint.Flash.Writes);
        Assert.False(rig.Plug.RelaySwitch.IsOn);
        Assert.False(rig.RelayPinHigh);

        // still alive: a good command afterwards works
        rig.Command("endpoint/plug-1/relay/set", "ON");
        Assert.True(rig.Plug.RelaySwitch.IsOn);
    }

    [Fact]
    public void SetCommand_UnknownEntityOrReadOnly_RepliesError()
    {
        using var rig = new PlugRig().StartOnline();
        rig.Command("endpoint/plug-1/nothing/set", "ON");
        Assert.Contains("unknown entity", rig.Transport.Last("endpoint/plug-1/nothing/set/result").Payload);
        rig.Command("endpoint/plug-1/rssi/set", "1");
        Assert.Contains("unknown entity", rig.Transport.Last("endpoint/plug-1/rssi/set/result").Payload);
    }

    [Fact]
    public void SetCommand_OtherDevice_IsIgnored()
    {
        using var rig = new PlugRig().StartOnline();
        int count = rig.Transport.Published.Count;
        rig.Command("endpoint/plug-2/relay/set", "ON");
        rig.Command("endpoint/plug-10/relay/set", "ON");
        Assert.False(rig.Plug.RelaySwitch.IsOn);
        Assert.Equal(count, rig.Transport.Published.Count);
    }

    [Fact]
    public void RandomPayloads_NeverCrashOrChangeStateWithoutAReply()
    {
        using var rig = new PlugRig().StartOnline();
        var random = new System.Random(1234);
        for (int i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            string topic = random.Next(3) switch
            {
                0 => "endpoint/plug-1/relay/set",
                1 => "endpoint/plug-1/power_on_state/set",
                _ => "endpoint/plug-1/cmd/" + (char)random.Next('a', 'z'),
            };
            rig.Transport.Deliver(topic, bytes);
            rig.Run();
        }

        Assert.Equal(HubState.Online, rig.Endpoint.Runtime.Hub.State);
        Assert.Equal("restore", rig.Plug.PowerOnState.Selected);
        Assert.DoesNotContain(rig.Log.Lines, l => l.Contains("callback failed"));
        rig.Command("endpoint/plug-1/relay/set", "ON");
        Assert.True(rig.Plug.RelaySwitch.IsOn);
    }

    [Fact]
    public void DeviceCommand_Known_RepliesOk()
    {
        using var rig = new PlugRig().StartOnline();
        int telemetry = rig.Transport.To("endpoint/plug-1/telemetry").Count();
        rig.Command("endpoint/plug-1/cmd/telemetry", "");
        Assert.Equal("{\"ok\":true}", rig.Transport.Last("endpoint/plug-1/cmd/telemetry/result").Payload);
        Assert.Equal(telemetry + 1, rig.Transport.To("endpoint/plug-1/telemetry").Count());
    }

    [Fact]
    public void DeviceCommand_Unknown_RepliesError()
    {
        using var rig = new PlugRig().StartOnline();
        rig.Command("endpoint/plug-1/cmd/selfdestruct", "now");
        Assert.Equal("{\"ok\":false,\"error\":\"unknown command\"}", rig.Transport.Last("endpoint/plug-1/cmd/selfdestruct/result").Payload);
    }

    [Fact]
    public void RestartCommand_AnnouncesOfflineThenReboots()
    {
        using var rig = new PlugRig().StartOnline();
        string reason = null;
        rig.Endpoint.System.RebootRequested += r => reason = r;
        rig.Command("endpoint/plug-1/cmd/restart", "");
        Assert.Null(reason);
        rig.Run(1000);
        Assert.Equal("command", reason);
        Assert.Equal("offline", rig.Transport.Last("endpoint/plug-1/status").Payload);
    }

    [Fact]
    public void Telemetry_Periodically_PublishesDiagnostics()
    {
        using var rig = new PlugRig().StartOnline();
        int before = rig.Transport.To("endpoint/plug-1/telemetry").Count();
        rig.Run(60_000);
        var t = rig.Transport.Last("endpoint/plug-1/telemetry");
        Assert.Equal(before + 1, rig.Transport.To("endpoint/plug-1/telemetry").Count());
        Assert.False(t.Retain);
        using var doc = JsonDocument.Parse(t.Payload);
        var r = doc.RootElement;
        Assert.Equal(60, r.GetProperty("uptime").GetInt64());
        Assert.InRange(r.GetProperty("rssi").GetInt32(), -60, -50);
        Assert.True(r.GetProperty("free_memory").GetInt64() > 0);
        Assert.Equal("power_on", r.GetProperty("reset_reason").GetString());
        Assert.Equal("1.0.0", r.GetProperty("firmware").GetString());
    }

    [Fact]
    public void ConnectFailure_RetriesWithGrowingCappedBackoff()
    {
        using var rig = new PlugRig();
        rig.Endpoint.Start();
        rig.Run();
        var times = new System.Collections.Generic.List<long>();
        for (int i = 0; i < 12; i++)
        {
            int attempts = rig.Transport.ConnectAttempts.Count;
            rig.Transport.Close(MqttCloseReason.Unreachable, "cannot reach broker.test:1883: connection refused");
            long start = rig.Clock.UptimeMs;
            while (rig.Transport.ConnectAttempts.Count == attempts)
            {
                rig.Run(100);
            }

            times.Add(rig.Clock.UptimeMs - start);
        }

        Assert.InRange(times[0], 500, 1100);
        Assert.InRange(times[1], 1000, 2100);
        Assert.InRange(times[2], 2000, 4100);
        Assert.All(times.Skip(7), t => Assert.InRange(t, 30_000, 60_100));
        Assert.Contains(rig.Log.Lines, l => l.Contains("cannot connect: cannot reach broker.test:1883: connection refused; retrying in"));
    }

    [Fact]
    public void ConnectRefused_BadCredentials_SaysSoAndWaitsLong()
    {
        using var rig = new PlugRig();
        rig.Endpoint.Start();
        rig.Run();
        rig.Transport.Close(MqttCloseReason.BadCredentials, "broker refused the connection: bad user name or password");
        rig.Run(60_000);
        Assert.Single(rig.Transport.ConnectAttempts);
        Assert.Contains(rig.Log.Lines, l => l.StartsWith("Error hub: cannot connect: broker refused the connection: bad user name or password; retrying in 300 s"));
        rig.Run(241_000);
        Assert.Equal(2, rig.Transport.ConnectAttempts.Count);
    }

    [Fact]
    public void Reconnect_AfterLinkLoss_ResubscribesAndRepublishesCurrentState()
    {
        using var rig = new PlugRig().StartOnline();
        rig.Transport.Close(MqttCloseReason.ConnectionLost, "connection reset");
        rig.Run();

        // changes while offline are held by the model, events are queued
        rig.Endpoint.PressButton();
        rig.Run(1000);
        Assert.True(rig.Plug.RelaySwitch.IsOn);

        rig.Transport.Subscriptions.Clear();
        rig.Transport.Published.Clear();
        rig.Run(5000);
        Assert.Equal(2, rig.Transport.ConnectAttempts.Count);
        rig.Transport.AcceptConnect();
        rig.Run();

        Assert.Contains("endpoint/plug-1/+/set", rig.Transport.Subscriptions);
        Assert.Equal("ON", rig.Transport.Last("endpoint/plug-1/relay/state").Payload);
        Assert.Equal("{\"event_type\":\"press\"}", rig.Transport.Last("endpoint/plug-1/button/event").Payload);
        Assert.Equal(1, rig.Endpoint.Runtime.Hub.Disconnects);
    }

    [Fact]
    public void OfflineQueue_LongOutage_KeepsNewestTelemetryAndEventsWithinBound()
    {
        using var rig = new PlugRig(hubOptions: new HubOptions { OfflineQueueCapacity = 4, TelemetryIntervalMs = 10_000, BackoffMaxMs = 3_600_000, BackoffInitialMs = 3_600_000 });
        rig.StartOnline();
        rig.Transport.Close(MqttCloseReason.ConnectionLost, "reset");
        rig.Run(100_000);
        var queue = rig.Endpoint.Runtime.Hub.Queue;

        // telemetry is keyed: only the newest of the ten is kept
        Assert.Equal(1, queue.Count);
        using (var newest = JsonDocument.Parse(queue.PayloadAt(0)))
        {
            Assert.Equal(100, newest.RootElement.GetProperty("uptime").GetInt64());
        }

        // five presses: the queue holds four messages, dropping telemetry first, then the oldest event
        for (int i = 0; i < 5; i++)
        {
            rig.Endpoint.PressButton();
            rig.Run(1000);
        }

        Assert.Equal(4, queue.Count);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal("endpoint/plug-1/button/event", queue.TopicAt(i)));
        Assert.Equal(2, queue.Dropped);
    }

    [Fact]
    public void Stop_WhenOnline_PublishesOfflineThenDisconnects()
    {
        using var rig = new PlugRig().StartOnline();
        rig.Endpoint.Stop();
        rig.Run();
        Assert.Equal("offline", rig.Transport.Last("endpoint/plug-1/status").Payload);
        Assert.True(rig.Transport.Last("endpoint/plug-1/status").Retain);
        Assert.Equal(1, rig.Transport.Disconnects);
        rig.Transport.Close(MqttCloseReason.Requested, "closed");
        rig.Run(120_000);
        Assert.Single(rig.Transport.ConnectAttempts);
    }
}

public class HubClientExtensionTests
{
    [Fact]
    public void Subscribe_ExtraTopic_RoutedAndRenewedOnReconnect()
    {
        using var rig = new PlugRig();
        string got = null;
        rig.Endpoint.Runtime.Hub.Subscribe("ota/block", (topic, payload) => got = topic + " " + System.Text.Encoding.UTF8.GetString(payload));
        rig.StartOnline();
        Assert.Contains("endpoint/plug-1/ota/block", rig.Transport.Subscriptions);

        rig.Command("endpoint/plug-1/ota/block", "abc");
        Assert.Equal("endpoint/plug-1/ota/block abc", got);

        rig.Transport.Subscriptions.Clear();
        rig.Transport.Close(Endpoint.Core.Hub.MqttCloseReason.ConnectionLost);
        rig.Run(5000);
        rig.Transport.AcceptConnect();
        rig.Run();
        Assert.Contains("endpoint/plug-1/ota/block", rig.Transport.Subscriptions);
    }

    [Fact]
    public void Publish_Offline_QueuesNewestPerKey()
    {
        using var rig = new PlugRig().StartOnline();
        rig.Transport.Close(Endpoint.Core.Hub.MqttCloseReason.ConnectionLost);
        rig.Run();
        var hub = rig.Endpoint.Runtime.Hub;
        byte[] a = System.Text.Encoding.UTF8.GetBytes("10%");
        byte[] b = System.Text.Encoding.UTF8.GetBytes("20%");
        hub.Publish("ota/status", a, 0, a.Length, 1, true, "ota-status");
        hub.Publish("ota/status", b, 0, b.Length, 1, true, "ota-status");
        rig.Run(5000);
        rig.Transport.AcceptConnect();
        rig.Run();
        var sent = rig.Transport.To("endpoint/plug-1/ota/status").ToList();
        Assert.Single(sent);
        Assert.Equal("20%", sent[0].Payload);
        Assert.True(sent[0].Retain);
    }

    [Fact]
    public void Flush_MarkerComesBack_ConfirmsAfterEverythingPublishedBefore()
    {
        using var rig = new PlugRig().StartOnline();
        rig.Transport.Echo = true;
        bool? confirmed = null;
        rig.Endpoint.Loop.Post(() =>
        {
            rig.Endpoint.Runtime.Hub.Publish("note", Encoding.UTF8.GetBytes("x"), 0, 1, 1, false, null);
            rig.Endpoint.Runtime.Hub.Flush(5000, c => confirmed = c);
        });
        rig.Run();

        Assert.True(confirmed);
        Assert.Contains("endpoint/plug-1/flush", rig.Transport.Subscriptions);
        var marker = rig.Transport.Last("endpoint/plug-1/flush");
        Assert.Equal(1, marker.Qos);
        Assert.False(marker.Retain);
        Assert.True(rig.Transport.Published.IndexOf(marker) > rig.Transport.Published.FindIndex(m => m.Topic == "endpoint/plug-1/note"));
    }

    [Fact]
    public void Connect_RetainedCommandWaitingOnTheBroker_HandledBeforeAFlushRequestedOnlineConfirms()
    {
        // What lets a battery sensor take a retained OTA offer before it decides to sleep: the subscriptions go out
        // before anything is published, the broker answers a connection's packets in order (MQTT 3.1.1 §4.6), and the
        // loop handles what arrives in arrival order.
        using var rig = new PlugRig();
        var hub = rig.Endpoint.Runtime.Hub;
        var order = new List<string>();
        hub.RegisterCommand("probe", (payload, offset, count, result) =>
        {
            order.Add("command");
            return null;
        });
        hub.StateChanged += (state, _) =>
        {
            if (state == HubState.Online)
            {
                rig.Endpoint.Loop.Post(() => hub.Flush(5000, ok => order.Add("flush " + ok)));
            }
        };
        rig.Transport.Retained["endpoint/plug-1/cmd/probe"] = Encoding.UTF8.GetBytes("{}");
        rig.Transport.Echo = true;

        rig.StartOnline();

        Assert.Equal(["command", "flush True"], order);
    }

    [Fact]
    public void DeviceCommand_HandlerIgnoresTheMessage_NoResultAndNothingCounted()
    {
        using var rig = new PlugRig().StartOnline();
        var hub = rig.Endpoint.Runtime.Hub;
        hub.RegisterCommand("quiet", (payload, offset, count, result) => HubClient.Ignored);
        int published = rig.Transport.Published.Count;
        int applied = hub.CommandsApplied;
        int refused = hub.CommandsRefused;

        rig.Command("endpoint/plug-1/cmd/quiet", "");

        Assert.Equal(published, rig.Transport.Published.Count);
        Assert.Equal(applied, hub.CommandsApplied);
        Assert.Equal(refused, hub.CommandsRefused);
    }

    [Fact]
    public void Flush_NoMarkerBack_FalseAfterTheTimeout()
    {
        using var rig = new PlugRig().StartOnline();
        bool? confirmed = null;
        rig.Endpoint.Loop.Post(() => rig.Endpoint.Runtime.Hub.Flush(1000, c => confirmed = c));
        rig.Run(999);
        Assert.Null(confirmed);
        rig.Run(1);
        Assert.False(confirmed);

        // a late marker confirms nothing twice
        rig.Transport.Deliver("endpoint/plug-1/flush", "1");
        rig.Run();
        Assert.False(confirmed);
    }

    [Fact]
    public void Flush_Offline_FalseAtOnce()
    {
        using var rig = new PlugRig();
        bool? confirmed = null;
        rig.Endpoint.Runtime.Hub.Flush(1000, c => confirmed = c);
        Assert.False(confirmed);
    }

    [Fact]
    public void Flush_HubStops_PendingFlushFails()
    {
        using var rig = new PlugRig().StartOnline();
        bool? confirmed = null;
        rig.Endpoint.Loop.Post(() => rig.Endpoint.Runtime.Hub.Flush(5000, c => confirmed = c));
        rig.Run();
        rig.Endpoint.Loop.Post(() => rig.Endpoint.Runtime.Hub.Stop(false));
        rig.Run();
        Assert.False(confirmed);
    }

    [Fact]
    public void Stop_WithoutAnnouncingOffline_DisconnectsAndLeavesStatusOnline()
    {
        using var rig = new PlugRig().StartOnline();
        rig.Endpoint.Loop.Post(() => rig.Endpoint.Runtime.Hub.Stop(false));
        rig.Run();
        Assert.Equal("online", rig.Transport.Last("endpoint/plug-1/status").Payload);
        Assert.Equal(1, rig.Transport.Disconnects);
        Assert.Equal(HubState.Stopped, rig.Endpoint.Runtime.Hub.State);
    }

    [Fact]
    public void SkipUnchangedAnnouncements_Reconnect_ResendsOnlyWhenTheyChanged()
    {
        using var rig = new PlugRig(hubOptions: new HubOptions { SkipUnchangedAnnouncements = true }).StartOnline();
        var hub = rig.Endpoint.Runtime.Hub;
        Assert.Single(rig.Transport.To("endpoint/plug-1/description"));
        Assert.NotEqual(0u, hub.AnnouncedHash);
        Assert.Equal(hub.ComputeAnnouncementsHash(), hub.AnnouncedHash);

        rig.Transport.Close(MqttCloseReason.ConnectionLost);
        rig.Run(2000);
        rig.Transport.AcceptConnect();
        rig.Run();
        Assert.Single(rig.Transport.To("endpoint/plug-1/description"));
        Assert.Equal("OFF", rig.Transport.Last("endpoint/plug-1/relay/state").Payload); // states still republished

        hub.AnnouncedHash = 42; // e.g. a firmware with other entities announced last time
        rig.Transport.Close(MqttCloseReason.ConnectionLost);
        rig.Run(5000);
        rig.Transport.AcceptConnect();
        rig.Run();
        Assert.Equal(2, rig.Transport.To("endpoint/plug-1/description").Count());
    }

    [Fact]
    public void Availability_Off_DiscoveryNamesNoAvailabilityTopic()
    {
        using var rig = new PlugRig(hubOptions: new HubOptions { Availability = false }).StartOnline();
        using var doc = JsonDocument.Parse(rig.Transport.Last("homeassistant/switch/plug-1_relay/config").Payload);
        Assert.False(doc.RootElement.TryGetProperty("availability_topic", out _));
        Assert.False(doc.RootElement.TryGetProperty("payload_not_available", out _));
    }
}
