using Endpoint.Tests.Integration;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;
using Endpoint.Host.Mqtt;

namespace Endpoint.Tests.Host.Mqtt;

/// <summary>Brokers shared by the client tests: a real Mosquitto (plain and TLS) and the in-process hub on loopback TCP.</summary>
public sealed class MqttBrokersFixture : IDisposable
{
    public MqttBrokersFixture()
    {
        // The certificate names "localhost" only, so connecting by address tests host-name checking.
        Mosquitto = MosquittoBroker.Start(new MosquittoOptions { Tls = true, ServerSubjectAltNames = "DNS:localhost" });
        Hub = new InProcessHub();
        HubPort = Hub.ListenTcp(0);
    }

    internal MosquittoBroker Mosquitto { get; }

    public InProcessHub Hub { get; }

    public int HubPort { get; }

    public int PortOf(string broker) => broker == "hub" ? HubPort : Mosquitto.Port;

    public void Dispose()
    {
        Hub.Dispose();
        Mosquitto.Dispose();
    }
}

public class MqttClientTests : IClassFixture<MqttBrokersFixture>, IDisposable
{
    private readonly MqttBrokersFixture _brokers;
    private readonly List<MqttClient> _clients = new List<MqttClient>();

    public MqttClientTests(MqttBrokersFixture brokers)
    {
        _brokers = brokers;
    }

    public void Dispose()
    {
        foreach (var c in _clients) c.Dispose();
    }

    private static string NewTopic() => "test/" + Guid.NewGuid().ToString("N");

    private static MqttConnectOptions Options(int port, string clientId = null, int keepAlive = 30) => new MqttConnectOptions
    {
        Host = "127.0.0.1",
        Port = port,
        ClientId = clientId ?? "c-" + Guid.NewGuid().ToString("N").Substring(0, 12),
        KeepAliveSeconds = keepAlive,
        ConnectTimeoutMs = 10_000,
    };

    private (MqttClient Client, TransportProbe Probe) NewClient()
    {
        var c = new MqttClient();
        _clients.Add(c);
        return (c, new TransportProbe(c));
    }

    private async Task<(MqttClient Client, TransportProbe Probe)> ConnectedClientAsync(int port, MqttConnectOptions options = null)
    {
        var (c, probe) = NewClient();
        var result = await c.ConnectAsync(options ?? Options(port)).WaitAsync(TransportProbe.Timeout);
        Assert.True(result.IsConnected, result.ToString());
        await probe.ConnectedAsync();
        return (c, probe);
    }

    // ------------------------------------------------------------------ round trips

    [Theory]
    [InlineData("hub")]
    [InlineData("mosquitto")]
    public async Task PublishAsync_Qos0AndQos1_SubscriberReceivesBoth(string broker)
    {
        int port = _brokers.PortOf(broker);
        string topic = NewTopic();
        var (sub, subProbe) = await ConnectedClientAsync(port);
        Assert.Equal(1, await sub.SubscribeAsync(topic + "/#", 1).WaitAsync(TransportProbe.Timeout));
        var (pub, _) = await ConnectedClientAsync(port);

        await pub.PublishAsync(topic + "/zero", "q0", qos: 0).WaitAsync(TransportProbe.Timeout);
        await pub.PublishAsync(topic + "/one", "q1", qos: 1).WaitAsync(TransportProbe.Timeout);

        var got = await subProbe.TextsAsync(2);
        Assert.Equal(new[] { (topic + "/zero", "q0"), (topic + "/one", "q1") }, got);
    }

    [Theory]
    [InlineData("hub")]
    [InlineData("mosquitto")]
    public async Task Publish_TransportSeam_DeliversThroughEvents(string broker)
    {
        int port = _brokers.PortOf(broker);
        string topic = NewTopic();
        var (sub, subProbe) = NewClient();
        sub.Connect(Options(port));
        await subProbe.ConnectedAsync();
        Assert.True(sub.IsConnected);
        await sub.SubscribeAsync(topic, 1).WaitAsync(TransportProbe.Timeout);

        var (pub, pubProbe) = NewClient();
        pub.Connect(Options(port));
        await pubProbe.ConnectedAsync();
        var buffer = Encoding.UTF8.GetBytes("xxhelloxx");
        Assert.True(pub.Publish(topic, buffer, 2, 5, 1, false));
        // The payload was copied: changing the caller's buffer afterwards changes nothing.
        Array.Clear(buffer);
        Assert.True(pub.Publish(topic, Encoding.UTF8.GetBytes("second"), 0, 6, 0, false));

        Assert.Equal(new[] { (topic, "hello"), (topic, "second") }, await subProbe.TextsAsync(2));
    }

