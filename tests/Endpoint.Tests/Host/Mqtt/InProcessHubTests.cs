using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;
using Endpoint.Host.Mqtt;

namespace Endpoint.Tests.Host.Mqtt;

public class InProcessHubTests : IDisposable
{
    private readonly InProcessHub _hub = new InProcessHub();

    public void Dispose() => _hub.Dispose();

    private static MqttConnectOptions Options(string clientId, bool clean = true) => new MqttConnectOptions
    {
        Host = "in-process",
        ClientId = clientId,
        CleanSession = clean,
    };

    private async Task<(InProcessTransport Transport, TransportProbe Probe)> ConnectAsync(string clientId, Action<MqttConnectOptions> tweak = null)
    {
        var t = _hub.CreateTransport();
        var probe = new TransportProbe(t);
        var o = Options(clientId);
        tweak?.Invoke(o);
        t.Connect(o);
        await probe.ConnectedAsync();
        Assert.True(t.IsConnected);
        return (t, probe);
    }

    private static void Publish(IMqttTransport t, string topic, string text, int qos = 0, bool retain = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.True(t.Publish(topic, bytes, 0, bytes.Length, qos, retain));
    }

    // ------------------------------------------------------------------ routing

    [Fact]
    public async Task Publish_WildcardSubscriptions_DeliveredToMatchingSubscribersOnly()
    {
        var (plus, plusProbe) = await ConnectAsync("plus");
        var (hash, hashProbe) = await ConnectAsync("hash");
        var (exact, exactProbe) = await ConnectAsync("exact");
        var (pub, _) = await ConnectAsync("pub");
        plus.Subscribe("endpoint/+/status", 1);
        hash.Subscribe("endpoint/dev1/#", 0);
        exact.Subscribe("endpoint/dev2/status", 0);

        Publish(pub, "endpoint/dev1/status", "a");
        Publish(pub, "endpoint/dev1/relay/state", "b");
        Publish(pub, "endpoint/dev2/status", "c");
        Publish(pub, "other/dev1/status", "d");
        plus.Subscribe("endpoint/end", 0);
        hash.Subscribe("endpoint/end", 0);
        exact.Subscribe("endpoint/end", 0);
        Publish(pub, "endpoint/end", "end");

        Assert.Equal(new[] { "a", "c" }, (await plusProbe.UntilAsync("endpoint/end")).Select(m => m.Text));
        Assert.Equal(new[] { "a", "b" }, (await hashProbe.UntilAsync("endpoint/end")).Select(m => m.Text));
        Assert.Equal(new[] { "c" }, (await exactProbe.UntilAsync("endpoint/end")).Select(m => m.Text));
    }

    [Fact]
    public async Task Publish_OverlappingFilters_DeliveredOncePerClient()
    {
        var (sub, probe) = await ConnectAsync("sub");
        sub.Subscribe("a/+", 0);
        sub.Subscribe("a/#", 1);
        sub.Subscribe("a/b", 1);
        sub.Subscribe("#", 0);
        var (pub, _) = await ConnectAsync("pub");
        Publish(pub, "a/b", "once", qos: 1);
        Publish(pub, "z", "end");
        Assert.Equal(new[] { ("a/b", "once") }, await probe.UntilAsync("z"));
    }

    [Fact]
    public async Task Publish_OverlappingFiltersOverTcp_OneCopyAtHighestMatchingQos()
    {
        int port = _hub.ListenTcp(0);
        using var raw = await RawMqttConnection.ConnectAsync(port);
        await raw.SendAsync(new MqttConnectPacket { ClientId = "raw", KeepAliveSeconds = 0 });
        Assert.Equal(0, (await raw.ReadAsync<MqttConnAckPacket>()).ReturnCode);
        // The exact filter (QoS 1) is matched before the wildcards (QoS 0): the higher QoS must win anyway.
        await raw.SendAsync(new MqttSubscribePacket { PacketId = 5, Subscriptions = new[] { new MqttSubscription("a/b", 1), new MqttSubscription("a/+", 0), new MqttSubscription("a/#", 0), new MqttSubscription("x", 2) } });
        var ack = await raw.ReadAsync<MqttSubAckPacket>();
        Assert.Equal(5, ack.PacketId);
        Assert.Equal(new byte[] { 1, 0, 0, 1 }, ack.ReturnCodes); // QoS 2 is granted as 1

        var (pub, _) = await ConnectAsync("pub");
        Publish(pub, "a/b", "hello", qos: 1);
        Publish(pub, "a/c", "qos0", qos: 0);
        var p1 = await raw.ReadAsync<MqttPublishPacket>();
        Assert.Equal(("a/b", 1, false), (p1.Topic, p1.Qos, p1.Retain));
        await raw.SendAsync(new MqttPubAckPacket(p1.PacketId));
        var p2 = await raw.ReadAsync<MqttPublishPacket>();
        Assert.Equal(("a/c", 0), (p2.Topic, p2.Qos)); // only the QoS 0 wildcards match
    }

