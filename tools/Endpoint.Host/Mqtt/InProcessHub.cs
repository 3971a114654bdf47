using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;

namespace Endpoint.Host.Mqtt;

/// <summary>
/// An in-memory MQTT 3.1.1 broker for the simulator and the tests, used when no real broker is
/// given. It keeps MQTT semantics: sessions (clean or persistent, §3.1.2.4), subscriptions with
/// wildcards (§4.7), retained messages (an empty retained payload deletes, §3.3.1.3), the will
/// when a client goes away without DISCONNECT (§3.1.2.5), QoS 0/1 delivery to every matching
/// subscriber — once per client even when several of its filters match, at the highest
/// matching QoS (§3.3.5) — and client-id takeover (§3.1.4).
/// <para>
/// Clients connect in memory through <see cref="CreateTransport"/> or over loopback TCP after
/// <see cref="ListenTcp"/> (any MQTT 3.1.1 client: <see cref="MqttClient"/>, mosquitto_sub).
/// QoS 2 is not supported. Thread-safe; one lock guards the broker state.
/// </para>
/// </summary>
public sealed class InProcessHub : IDisposable
{
    private readonly object _lock = new object();
    private readonly Dictionary<string, HubSession> _sessions = new Dictionary<string, HubSession>(StringComparer.Ordinal);
    private readonly SubscriptionTree<HubSession> _subscriptions = new SubscriptionTree<HubSession>();
    private readonly Dictionary<string, RetainedMessage> _retained = new Dictionary<string, RetainedMessage>(StringComparer.Ordinal);
    private readonly Dictionary<HubSession, int> _matchScratch = new Dictionary<HubSession, int>();
    private readonly List<Socket> _listeners = new List<Socket>();
    private readonly HashSet<HubTcpLink> _tcpLinks = new HashSet<HubTcpLink>();
    private Timer _sweep;
    private bool _disposed;
    private long _autoId;
    private string _username, _password;

    /// <summary>QoS 1 messages kept per offline persistent session; the oldest are dropped beyond it. Default 10,000.</summary>
    public int MaxOfflineMessages { get; set; } = 10_000;

    /// <summary>Largest packet accepted from a TCP client (header included). Default 16 MiB.</summary>
    public int MaxPacketSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Bytes queued to one TCP client above which it is disconnected as too slow. Default 64 MiB.</summary>
    public int MaxQueuedBytesPerClient { get; set; } = 64 * 1024 * 1024;

    /// <summary>Milliseconds a TCP client has to send CONNECT after connecting. Default 10 s.</summary>
    public int ConnectTimeoutMs { get; set; } = 10_000;

    /// <summary>
    /// Requires this user name and password in CONNECT (otherwise CONNACK 4, §3.2.2.3). Null
    /// (the default) accepts any client.
    /// </summary>
    public void SetCredentials(string username, string password)
    {
        lock (_lock)
        {
            _username = username;
            _password = password;
        }
    }