    [Theory]
    [InlineData("hub")]
    [InlineData("mosquitto")]
    public async Task Publish_ManyQos1WithSmallWindow_AllAcknowledgedAndDeliveredInOrder(string broker)
    {
        int port = _brokers.PortOf(broker);
        string topic = NewTopic();
        var (sub, subProbe) = await ConnectedClientAsync(port);
        await sub.SubscribeAsync(topic, 1).WaitAsync(TransportProbe.Timeout);
        var (pub, _) = NewClient();
        pub.MaxInFlight = 50; // most messages wait their turn in the queue
        Assert.True((await pub.ConnectAsync(Options(port))).IsConnected);

        const int count = 5000;
        var tasks = new Task[count];
        for (int i = 0; i < count; i++) tasks[i] = pub.PublishAsync(topic, i.ToString(), qos: 1);
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        await pub.FlushAsync().WaitAsync(TransportProbe.Timeout);
        Assert.Equal(0, pub.UnacknowledgedCount);

        var got = await subProbe.TextsAsync(count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString()), got.Select(m => m.Text));
    }

    [Theory]
    [InlineData("hub")]
    [InlineData("mosquitto")]
    public async Task PublishAsync_OneMebibytePayload_ArrivesIntact(string broker)
    {
        int port = _brokers.PortOf(broker);
        string topic = NewTopic();
        var (sub, subProbe) = await ConnectedClientAsync(port);
        await sub.SubscribeAsync(topic, 1).WaitAsync(TransportProbe.Timeout);
        var (pub, _) = await ConnectedClientAsync(port);
        var payload = new byte[1024 * 1024 + 17];
        new Random(7).NextBytes(payload);
        await pub.PublishAsync(topic, payload, qos: 1).WaitAsync(TransportProbe.Timeout);
        var got = await subProbe.MessageAsync();
        Assert.Equal(payload, got.Payload);
    }

    [Fact]
    public async Task Publish_NotConnected_ReturnsFalseAndPublishAsyncFaults()
    {
        var (c, _) = NewClient();
        Assert.False(c.IsConnected);
        Assert.False(c.Publish("a/b", new byte[] { 1 }, 0, 1, 1, false));
        var e = await Assert.ThrowsAsync<MqttClientException>(() => c.PublishAsync("a/b", "x", 1));
        Assert.Contains("not connected", e.Message);
        Assert.Equal(0, c.UnacknowledgedCount);
    }

    [Fact]
    public async Task Publish_InvalidTopicOrQos_Throws()
    {
        var (c, _) = await ConnectedClientAsync(_brokers.HubPort);
        Assert.Throws<ArgumentException>(() => c.Publish("a/#", new byte[1], 0, 1, 0, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Publish("a/b", new byte[1], 0, 1, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Publish("a/b", new byte[1], 1, 1, 0, false));
        await Assert.ThrowsAsync<ArgumentException>(() => c.SubscribeAsync("a/b#", 0));
    }

    [Theory]
    [InlineData("hub")]
    [InlineData("mosquitto")]
    public async Task Subscribe_AfterRetainedPublish_LateSubscriberGetsRetainedMessage(string broker)
    {
        int port = _brokers.PortOf(broker);
        string topic = NewTopic() + "/state";
        var (pub, _) = await ConnectedClientAsync(port);
        await pub.PublishAsync(topic, "ON", qos: 1, retain: true).WaitAsync(TransportProbe.Timeout);

        var (late, lateProbe) = await ConnectedClientAsync(port);
        await late.SubscribeAsync(topic, 1).WaitAsync(TransportProbe.Timeout);
        Assert.Equal((topic, "ON"), await lateProbe.TextAsync());

        // Clean up: an empty retained payload deletes it (§3.3.1.3).
        await pub.PublishAsync(topic, "", qos: 1, retain: true).WaitAsync(TransportProbe.Timeout);
    }

    // ------------------------------------------------------------------ will

    [Theory]
    [InlineData("hub")]
    [InlineData("mosquitto")]
    public async Task Kill_ClientWithWill_SubscriberGetsWill(string broker)
    {
        int port = _brokers.PortOf(broker);
        string topic = NewTopic() + "/status";
        var (watcher, watcherProbe) = await ConnectedClientAsync(port);
        await watcher.SubscribeAsync(topic, 1).WaitAsync(TransportProbe.Timeout);

        var options = Options(port);
        options.WillTopic = topic;
        options.WillPayload = Encoding.UTF8.GetBytes("offline");
        options.WillQos = 1;
        var (device, deviceProbe) = await ConnectedClientAsync(port, options);
        await device.PublishAsync(topic, "online", qos: 1).WaitAsync(TransportProbe.Timeout);
        Assert.Equal((topic, "online"), await watcherProbe.TextAsync());

        device.Kill(); // socket closed, no DISCONNECT
        var closed = await deviceProbe.ClosedAsync();
        Assert.Equal(MqttCloseReason.ConnectionLost, closed.Reason);
        Assert.Equal((topic, "offline"), await watcherProbe.TextAsync());
    }

    [Theory]
    [InlineData("hub")]
    [InlineData("mosquitto")]
    public async Task Disconnect_ClientWithWill_WillIsDiscarded(string broker)
    {
        int port = _brokers.PortOf(broker);
        string topic = NewTopic();
        var (watcher, watcherProbe) = await ConnectedClientAsync(port);
        await watcher.SubscribeAsync(topic + "/#", 1).WaitAsync(TransportProbe.Timeout);

        var options = Options(port);
        options.WillTopic = topic + "/status";
        options.WillPayload = Encoding.UTF8.GetBytes("offline");
        var (device, deviceProbe) = await ConnectedClientAsync(port, options);
        await device.DisconnectAsync().WaitAsync(TransportProbe.Timeout);
        var closed = await deviceProbe.ClosedAsync();
        Assert.Equal(MqttCloseReason.Requested, closed.Reason);
        Assert.False(device.IsConnected);

        // A marker published afterwards arrives with no will before it.
        await watcher.PublishAsync(topic + "/marker", "m", qos: 1).WaitAsync(TransportProbe.Timeout);
        Assert.Empty(await watcherProbe.UntilAsync(topic + "/marker"));
    }

    [Fact]
    public async Task Disconnect_Called_ClosedIsNotRaisedInsideTheCall()
    {
        var (c, probe) = await ConnectedClientAsync(_brokers.HubPort);
        bool inside = false, raisedInside = false;
        c.Closed += (_, _) => raisedInside |= Volatile.Read(ref inside);
        Volatile.Write(ref inside, true);
        c.Disconnect();
        Volatile.Write(ref inside, false);
        Assert.Equal(MqttCloseReason.Requested, (await probe.ClosedAsync()).Reason);
        Assert.False(raisedInside);
    }

    // ------------------------------------------------------------------ failures

    [Fact]
    public async Task Connect_RefusedPort_ClosedUnreachableWithClearMessage()
    {
        int port = MosquittoBroker.FreePort(); // nothing listens there
        var (c, probe) = NewClient();
        var options = Options(port);
        options.Username = "user";
        options.Password = "hunter2-secret";
        c.Connect(options);
        var closed = await probe.ClosedAsync();
        Assert.Equal(MqttCloseReason.Unreachable, closed.Reason);
        Assert.Equal($"cannot reach 127.0.0.1:{port}: connection refused", closed.Detail);
        Assert.False(c.IsConnected);

        var result = await c.ConnectAsync(options).WaitAsync(TransportProbe.Timeout);
        Assert.False(result.IsConnected);
        Assert.Equal(MqttCloseReason.Unreachable, result.Reason);
        Assert.DoesNotContain("hunter2", result.Detail);
    }

    [Fact]
    public async Task Connect_UnknownHost_ClosedUnreachable()
    {
        var (c, probe) = NewClient();
        var options = Options(1883);
        options.Host = "no-such-host.invalid";
        c.Connect(options);
        var closed = await probe.ClosedAsync();
        Assert.Equal(MqttCloseReason.Unreachable, closed.Reason);
        Assert.StartsWith("cannot reach no-such-host.invalid:1883: ", closed.Detail);
    }

    [Fact]
    public async Task Connect_WrongPassword_ClosedBadCredentialsWithoutThePassword()
    {
        using var hub = new InProcessHub();
        hub.SetCredentials("device", "right-password");
        int port = hub.ListenTcp(0);
        var (c, probe) = NewClient();
        var options = Options(port);
        options.Username = "device";
        options.Password = "wrong-password-123";
        var result = await c.ConnectAsync(options).WaitAsync(TransportProbe.Timeout);
        Assert.False(result.IsConnected);
        Assert.Equal(MqttCloseReason.BadCredentials, result.Reason);
        Assert.Equal("broker refused the connection: bad user name or password", result.Detail);
        var closed = await probe.ClosedAsync();
        Assert.Equal(MqttCloseReason.BadCredentials, closed.Reason);
        Assert.DoesNotContain("wrong-password", closed.Detail);

        options.Password = "right-password";
        Assert.True((await c.ConnectAsync(options).WaitAsync(TransportProbe.Timeout)).IsConnected);
    }

    [Theory]
    [InlineData(1, MqttCloseReason.UnacceptableProtocolVersion, "unacceptable protocol version")]
    [InlineData(2, MqttCloseReason.IdentifierRejected, "client identifier rejected")]
    [InlineData(3, MqttCloseReason.ServerUnavailable, "server unavailable")]
    [InlineData(5, MqttCloseReason.NotAuthorized, "not authorized")]
    public async Task Connect_ConnAckRefusal_ClosedWithThatReason(byte code, MqttCloseReason reason, string text)
    {
        using var broker = new ScriptedBroker();
        var (c, probe) = NewClient();
        c.Connect(Options(broker.Port));
        using var conn = await broker.AcceptAsync();
        await conn.ReadAsync<MqttConnectPacket>();
        await conn.SendAsync(new MqttConnAckPacket { ReturnCode = code });
        var closed = await probe.ClosedAsync();
        Assert.Equal(reason, closed.Reason);
        Assert.Equal("broker refused the connection: " + text, closed.Detail);
    }

    [Fact]
    public async Task Connect_NoConnAck_ClosedTimeout()
    {
        using var broker = new ScriptedBroker();
        var (c, probe) = NewClient();
        var options = Options(broker.Port);
        options.ConnectTimeoutMs = 500;
        c.Connect(options);
        using var conn = await broker.AcceptAsync();
        await conn.ReadAsync<MqttConnectPacket>(); // and never answer
        var closed = await probe.ClosedAsync();
        Assert.Equal(MqttCloseReason.Timeout, closed.Reason);
        Assert.Contains("no CONNACK", closed.Detail);
    }

    [Fact]
    public async Task Connect_BrokerSendsGarbage_ClosedProtocolError()
    {
        using var broker = new ScriptedBroker();
        var (c, probe) = NewClient();
        c.Connect(Options(broker.Port));
        using var conn = await broker.AcceptAsync();
        await conn.ReadAsync<MqttConnectPacket>();
        await conn.SendRawAsync(new byte[] { 0x20, 0x02, 0x00, 0x09 }); // CONNACK return code 9 does not exist
        var closed = await probe.ClosedAsync();
        Assert.Equal(MqttCloseReason.ProtocolError, closed.Reason);
        Assert.Contains("return code 9", closed.Detail);
    }

    [Fact]
    public async Task SubscribeAsync_BrokerRefusesWith0x80_ThrowsMqttClientException()
    {
        using var broker = new ScriptedBroker();
        var (c, _) = NewClient();
        var connecting = c.ConnectAsync(Options(broker.Port));
        using var conn = await broker.AcceptConnectedAsync();
        Assert.True((await connecting.WaitAsync(TransportProbe.Timeout)).IsConnected);
        var subscribing = c.SubscribeAsync("secret/#", 1);
        var sub = await conn.ReadAsync<MqttSubscribePacket>();
        Assert.Equal("secret/#", sub.Subscriptions[0].Filter);
        await conn.SendAsync(new MqttSubAckPacket { PacketId = sub.PacketId, ReturnCodes = new byte[] { 0x80 } });
        var e = await Assert.ThrowsAsync<MqttClientException>(() => subscribing.WaitAsync(TransportProbe.Timeout));
        Assert.Contains("refused the subscription", e.Message);
    }

    // ------------------------------------------------------------------ QoS 1 across a dropped link

    [Fact]
    public async Task Publish_Qos1UnackedWhenLinkDrops_ResentWithDupAndSameIdAfterReconnect()
    {
        using var broker = new ScriptedBroker();
        var (c, probe) = NewClient();
        var options = Options(broker.Port);
        var connecting = c.ConnectAsync(options);
        var first = await broker.AcceptConnectedAsync();
        Assert.True((await connecting.WaitAsync(TransportProbe.Timeout)).IsConnected);

        var publishing = c.PublishAsync("dev/state", "42", qos: 1, retain: true);
        var original = await first.ReadAsync<MqttPublishPacket>();
        Assert.False(original.Dup);
        first.Dispose(); // no PUBACK: the link drops
        Assert.Equal(MqttCloseReason.ConnectionLost, (await probe.ClosedAsync()).Reason);
        Assert.False(publishing.IsCompleted);
        Assert.Equal(1, c.UnacknowledgedCount);

        connecting = c.ConnectAsync(options);
        using var second = await broker.AcceptConnectedAsync();
        Assert.True((await connecting.WaitAsync(TransportProbe.Timeout)).IsConnected);
        var again = await second.ReadAsync<MqttPublishPacket>();
        Assert.True(again.Dup); // §3.3.1.1
        Assert.Equal(original.PacketId, again.PacketId);
        Assert.Equal("dev/state", again.Topic);
        Assert.Equal("42", Encoding.UTF8.GetString(again.Payload));
        Assert.True(again.Retain);
        Assert.Equal(1, again.Qos);

        await second.SendAsync(new MqttPubAckPacket(again.PacketId));
        await publishing.WaitAsync(TransportProbe.Timeout);
        Assert.Equal(0, c.UnacknowledgedCount);
    }

    [Fact]
    public async Task Publish_Qos1WhileHubLinkStalledThenDropped_SubscriberGetsAllAfterReconnect()
    {
        using var hub = new InProcessHub();
        int port = hub.ListenTcp(0);
        string topic = NewTopic();
        var (sub, subProbe) = await ConnectedClientAsync(port);
        await sub.SubscribeAsync(topic, 1).WaitAsync(TransportProbe.Timeout);

        var options = Options(port, "publisher-" + Guid.NewGuid().ToString("N").Substring(0, 6));
        var (pub, pubProbe) = await ConnectedClientAsync(port, options);
        Assert.True(hub.SetLinkStalled(options.ClientId, true));
        var tasks = Enumerable.Range(0, 20).Select(i => pub.PublishAsync(topic, "m" + i, qos: 1)).ToArray();
        await Task.Delay(200); // let the bytes reach the black hole (not an assertion)
        Assert.True(hub.DropClient(options.ClientId));

        Assert.Equal(MqttCloseReason.ConnectionLost, (await pubProbe.ClosedAsync()).Reason);
        Assert.All(tasks, t => Assert.False(t.IsCompleted));
        Assert.Equal(20, pub.UnacknowledgedCount);
        Assert.Equal(0, subProbe.MessageCount);

        Assert.True((await pub.ConnectAsync(options).WaitAsync(TransportProbe.Timeout)).IsConnected);
        await Task.WhenAll(tasks).WaitAsync(TransportProbe.Timeout);
        var got = await subProbe.TextsAsync(20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "m" + i), got.Select(m => m.Text));
    }

    // ------------------------------------------------------------------ keep-alive

    [Theory]
    [InlineData("hub")]
    [InlineData("mosquitto")]
    public async Task KeepAlive_IdleConnection_StaysOpenPastOneAndAHalfIntervals(string broker)
    {
        int port = _brokers.PortOf(broker);
        string topic = NewTopic();
        // 2 s, not 1: on a loaded machine a 1 s keep-alive leaves only 0.5 s of scheduling slack either side.
        var (c, probe) = await ConnectedClientAsync(port, Options(port, keepAlive: 2));
        await Task.Delay(5000); // > 1.5 × 2 s: the broker would have closed a silent client
        Assert.True(c.IsConnected);
        Assert.False(probe.TryTakeClosed(out var closed), $"closed: {closed.Reason} {closed.Detail}");
        await c.SubscribeAsync(topic, 0).WaitAsync(TransportProbe.Timeout);
        await c.PublishAsync(topic, "still here", 0).WaitAsync(TransportProbe.Timeout);
        Assert.Equal((topic, "still here"), await probe.TextAsync());
    }

    [Fact]
    public async Task KeepAlive_NoPingResp_ClosedTimeout()
    {
        using var broker = new ScriptedBroker();
        var (c, probe) = NewClient();
        c.Connect(Options(broker.Port, keepAlive: 1));
        using var conn = await broker.AcceptConnectedAsync();
        await probe.ConnectedAsync();
        Assert.IsType<MqttPingReqPacket>(await conn.ReadAsync()); // and no PINGRESP
        var closed = await probe.ClosedAsync();
        Assert.Equal(MqttCloseReason.Timeout, closed.Reason);
        Assert.Contains("no PINGRESP", closed.Detail);
    }

    // ------------------------------------------------------------------ TLS

    private MqttConnectOptions TlsOptions(string host, string caPem)
    {
        var o = Options(_brokers.Mosquitto.TlsPort);
        o.Host = host;
        o.UseTls = true;
        o.CaCertificatePem = caPem;
        return o;
    }

    [Fact]
    public async Task Connect_TlsWithBrokersCa_ConnectsAndRoundTrips()
    {
        string topic = NewTopic();
        var (c, probe) = NewClient();
        var result = await c.ConnectAsync(TlsOptions("localhost", System.IO.File.ReadAllText(_brokers.Mosquitto.CaPemPath))).WaitAsync(TransportProbe.Timeout);
        Assert.True(result.IsConnected, result.ToString());
        await c.SubscribeAsync(topic, 1).WaitAsync(TransportProbe.Timeout);
        await c.PublishAsync(topic, "over tls", 1).WaitAsync(TransportProbe.Timeout);
        Assert.Equal((topic, "over tls"), await probe.TextAsync());
    }

    [Fact]
    public async Task Connect_TlsWithOtherCa_ClosedTlsFailed()
    {
        var (c, probe) = NewClient();
        c.Connect(TlsOptions("localhost", System.IO.File.ReadAllText(_brokers.Mosquitto.OtherCaPemPath)));
        var closed = await probe.ClosedAsync();
        Assert.Equal(MqttCloseReason.TlsFailed, closed.Reason);
        Assert.Contains("not signed by the given CA", closed.Detail);
    }

    [Fact]
    public async Task Connect_TlsHostNotInCertificate_ClosedTlsFailed()
    {
        // The certificate names "localhost" only.
        var (c, probe) = NewClient();
        c.Connect(TlsOptions("127.0.0.1", System.IO.File.ReadAllText(_brokers.Mosquitto.CaPemPath)));
        var closed = await probe.ClosedAsync();
        Assert.Equal(MqttCloseReason.TlsFailed, closed.Reason);
        Assert.Contains("not issued for \"127.0.0.1\"", closed.Detail);
    }

    [Fact]
    public async Task Connect_TlsToPlainPort_ClosedTlsFailed()
    {
        var (c, probe) = NewClient();
        var o = TlsOptions("localhost", System.IO.File.ReadAllText(_brokers.Mosquitto.CaPemPath));
        o.Port = _brokers.Mosquitto.Port;
        c.Connect(o);
        Assert.Equal(MqttCloseReason.TlsFailed, (await probe.ClosedAsync()).Reason);
    }

    // ------------------------------------------------------------------ options

    [Fact]
    public void Connect_PasswordWithoutUser_ThrowsWithoutEchoingIt()
    {
        var c = new MqttClient();
        var o = Options(1883);
        o.Password = "p4ssw0rd-xyz";
        var e = Assert.Throws<ArgumentException>(() => c.Connect(o));
        Assert.DoesNotContain("p4ssw0rd", e.Message);
        Assert.False(c.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_WhileConnected_ThrowsAndConnectIsIgnored()
    {
        var (c, probe) = await ConnectedClientAsync(_brokers.HubPort);
        await Assert.ThrowsAsync<InvalidOperationException>(() => c.ConnectAsync(Options(_brokers.HubPort)));
        c.Connect(Options(_brokers.HubPort)); // ignored
        Assert.True(c.IsConnected);
        Assert.False(probe.TryTakeClosed(out _));
    }
}