    [Fact]
    public async Task Publish_DollarTopic_NotMatchedByLeadingWildcard()
    {
        var (all, allProbe) = await ConnectAsync("all");
        all.Subscribe("#", 0);
        all.Subscribe("+/x", 0);
        var (sys, sysProbe) = await ConnectAsync("sys");
        sys.Subscribe("$SYS/#", 0);
        var (pub, _) = await ConnectAsync("pub");
        Publish(pub, "$SYS/x", "hidden");
        Publish(pub, "end", "end");
        sys.Subscribe("end", 0);
        Publish(pub, "end", "end");
        Assert.Empty(await allProbe.UntilAsync("end"));
        Assert.Equal(new[] { ("$SYS/x", "hidden") }, await sysProbe.UntilAsync("end"));
    }

    [Fact]
    public async Task Publish_SubscribedToOwnTopic_EventNotRaisedInsidePublish()
    {
        var (t, probe) = await ConnectAsync("self");
        bool inside = false, raisedInside = false;
        t.MessageReceived += (_, _) => raisedInside |= Volatile.Read(ref inside);
        t.Subscribe("me", 0);
        Volatile.Write(ref inside, true);
        Publish(t, "me", "x");
        Volatile.Write(ref inside, false);
        Assert.Equal(("me", "x"), await probe.TextAsync());
        Assert.False(raisedInside);
    }

    [Fact]
    public async Task Publish_PayloadBufferReusedByCaller_SubscribersKeepTheirCopy()
    {
        var (sub1, probe1) = await ConnectAsync("s1");
        var (sub2, probe2) = await ConnectAsync("s2");
        sub1.Subscribe("t", 0);
        sub2.Subscribe("t", 0);
        var (pub, _) = await ConnectAsync("pub");
        var buffer = Encoding.UTF8.GetBytes("abc");
        pub.Publish("t", buffer, 0, 3, 0, false);
        buffer[0] = (byte)'X';
        var m1 = await probe1.MessageAsync();
        m1.Payload[1] = (byte)'Y'; // one subscriber changing its array must not affect the other
        Assert.Equal("abc", Encoding.UTF8.GetString((await probe2.MessageAsync()).Payload));
    }

    [Fact]
    public async Task Publish_FromManyThreads_EveryMessageDelivered()
    {
        var (sub, probe) = await ConnectAsync("sub");
        sub.Subscribe("load/#", 1);
        var publishers = new List<InProcessTransport>();
        for (int i = 0; i < 4; i++) publishers.Add((await ConnectAsync("p" + i)).Transport);
        await Task.WhenAll(publishers.Select((p, i) => Task.Run(() =>
        {
            for (int n = 0; n < 500; n++) Publish(p, $"load/{i}", n.ToString(), qos: 1);
        })));
        var got = await probe.TextsAsync(2000);
        // Per publisher, order is kept.
        foreach (var group in got.GroupBy(m => m.Topic))
            Assert.Equal(Enumerable.Range(0, 500).Select(n => n.ToString()), group.Select(m => m.Text));
    }

    [Fact]
    public async Task Unsubscribe_Filter_StopsDelivery()
    {
        var (sub, probe) = await ConnectAsync("sub");
        sub.Subscribe("a/#", 0);
        sub.Subscribe("end", 0);
        var (pub, _) = await ConnectAsync("pub");
        Publish(pub, "a/1", "before");
        sub.Unsubscribe("a/#");
        Publish(pub, "a/2", "after");
        Publish(pub, "end", "end");
        Assert.Equal(new[] { ("a/1", "before") }, await probe.UntilAsync("end"));
    }