    /// <summary>A new in-memory client of this hub. Its events are raised on the thread pool, in order, never from inside its own calls.</summary>
    public InProcessTransport CreateTransport()
    {
        lock (_lock)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(InProcessHub));
        }
        return new InProcessTransport(this);
    }

    /// <summary>
    /// Accepts MQTT 3.1.1 clients on 127.0.0.1:<paramref name="port"/> (0 picks a free port) and
    /// returns the bound port. Connections use async I/O: no thread per client.
    /// </summary>
    public int ListenTcp(int port = 0)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen(1024);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        lock (_lock)
        {
            if (_disposed)
            {
                listener.Dispose();
                throw new ObjectDisposedException(nameof(InProcessHub));
            }
            _listeners.Add(listener);
            _sweep ??= new Timer(static s => ((InProcessHub)s).Sweep(), this, 250, 250);
        }
        _ = AcceptLoopAsync(listener);
        return ((IPEndPoint)listener.LocalEndPoint).Port;
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                lock (_lock) if (_disposed) return;
                continue;
            }
            socket.NoDelay = true;
            var link = new HubTcpLink(this, socket);
            lock (_lock)
            {
                if (_disposed)
                {
                    socket.Dispose();
                    return;
                }
                _tcpLinks.Add(link);
            }
            link.Start();
        }
    }

    /// <summary>Client ids with a live connection.</summary>
    public IReadOnlyCollection<string> ConnectedClientIds
    {
        get
        {
            lock (_lock)
            {
                var ids = new List<string>();
                foreach (var s in _sessions.Values) if (s.Link != null) ids.Add(s.ClientId);
                return ids;
            }
        }
    }

    /// <summary>The retained message of <paramref name="topic"/>, if any (a copy).</summary>
    public bool TryGetRetained(string topic, out byte[] payload)
    {
        lock (_lock)
        {
            if (_retained.TryGetValue(topic, out var r))
            {
                payload = (byte[])r.Payload.Clone();
                return true;
            }
        }
        payload = null;
        return false;
    }

    /// <summary>Number of retained messages.</summary>
    public int RetainedCount
    {
        get { lock (_lock) return _retained.Count; }
    }

    /// <summary>
    /// Fault injection: drops the connection of <paramref name="clientId"/> as if the network
    /// failed (no DISCONNECT, so its will is published). Returns false when it is not connected.
    /// </summary>
    public bool DropClient(string clientId)
    {
        HubLink link;
        lock (_lock)
        {
            if (!_sessions.TryGetValue(clientId, out var s) || s.Link == null) return false;
            link = s.Link;
            DetachLocked(link, graceful: false);
        }
        link.Abort(MqttCloseReason.ConnectionLost, "the hub dropped the connection");
        return true;
    }

    /// <summary>
    /// Fault injection: while stalled, everything <paramref name="clientId"/> sends is silently
    /// discarded (a black-holed link: no PUBACK, no PINGRESP). Returns false when it is not connected.
    /// </summary>
    public bool SetLinkStalled(string clientId, bool stalled)
    {
        lock (_lock)
        {
            if (!_sessions.TryGetValue(clientId, out var s) || s.Link == null) return false;
            s.Link.Stalled = stalled;
            return true;
        }
    }

    /// <summary>Closes the listeners and every connection (no wills are published).</summary>
    public void Dispose()
    {
        List<HubLink> links = new List<HubLink>();
        List<Socket> listeners;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var s in _sessions.Values)
                if (s.Link != null)
                {
                    links.Add(s.Link);
                    s.Link.Attached = false;
                    s.Link = null;
                }
            foreach (var l in _tcpLinks) links.Add(l);
            _tcpLinks.Clear();
            _sessions.Clear();
            listeners = new List<Socket>(_listeners);
            _listeners.Clear();
            _sweep?.Dispose();
        }
        foreach (var l in listeners) l.Dispose();
        foreach (var link in links) link.Abort(MqttCloseReason.ConnectionLost, "the in-process hub shut down");
    }

    // ------------------------------------------------------------------ broker core (links call these)

    internal bool IsDisposed
    {
        get { lock (_lock) return _disposed; }
    }

    /// <summary>
    /// CONNECT: authenticates, takes over an existing connection with the same client id (its
    /// will is published, §3.1.4), sets up the session and calls
    /// <see cref="HubLink.SendConnAck"/> before delivering what a persistent session kept.
    /// Returns the CONNACK return code.
    /// </summary>
    internal byte Attach(HubLink link, MqttConnectPacket connect)
    {
        HubLink displaced = null;
        byte code;
        lock (_lock)
        {
            code = CheckConnect(connect);
            if (code != 0)
            {
                link.SendConnAck(code, false);
                return code;
            }
            string clientId = connect.ClientId;
            if (clientId.Length == 0) clientId = "auto-" + (++_autoId); // §3.1.3.1
            _sessions.TryGetValue(clientId, out var session);
            if (session?.Link != null)
            {
                displaced = session.Link;
                DetachLocked(displaced, graceful: false);
                _sessions.TryGetValue(clientId, out session); // a clean session is gone now
            }
            bool present = false;
            if (session != null && connect.CleanSession)
            {
                RemoveSessionLocked(session);
                session = null;
            }
            else if (session != null)
            {
                present = true;
            }
            if (session == null)
            {
                session = new HubSession(clientId, connect.CleanSession);
                _sessions[clientId] = session;
            }
            link.ClientId = clientId;
            link.Session = session;
            link.Attached = true;
            link.Will = connect.WillTopic == null ? null : new RetainedMessage(connect.WillPayload ?? Array.Empty<byte>(), Math.Min(connect.WillQos, 1)) { Topic = connect.WillTopic, Retain = connect.WillRetain };
            session.Link = link;
            link.SendConnAck(0, present);
            // Messages a persistent session kept while offline; re-sent ones carry DUP (§4.4).
            while (session.Offline.Count > 0)
            {
                var m = session.Offline.Dequeue();
                link.Deliver(m.Topic, m.Payload, m.Qos, m.Dup, m.Retain);
            }
        }
        displaced?.Abort(MqttCloseReason.ConnectionLost, $"another connection took over client id \"{displaced.ClientId}\"");
        return code;
    }

    private byte CheckConnect(MqttConnectPacket connect)
    {
        if (_disposed) return 3;
        if (connect.ProtocolLevel != MqttCodec.ProtocolLevel) return 1; // §3.1.2.2
        if (connect.ClientId.Length == 0 && !connect.CleanSession) return 2; // §3.1.3.1
        if (_username != null || _password != null)
        {
            string password = connect.Password == null ? null : System.Text.Encoding.UTF8.GetString(connect.Password);
            if (connect.Username != _username || password != _password) return 4;
        }
        return 0;
    }

    /// <summary>The link ended. Without DISCONNECT (<paramref name="graceful"/> false) the will is published (§3.1.2.5).</summary>
    internal void Detach(HubLink link, bool graceful)
    {
        lock (_lock) DetachLocked(link, graceful);
    }

    private void DetachLocked(HubLink link, bool graceful)
    {
        if (link is HubTcpLink tcp) _tcpLinks.Remove(tcp);
        if (!link.Attached) return;
        link.Attached = false;
        var session = link.Session;
        if (session.Link == link) session.Link = null;
        if (!graceful && link.Will != null)
        {
            var w = link.Will;
            RouteLocked(w.Topic, w.Payload, w.Qos, w.Retain);
        }
        link.Will = null;
        if (session.Clean)
        {
            if (session.Link == null) RemoveSessionLocked(session);
        }
        else if (session.Link == null)
        {
            // Unacknowledged QoS 1 messages go back to the session, ahead of what queued since.
            var unacked = link.TakeUnacknowledged();
            if (unacked != null && unacked.Count > 0)
            {
                foreach (var m in session.Offline) unacked.Add(m);
                session.Offline.Clear();
                foreach (var m in unacked) session.Offline.Enqueue(m);
            }
        }
    }

    private void RemoveSessionLocked(HubSession session)
    {
        foreach (var filter in session.Subscriptions.Keys) _subscriptions.Remove(filter, session);
        session.Subscriptions.Clear();
        session.Offline.Clear();
        if (_sessions.TryGetValue(session.ClientId, out var current) && current == session) _sessions.Remove(session.ClientId);
    }

    /// <summary>PUBLISH from a client. <paramref name="payload"/> is owned by the hub from now on.</summary>
    internal void Publish(HubLink from, string topic, byte[] payload, int qos, bool retain)
    {
        lock (_lock)
        {
            if (!from.Attached) return;
            RouteLocked(topic, payload, qos, retain);
        }
    }

    private void RouteLocked(string topic, byte[] payload, int qos, bool retain)
    {
        if (retain)
        {
            // §3.3.1.3: a retained message with an empty payload removes the retained message.
            if (payload.Length == 0) _retained.Remove(topic);
            else _retained[topic] = new RetainedMessage(payload, qos) { Topic = topic, Retain = true };
        }
        _matchScratch.Clear();
        _subscriptions.Match(topic, _matchScratch);
        foreach (var pair in _matchScratch)
        {
            var session = pair.Key;
            int q = Math.Min(qos, pair.Value);
            // §3.3.1.3: RETAIN is 0 when forwarding to established subscriptions.
            if (session.Link != null) session.Link.Deliver(topic, payload, q, false, false);
            else if (!session.Clean && q == 1) EnqueueOffline(session, new RetainedMessage(payload, 1) { Topic = topic });
        }
        _matchScratch.Clear();
    }

    private void EnqueueOffline(HubSession session, RetainedMessage m)
    {
        session.Offline.Enqueue(m);
        while (session.Offline.Count > MaxOfflineMessages) session.Offline.Dequeue();
    }

    /// <summary>
    /// SUBSCRIBE: grants QoS min(requested, 1), calls <see cref="HubLink.SendSubAck"/>, then
    /// sends the matching retained messages with RETAIN=1 (§3.3.1.3).
    /// </summary>
    internal void Subscribe(HubLink link, ushort packetId, IReadOnlyList<MqttSubscription> subscriptions)
    {
        lock (_lock)
        {
            if (!link.Attached) return;
            var session = link.Session;
            var codes = new byte[subscriptions.Count];
            for (int i = 0; i < subscriptions.Count; i++)
            {
                var s = subscriptions[i];
                int granted = Math.Min(s.Qos, 1);
                session.Subscriptions[s.Filter] = granted;
                _subscriptions.Add(s.Filter, session, granted);
                codes[i] = (byte)granted;
            }
            link.SendSubAck(packetId, codes);
            for (int i = 0; i < subscriptions.Count; i++)
            {
                string filter = subscriptions[i].Filter;
                int granted = codes[i];
                foreach (var r in _retained.Values)
                    if (MqttTopic.Matches(filter, r.Topic))
                        link.Deliver(r.Topic, r.Payload, Math.Min(r.Qos, granted), false, true);
            }
        }
    }

    /// <summary>UNSUBSCRIBE (§3.10).</summary>
    internal void Unsubscribe(HubLink link, IReadOnlyList<string> filters)
    {
        lock (_lock)
        {
            if (!link.Attached) return;
            foreach (string f in filters)
                if (link.Session.Subscriptions.Remove(f)) _subscriptions.Remove(f, link.Session);
        }
    }

    private void Sweep()
    {
        List<HubTcpLink> links;
        lock (_lock)
        {
            if (_disposed || _tcpLinks.Count == 0) return;
            links = new List<HubTcpLink>(_tcpLinks);
        }
        long now = Environment.TickCount64;
        foreach (var l in links) l.CheckTimeouts(now);
    }
}