    // ------------------------------------------------------------------ retained

    [Fact]
    public async Task Subscribe_RetainedMessages_LateSubscriberGetsLatestPerTopic()
    {
        var (pub, _) = await ConnectAsync("pub");
        Publish(pub, "endpoint/d1/relay/state", "ON", qos: 1, retain: true);
        Publish(pub, "endpoint/d1/relay/state", "OFF", qos: 1, retain: true);
        Publish(pub, "endpoint/d2/relay/state", "ON", retain: true);
        Publish(pub, "endpoint/d3/relay/state", "not kept"); // not retained
        var (late, probe) = await ConnectAsync("late");
        late.Subscribe("endpoint/+/relay/state", 1);
        var got = (await probe.TextsAsync(2)).OrderBy(m => m.Topic).ToList();
        Assert.Equal(new[] { ("endpoint/d1/relay/state", "OFF"), ("endpoint/d2/relay/state", "ON") }, got);
        Assert.Equal(2, _hub.RetainedCount);
    }

    [Fact]
    public async Task Publish_EmptyRetainedPayload_DeletesRetainedMessage()
    {
        var (pub, _) = await ConnectAsync("pub");
        Publish(pub, "x/state", "ON", retain: true);
        Assert.True(_hub.TryGetRetained("x/state", out var kept));
        Assert.Equal("ON", Encoding.UTF8.GetString(kept));
        Assert.True(pub.Publish("x/state", Array.Empty<byte>(), 0, 0, 0, true));
        Assert.False(_hub.TryGetRetained("x/state", out _));

        var (late, probe) = await ConnectAsync("late");
        late.Subscribe("x/#", 0);
        late.Subscribe("end", 0);
        Publish(pub, "end", "end");
        Assert.Empty(await probe.UntilAsync("end"));
    }

    // ------------------------------------------------------------------ will, takeover, sessions

    private static Action<MqttConnectOptions> Will(string topic, string text, bool retain = true) => o =>
    {
        o.WillTopic = topic;
        o.WillPayload = Encoding.UTF8.GetBytes(text);
        o.WillQos = 1;
        o.WillRetain = retain;
    };

    [Fact]
    public async Task Kill_TransportWithWill_WillPublishedAndRetained()
    {
        var (watcher, probe) = await ConnectAsync("watcher");
        watcher.Subscribe("endpoint/dev1/status", 1);
        var (dev, devProbe) = await ConnectAsync("dev1", Will("endpoint/dev1/status", "offline"));
        Publish(dev, "endpoint/dev1/status", "online", qos: 1, retain: true);
        Assert.Equal(("endpoint/dev1/status", "online"), await probe.TextAsync());

        dev.Kill();
        Assert.Equal(("endpoint/dev1/status", "offline"), await probe.TextAsync());
        Assert.True(_hub.TryGetRetained("endpoint/dev1/status", out var retained));
        Assert.Equal("offline", Encoding.UTF8.GetString(retained));
        var closed = await devProbe.ClosedAsync();
        Assert.Equal(MqttCloseReason.ConnectionLost, closed.Reason);
        Assert.False(dev.IsConnected);
        Assert.False(dev.Publish("x", new byte[1], 0, 1, 0, false));
    }

    [Fact]
    public async Task Disconnect_TransportWithWill_WillNotPublished()
    {
        var (watcher, probe) = await ConnectAsync("watcher");
        watcher.Subscribe("endpoint/#", 1);
        var (dev, devProbe) = await ConnectAsync("dev1", Will("endpoint/dev1/status", "offline"));
        dev.Disconnect();
        Assert.Equal(MqttCloseReason.Requested, (await devProbe.ClosedAsync()).Reason);
        Publish(watcher, "endpoint/end", "end");
        Assert.Empty(await probe.UntilAsync("endpoint/end"));
        Assert.False(_hub.TryGetRetained("endpoint/dev1/status", out _));
    }

    [Fact]
    public async Task DropClient_InMemory_ClosedConnectionLostAndWillPublished()
    {
        var (watcher, probe) = await ConnectAsync("watcher");
        watcher.Subscribe("s", 0);
        var (dev, devProbe) = await ConnectAsync("dev", Will("s", "gone", retain: false));
        Assert.True(_hub.DropClient("dev"));
        Assert.Equal(("s", "gone"), await probe.TextAsync());
        Assert.Equal(MqttCloseReason.ConnectionLost, (await devProbe.ClosedAsync()).Reason);
        Assert.False(_hub.DropClient("dev"));
    }

    [Fact]
    public async Task Connect_SameClientId_TakesOverAndPublishesOldWill()
    {
        var (watcher, probe) = await ConnectAsync("watcher");
        watcher.Subscribe("endpoint/dev1/#", 1);
        var (old, oldProbe) = await ConnectAsync("dev1", Will("endpoint/dev1/status", "offline"));
        var (fresh, freshProbe) = await ConnectAsync("dev1");

        var closed = await oldProbe.ClosedAsync();
        Assert.Equal(MqttCloseReason.ConnectionLost, closed.Reason);
        Assert.Contains("took over", closed.Detail);
        Assert.False(old.IsConnected);
        Assert.True(fresh.IsConnected);
        Assert.Equal(("endpoint/dev1/status", "offline"), await probe.TextAsync());
        Assert.Equal(new[] { "watcher", "dev1" }.OrderBy(x => x), _hub.ConnectedClientIds.OrderBy(x => x));

        // The new connection works; the old one publishes nothing.
        Assert.False(old.Publish("endpoint/dev1/x", new byte[1], 0, 1, 0, false));
        Publish(fresh, "endpoint/dev1/state", "new");
        Assert.Equal(("endpoint/dev1/state", "new"), await probe.TextAsync());
    }

    [Fact]
    public async Task Connect_TakeoverOverTcp_OldSocketClosedAndWillPublished()
    {
        int port = _hub.ListenTcp(0);
        var (watcher, probe) = await ConnectAsync("watcher");
        watcher.Subscribe("w", 0);
        using var first = await RawMqttConnection.ConnectAsync(port);
        await first.SendAsync(new MqttConnectPacket { ClientId = "dup", WillTopic = "w", WillPayload = Encoding.UTF8.GetBytes("first gone") });
        await first.ReadAsync<MqttConnAckPacket>();
        using var second = await RawMqttConnection.ConnectAsync(port);
        await second.SendAsync(new MqttConnectPacket { ClientId = "dup" });
        Assert.Equal(0, (await second.ReadAsync<MqttConnAckPacket>()).ReturnCode);
        Assert.Null(await first.ReadAsync()); // closed by the hub
        Assert.Equal(("w", "first gone"), await probe.TextAsync());
    }

    [Fact]
    public async Task Connect_PersistentSession_Qos1QueuedWhileOfflineDeliveredOnReconnect()
    {
        var (dev, _) = await ConnectAsync("dev", o => o.CleanSession = false);
        dev.Subscribe("cmd/#", 1);
        dev.Disconnect();
        var (pub, _) = await ConnectAsync("pub");
        Publish(pub, "cmd/a", "kept", qos: 1);
        Publish(pub, "cmd/b", "dropped", qos: 0); // QoS 0 is not queued for offline sessions

        var again = _hub.CreateTransport();
        var probe = new TransportProbe(again);
        again.Connect(Options("dev", clean: false));
        await probe.ConnectedAsync();
        Publish(pub, "cmd/end", "end");
        Assert.Equal(new[] { ("cmd/a", "kept") }, await probe.UntilAsync("cmd/end"));
    }

    [Fact]
    public async Task Connect_CleanSessionAfterPersistent_ForgetsSubscriptions()
    {
        var (dev, _) = await ConnectAsync("dev", o => o.CleanSession = false);
        dev.Subscribe("cmd/#", 1);
        dev.Disconnect();
        var (clean, probe) = await ConnectAsync("dev");
        var (pub, _) = await ConnectAsync("pub");
        Publish(pub, "cmd/a", "x", qos: 1);
        clean.Subscribe("end", 0);
        Publish(pub, "end", "end");
        Assert.Empty(await probe.UntilAsync("end"));
    }