/// <summary>A client id's session state: subscriptions and, for a persistent session, what waits while it is offline.</summary>
internal sealed class HubSession
{
    public HubSession(string clientId, bool clean)
    {
        ClientId = clientId;
        Clean = clean;
    }

    public string ClientId { get; }
    public bool Clean { get; }
    public HubLink Link;
    public readonly Dictionary<string, int> Subscriptions = new Dictionary<string, int>(StringComparer.Ordinal);
    public readonly Queue<RetainedMessage> Offline = new Queue<RetainedMessage>();
}

/// <summary>A stored message: retained, a will, or queued for an offline session.</summary>
internal sealed class RetainedMessage
{
    public RetainedMessage(byte[] payload, int qos)
    {
        Payload = payload;
        Qos = qos;
    }

    public string Topic;
    public readonly byte[] Payload;
    public readonly int Qos;
    public bool Retain;
    public bool Dup;
}

/// <summary>
/// One client connection as the hub sees it (in memory or TCP). The hub calls
/// <see cref="Deliver"/>, <see cref="SendConnAck"/> and <see cref="SendSubAck"/> while holding its
/// lock: they must only queue, never block or call back into the hub.
/// </summary>
internal abstract class HubLink
{
    public string ClientId;
    public HubSession Session;
    public bool Attached;
    public RetainedMessage Will;
    public volatile bool Stalled;

    /// <summary>Queues a message to the client (under the hub lock).</summary>
    public abstract void Deliver(string topic, byte[] payload, int qos, bool dup, bool retain);

    /// <summary>Queues CONNACK (under the hub lock), before any delivery.</summary>
    public virtual void SendConnAck(byte returnCode, bool sessionPresent) { }

    /// <summary>Queues SUBACK (under the hub lock), before the retained messages.</summary>
    public virtual void SendSubAck(ushort packetId, byte[] codes) { }

    /// <summary>QoS 1 messages sent and not acknowledged, oldest first, marked for re-delivery (under the hub lock).</summary>
    public virtual List<RetainedMessage> TakeUnacknowledged() => null;

    /// <summary>The hub ends the connection (takeover, fault injection, shutdown). Never called under the hub lock.</summary>
    public abstract void Abort(MqttCloseReason reason, string detail);
}