    [Fact]
    public async Task Connect_PersistentSessionOverTcp_SessionPresentAndUnackedResentWithDup()
    {
        int port = _hub.ListenTcp(0);
        using (var first = await RawMqttConnection.ConnectAsync(port))
        {
            await first.SendAsync(new MqttConnectPacket { ClientId = "p", CleanSession = false });
            Assert.False((await first.ReadAsync<MqttConnAckPacket>()).SessionPresent);
            await first.SendAsync(new MqttSubscribePacket { PacketId = 1, Subscriptions = new[] { new MqttSubscription("q", 1) } });
            await first.ReadAsync<MqttSubAckPacket>();
            var (pub, _) = await ConnectAsync("pub");
            Publish(pub, "q", "one", qos: 1);
            var delivered = await first.ReadAsync<MqttPublishPacket>();
            Assert.False(delivered.Dup);
        } // dropped without PUBACK
        await WaitUntil(() => !_hub.ConnectedClientIds.Contains("p"));

        using var second = await RawMqttConnection.ConnectAsync(port);
        await second.SendAsync(new MqttConnectPacket { ClientId = "p", CleanSession = false });
        Assert.True((await second.ReadAsync<MqttConnAckPacket>()).SessionPresent);
        var again = await second.ReadAsync<MqttPublishPacket>();
        Assert.True(again.Dup);
        Assert.Equal("one", Encoding.UTF8.GetString(again.Payload));
    }

    [Fact]
    public async Task Connect_WrongCredentials_ClosedBadCredentials()
    {
        _hub.SetCredentials("u", "p");
        var t = _hub.CreateTransport();
        var probe = new TransportProbe(t);
        var o = Options("dev");
        o.Username = "u";
        o.Password = "nope";
        t.Connect(o);
        var closed = await probe.ClosedAsync();
        Assert.Equal(MqttCloseReason.BadCredentials, closed.Reason);
        Assert.DoesNotContain("nope", closed.Detail);
        o.Password = "p";
        t.Connect(o);
        await probe.ConnectedAsync();
    }

    [Fact]
    public async Task Connect_EmptyClientIdWithPersistentSession_IdentifierRejected()
    {
        var t = _hub.CreateTransport();
        var probe = new TransportProbe(t);
        t.Connect(Options("", clean: false));
        Assert.Equal(MqttCloseReason.IdentifierRejected, (await probe.ClosedAsync()).Reason);

        t.Connect(Options("", clean: true)); // §3.1.3.1: the server assigns an id
        await probe.ConnectedAsync();
        Assert.StartsWith("auto-", t.ClientId);
    }

    [Fact]
    public async Task Disconnect_WhileConnecting_ClosedRequestedAndNotConnected()
    {
        var t = _hub.CreateTransport();
        var probe = new TransportProbe(t);
        t.Connect(Options("dev"));
        t.Disconnect();
        Assert.Equal(MqttCloseReason.Requested, (await probe.ClosedAsync()).Reason);
        await Task.Delay(50);
        Assert.False(t.IsConnected);
        Assert.DoesNotContain("dev", _hub.ConnectedClientIds);
    }

    // ------------------------------------------------------------------ TCP side

    [Fact]
    public async Task ListenTcp_MosquittoPubAndSub_ExchangeMessagesWithInMemoryClients()
    {
        int port = _hub.ListenTcp(0);
        var (mem, probe) = await ConnectAsync("mem");
        mem.Subscribe("from/cli", 0);

        using var sub = Process.Start(new ProcessStartInfo("mosquitto_sub", $"-h 127.0.0.1 -p {port} -t to/cli -C 1 -i cli-sub") { RedirectStandardOutput = true, UseShellExecute = false });
        await WaitUntil(() => _hub.ConnectedClientIds.Contains("cli-sub"));
        await Task.Delay(200); // mosquitto_sub subscribes right after CONNACK
        Publish(mem, "to/cli", "hello cli", retain: true); // retained, so a late SUBSCRIBE still sees it
        string line = await sub.StandardOutput.ReadLineAsync().WaitAsync(TransportProbe.Timeout);
        Assert.Equal("hello cli", line);
        Assert.True(sub.WaitForExit(10_000));

        using var pub = Process.Start(new ProcessStartInfo("mosquitto_pub", $"-h 127.0.0.1 -p {port} -t from/cli -m hi-hub -q 1") { UseShellExecute = false });
        Assert.Equal(("from/cli", "hi-hub"), await probe.TextAsync());
        Assert.True(pub.WaitForExit(10_000));
        Assert.Equal(0, pub.ExitCode);
    }

    [Fact]
    public async Task ListenTcp_ClientThatNeverPings_DroppedAfterKeepAliveAndWillPublished()
    {
        int port = _hub.ListenTcp(0);
        var (watcher, probe) = await ConnectAsync("watcher");
        watcher.Subscribe("silent/status", 0);
        using var raw = await RawMqttConnection.ConnectAsync(port);
        await raw.SendAsync(new MqttConnectPacket { ClientId = "silent", KeepAliveSeconds = 1, WillTopic = "silent/status", WillPayload = Encoding.UTF8.GetBytes("offline") });
        await raw.ReadAsync<MqttConnAckPacket>();
        Assert.Null(await raw.ReadAsync()); // §3.1.2.10: closed after 1.5 × keep-alive of silence
        Assert.Equal(("silent/status", "offline"), await probe.TextAsync());
    }

    [Fact]
    public async Task ListenTcp_FirstPacketNotConnect_ConnectionClosed()
    {
        int port = _hub.ListenTcp(0);
        using var raw = await RawMqttConnection.ConnectAsync(port);
        await raw.SendAsync(MqttPingReqPacket.Instance);
        Assert.Null(await raw.ReadAsync());
    }

    [Fact]
    public async Task ListenTcp_WrongProtocolLevel_ConnAckUnacceptableProtocolVersion()
    {
        int port = _hub.ListenTcp(0);
        using var raw = await RawMqttConnection.ConnectAsync(port);
        await raw.SendAsync(new MqttConnectPacket { ClientId = "old", ProtocolLevel = 3 });
        Assert.Equal(1, (await raw.ReadAsync<MqttConnAckPacket>()).ReturnCode);
        Assert.Null(await raw.ReadAsync());
    }

    [Fact]
    public async Task ListenTcp_MalformedPacket_ConnectionClosedAndWillPublished()
    {
        int port = _hub.ListenTcp(0);
        var (watcher, probe) = await ConnectAsync("watcher");
        watcher.Subscribe("bad/status", 0);
        using var raw = await RawMqttConnection.ConnectAsync(port);
        await raw.SendAsync(new MqttConnectPacket { ClientId = "bad", WillTopic = "bad/status", WillPayload = Encoding.UTF8.GetBytes("offline") });
        await raw.ReadAsync<MqttConnAckPacket>();
        await raw.SendRawAsync(new byte[] { 0x36, 0x00 }); // PUBLISH with QoS 3
        Assert.Null(await raw.ReadAsync());
        Assert.Equal(("bad/status", "offline"), await probe.TextAsync());
    }

    [Fact]
    public async Task ListenTcp_ManyClients_AllConnectAndReceive()
    {
        int port = _hub.ListenTcp(0);
        const int count = 200;
        var clients = new List<(MqttClient Client, TransportProbe Probe)>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var c = new MqttClient();
                clients.Add((c, new TransportProbe(c)));
            }
            await Task.WhenAll(clients.Select(async (x, i) =>
            {
                var r = await x.Client.ConnectAsync(new MqttConnectOptions { Host = "127.0.0.1", Port = port, ClientId = "fleet-" + i });
                Assert.True(r.IsConnected, r.ToString());
                await x.Client.SubscribeAsync("fleet/all", 1);
            })).WaitAsync(TimeSpan.FromSeconds(60));
            var (pub, _) = await ConnectAsync("pub");
            Publish(pub, "fleet/all", "wake", qos: 1);
            foreach (var (_, probe) in clients) Assert.Equal(("fleet/all", "wake"), await probe.TextAsync());
        }
        finally
        {
            foreach (var (c, _) in clients) c.Dispose();
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TransportProbe.Timeout) throw new TimeoutException("condition not met");
            await Task.Delay(10);
        }
    }
}
