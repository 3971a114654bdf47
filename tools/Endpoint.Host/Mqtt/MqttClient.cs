using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;

namespace Endpoint.Host.Mqtt;

/// <summary>
/// MQTT 3.1.1 client over TCP or TLS for the host: implements the portable
/// <see cref="IMqttTransport"/> seam (non-blocking, outcome as events) and offers an awaitable
/// API for tools and benchmarks.
/// <para>
/// Throughput: publishes are pipelined. Every call encodes into a shared outgoing buffer and
/// returns; one send loop per connection writes whatever accumulated in one socket write, and
/// one reader loop handles PUBACKs. Up to <see cref="MaxInFlight"/> QoS 1 messages wait for
/// their PUBACK at a time; more queue in order behind them. No thread per client: all I/O is
/// async, so thousands of clients can share a process.
/// </para>
/// <para>
/// Reliability: QoS 1 messages not acknowledged when a connection ends stay queued and are sent
/// again, with DUP=1, after the next successful connect of this instance (§4.4). The client
/// never reconnects by itself.
/// </para>
/// <para>Events are raised on I/O threads, never from inside a call into this class.</para>
/// </summary>
public sealed class MqttClient : IMqttTransport, IDisposable
{
    private const int EntryPoolLimit = 4096;

    private readonly object _lock = new object();

    private Connection _conn;
    private bool _disposed;

    // Session state that outlives a connection: QoS 1 messages awaiting PUBACK, in send order.
    private readonly Dictionary<ushort, Outgoing> _inFlight = new Dictionary<ushort, Outgoing>();
    private Outgoing _head, _tail;
    private readonly Queue<Outgoing> _waiting = new Queue<Outgoing>();
    private readonly Stack<Outgoing> _pool = new Stack<Outgoing>();
    private readonly Dictionary<ushort, TaskCompletionSource<byte>> _requests = new Dictionary<ushort, TaskCompletionSource<byte>>();
    private readonly List<(long Seq, TaskCompletionSource Tcs)> _ackWaiters = new List<(long, TaskCompletionSource)>();
    private ushort _lastId;
    private long _seq;

    /// <summary>Most QoS 1 messages sent and awaiting PUBACK at once; later ones queue in order. Default 16,384.</summary>
    public int MaxInFlight { get; set; } = 16_384;

    /// <summary>Largest packet accepted from the broker (header included); bigger is a protocol error. Default 16 MiB.</summary>
    public int MaxIncomingPacketSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Queued outgoing bytes above which <see cref="PublishAsync(string, ReadOnlyMemory{byte}, int, bool)"/> at QoS 0 waits for the socket
    /// (back-pressure). Default 1 MiB.
    /// </summary>
    public int QueuedBytesHighWater { get; set; } = 1024 * 1024;

    /// <inheritdoc />
    public event MqttMessageHandler MessageReceived;

    /// <inheritdoc />
    public event MqttConnectedHandler Connected;

    /// <inheritdoc />
    public event MqttClosedHandler Closed;

    /// <inheritdoc />
    public bool IsConnected
    {
        get
        {
            var c = Volatile.Read(ref _conn);
            return c != null && c.State == ConnState.Connected;
        }
    }

    /// <summary>QoS 1 messages not yet acknowledged (sent or queued).</summary>
    public int UnacknowledgedCount
    {
        get { lock (_lock) return _inFlight.Count + _waiting.Count; }
    }

    // ------------------------------------------------------------------ connect / disconnect

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The options cannot make a valid CONNECT (the message never holds the password).</exception>
    public void Connect(MqttConnectOptions options)
    {
        var packet = BuildConnect(options);
        Connection c;
        lock (_lock)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(MqttClient));
            if (_conn != null) return;
            c = new Connection(this, options, packet);
            _conn = c;
        }
        c.Start();
    }

    /// <summary>
    /// Connects and waits for the outcome. Does not throw for broker or network failures — see
    /// <see cref="MqttConnectResult.Reason"/> and <see cref="MqttConnectResult.Detail"/>; the
    /// <see cref="Closed"/> event is raised for them as well.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    /// <exception cref="InvalidOperationException">Already connected or connecting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the attempt is abandoned.</exception>
    public async Task<MqttConnectResult> ConnectAsync(MqttConnectOptions options, CancellationToken cancellationToken = default)
    {
        var packet = BuildConnect(options);
        Connection c;
        lock (_lock)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(MqttClient));
            if (_conn != null) throw new InvalidOperationException("The client is already connected or connecting.");
            c = new Connection(this, options, packet);
            _conn = c;
        }
        c.Start();
        using (cancellationToken.Register(static s => ((Connection)s).Finish(MqttCloseReason.Requested, "connect cancelled"), c))
        {
            var result = await c.Outcome.Task.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }
    }

    /// <inheritdoc />
    public void Disconnect() => _ = DisconnectAsync();

    /// <summary>
    /// Sends DISCONNECT (the broker then discards the will, §3.1.2.5), waits for it to be written
    /// and closes. Completes when <see cref="Closed"/> (reason <see cref="MqttCloseReason.Requested"/>)
    /// has been raised. A connect in progress is abandoned. Unacknowledged QoS 1 messages stay
    /// queued for the next connect.
    /// </summary>
    public Task DisconnectAsync()
    {
        Connection c;
        lock (_lock)
        {
            c = _conn;
            if (c == null) return Task.CompletedTask;
            if (c.State == ConnState.Connected)
            {
                c.State = ConnState.Disconnecting;
                c.Channel.Write(MqttDisconnectPacket.Instance);
            }
        }
        // Never raise Closed from inside the caller's call.
        return Task.Run(() => c.CloseRequestedAsync());
    }

    /// <summary>
    /// Fault injection: closes the socket without DISCONNECT, as if the link failed (the broker
    /// publishes the will). Raises <see cref="Closed"/> with <see cref="MqttCloseReason.ConnectionLost"/>.
    /// Unacknowledged QoS 1 messages stay queued for the next connect.
    /// </summary>
    public void Kill()
    {
        Connection c;
        lock (_lock) c = _conn;
        if (c != null) ThreadPool.UnsafeQueueUserWorkItem(static s => ((Connection)s).Finish(MqttCloseReason.ConnectionLost, "the link was killed"), c);
    }

    private static MqttConnectPacket BuildConnect(MqttConnectOptions o)
    {
        if (o == null) throw new ArgumentNullException(nameof(o));
        if (string.IsNullOrEmpty(o.Host)) throw new ArgumentException("MqttConnectOptions.Host is empty: give the broker's host name or address.");
        if (o.Port < 1 || o.Port > 65535) throw new ArgumentException($"MqttConnectOptions.Port {o.Port} is not between 1 and 65535.");
        if (o.KeepAliveSeconds < 0 || o.KeepAliveSeconds > 65535) throw new ArgumentException($"MqttConnectOptions.KeepAliveSeconds {o.KeepAliveSeconds} is not between 0 and 65535 (§3.1.2.10).");
        if (o.ConnectTimeoutMs <= 0) throw new ArgumentException("MqttConnectOptions.ConnectTimeoutMs must be positive.");
        if (o.Password != null && o.Username == null) throw new ArgumentException("MQTT 3.1.1 needs a user name when a password is given (§3.1.2.9).");
        if (o.WillTopic != null && (o.WillQos < 0 || o.WillQos > 1)) throw new ArgumentException("MqttConnectOptions.WillQos must be 0 or 1.");
        var p = new MqttConnectPacket
        {
            ClientId = o.ClientId ?? "",
            CleanSession = o.CleanSession,
            KeepAliveSeconds = (ushort)o.KeepAliveSeconds,
            Username = o.Username,
            Password = o.Password == null ? null : Encoding.UTF8.GetBytes(o.Password),
            WillTopic = o.WillTopic,
            WillPayload = o.WillTopic == null ? null : (byte[])(o.WillPayload ?? Array.Empty<byte>()).Clone(),
            WillQos = o.WillTopic == null ? 0 : o.WillQos,
            WillRetain = o.WillTopic != null && o.WillRetain,
        };
        p.GetEncodedLength(); // validates every field now, on the caller's thread
        return p;
    }

    // ------------------------------------------------------------------ publish

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Invalid topic, QoS or range.</exception>
    public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
    {
        if (payload == null)
        {
            if (offset != 0 || count != 0) throw new ArgumentNullException(nameof(payload));
            payload = Array.Empty<byte>();
        }
        if ((uint)offset > (uint)payload.Length || (uint)count > (uint)(payload.Length - offset))
            throw new ArgumentOutOfRangeException(nameof(count), "offset and count are outside the payload.");
        return Enqueue(topic, new ReadOnlySpan<byte>(payload, offset, count), qos, retain, null) != null;
    }

    /// <summary>
    /// Publishes. The payload is copied before the call returns. QoS 0: completes at once, or —
    /// when more than <see cref="QueuedBytesHighWater"/> bytes are queued — once the queue has
    /// been written (back-pressure). QoS 1: completes on PUBACK; across a dropped connection it
    /// stays pending and completes after the message was re-sent following the next connect.
    /// Fire many before awaiting them: awaiting each QoS 1 publish in turn costs a round trip each.
    /// </summary>
    /// <exception cref="MqttClientException">Not connected (the task faults).</exception>
    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos = 0, bool retain = false)
    {
        TaskCompletionSource tcs = qos == 1 ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        Task result = Enqueue(topic, payload.Span, qos, retain, tcs);
        return result ?? Task.FromException(new MqttClientException(MqttCloseReason.ConnectionLost, "not connected"));
    }

    /// <summary>Publishes a UTF-8 string payload; see <see cref="PublishAsync(string, ReadOnlyMemory{byte}, int, bool)"/>.</summary>
    public Task PublishAsync(string topic, string payload, int qos = 0, bool retain = false) =>
        PublishAsync(topic, Encoding.UTF8.GetBytes(payload ?? ""), qos, retain);

    /// <summary>
    /// Completes when every message published before the call is done: QoS 0 written to the
    /// socket, QoS 1 acknowledged. Faults if the connection ends while QoS 0 bytes are queued.
    /// </summary>
    public async Task FlushAsync()
    {
        Task written;
        TaskCompletionSource acked = null;
        lock (_lock)
        {
            var c = _conn;
            written = c?.Channel != null ? c.Channel.WhenFlushed() : Task.CompletedTask;
            if (_inFlight.Count + _waiting.Count > 0)
            {
                acked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _ackWaiters.Add((_seq, acked));
            }
        }
        await written.ConfigureAwait(false);
        if (acked != null) await acked.Task.ConfigureAwait(false);
    }

    /// <summary>Returns the queued task, or null when not connected.</summary>
    private Task Enqueue(string topic, ReadOnlySpan<byte> payload, int qos, bool retain, TaskCompletionSource tcs)
    {
        string error = MqttTopic.ValidateTopicName(topic, out int topicBytes);
        if (error != null) throw new ArgumentException(error, nameof(topic));
        if ((uint)qos > 1) throw new ArgumentOutOfRangeException(nameof(qos), "QoS must be 0 or 1.");
        int length = MqttCodec.GetPublishLength(topicBytes, payload.Length, qos);

        if (qos == 0)
        {
            lock (_lock)
            {
                var c = _conn;
                if (c == null || c.State != ConnState.Connected || c.Channel.IsClosed) return null;
                var ch = c.Channel;
                MqttCodec.WritePublish(ch.GetSpan(length), topic, topicBytes, payload, 0, retain, false, 0);
                ch.Advance(length);
                return ch.PendingBytes > QueuedBytesHighWater ? ch.WhenFlushed() : Task.CompletedTask;
            }
        }

        byte[] copy = payload.Length == 0 ? Array.Empty<byte>() : ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.CopyTo(copy);
        lock (_lock)
        {
            var c = _conn;
            if (c == null || c.State != ConnState.Connected || c.Channel.IsClosed)
            {
                if (copy.Length > 0) ArrayPool<byte>.Shared.Return(copy);
                return null;
            }
            var e = _pool.Count > 0 ? _pool.Pop() : new Outgoing();
            e.Topic = topic;
            e.TopicBytes = topicBytes;
            e.Payload = copy;
            e.Length = payload.Length;
            e.Retain = retain;
            e.Tcs = tcs;
            e.Seq = ++_seq;
            e.Sent = false;
            if (_waiting.Count == 0 && _inFlight.Count < MaxInFlight) SendNew(c.Channel, e);
            else _waiting.Enqueue(e);
            return tcs?.Task ?? Task.CompletedTask;
        }
    }

    /// <summary>Assigns a packet id, links the message in send order and writes it (holding the lock).</summary>
    private void SendNew(MqttChannel ch, Outgoing e)
    {
        e.PacketId = NextPacketId();
        _inFlight.Add(e.PacketId, e);
        e.Prev = _tail;
        e.Next = null;
        if (_tail != null) _tail.Next = e; else _head = e;
        _tail = e;
        WriteOutgoing(ch, e);
    }

    private static void WriteOutgoing(MqttChannel ch, Outgoing e)
    {
        int length = MqttCodec.GetPublishLength(e.TopicBytes, e.Length, 1);
        // §4.4: a message sent again after a reconnect carries DUP=1.
        MqttCodec.WritePublish(ch.GetSpan(length), e.Topic, e.TopicBytes, e.Payload.AsSpan(0, e.Length), 1, e.Retain, e.Sent, e.PacketId);
        ch.Advance(length);
        e.Sent = true;
    }

    private ushort NextPacketId()
    {
        // §2.3.1: a packet identifier is free again once its acknowledgment arrived.
        do
        {
            _lastId++;
            if (_lastId == 0) _lastId = 1;
        } while (_inFlight.ContainsKey(_lastId) || _requests.ContainsKey(_lastId));
        return _lastId;
    }

    // ------------------------------------------------------------------ subscribe

    /// <inheritdoc />
    /// <remarks>Ignored when not connected. Subscriptions are not restored after a reconnect: subscribe again on <see cref="Connected"/>.</remarks>
    public void Subscribe(string topicFilter, int qos)
    {
        var t = SubscribeAsync(topicFilter, qos);
        t.ContinueWith(static x => _ = x.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
    }

    /// <summary>Subscribes and completes on SUBACK with the granted QoS (0 or 1).</summary>
    /// <exception cref="MqttClientException">Not connected, connection lost before SUBACK, or the broker refused (SUBACK 0x80).</exception>
    public async Task<int> SubscribeAsync(string topicFilter, int qos)
    {
        string error = MqttTopic.ValidateTopicFilter(topicFilter);
        if (error != null) throw new ArgumentException(error, nameof(topicFilter));
        if ((uint)qos > 1) throw new ArgumentOutOfRangeException(nameof(qos), "QoS must be 0 or 1.");
        byte code = await Request(id => new MqttSubscribePacket { PacketId = id, Subscriptions = new[] { new MqttSubscription(topicFilter, qos) } }).ConfigureAwait(false);
        if (code == MqttCodec.SubscribeFailure)
            throw new MqttClientException(MqttCloseReason.NotAuthorized, $"the broker refused the subscription to \"{topicFilter}\"");
        return code;
    }

    /// <summary>Unsubscribes and completes on UNSUBACK.</summary>
    /// <exception cref="MqttClientException">Not connected or connection lost before UNSUBACK.</exception>
    public async Task UnsubscribeAsync(string topicFilter)
    {
        string error = MqttTopic.ValidateTopicFilter(topicFilter);
        if (error != null) throw new ArgumentException(error, nameof(topicFilter));
        await Request(id => new MqttUnsubscribePacket { PacketId = id, Filters = new[] { topicFilter } }).ConfigureAwait(false);
    }

    private Task<byte> Request(Func<ushort, MqttPacket> build)
    {
        lock (_lock)
        {
            var c = _conn;
            if (c == null || c.State != ConnState.Connected || c.Channel.IsClosed)
                return Task.FromException<byte>(new MqttClientException(MqttCloseReason.ConnectionLost, "not connected"));
            ushort id = NextPacketId();
            var tcs = new TaskCompletionSource<byte>(TaskCreationOptions.RunContinuationsAsynchronously);
            _requests.Add(id, tcs);
            c.Channel.Write(build(id));
            return tcs.Task;
        }
    }

    // ------------------------------------------------------------------ packets from the broker

    private void OnPublish(Connection c, byte first, ReadOnlySpan<byte> body)
    {
        MqttCodec.DecodePublish(first, body, out string topic, out ReadOnlySpan<byte> payload, out int qos, out _, out _, out ushort id);
        byte[] copy = payload.ToArray();
        try
        {
            MessageReceived?.Invoke(topic, copy);
        }
        catch
        {
            // A failing handler must not kill the connection; the message counts as delivered.
        }
        if (qos == 1)
        {
            lock (_lock)
            {
                if (!c.Channel.IsClosed)
                {
                    MqttCodec.WriteIdOnly(c.Channel.GetSpan(4), MqttPacketType.PubAck, id);
                    c.Channel.Advance(4);
                }
            }
        }
    }

    private void OnPubAck(Connection c, ushort id)
    {
        TaskCompletionSource done;
        List<TaskCompletionSource> barriers = null;
        lock (_lock)
        {
            if (!_inFlight.Remove(id, out var e)) return; // a late duplicate: nothing to do
            if (e.Prev != null) e.Prev.Next = e.Next; else _head = e.Next;
            if (e.Next != null) e.Next.Prev = e.Prev; else _tail = e.Prev;
            done = e.Tcs;
            Recycle(e);
            if (c.State == ConnState.Connected && !c.Channel.IsClosed)
            {
                while (_waiting.Count > 0 && _inFlight.Count < MaxInFlight) SendNew(c.Channel, _waiting.Dequeue());
            }
            if (_ackWaiters.Count > 0) barriers = TakeSatisfiedBarriers();
        }
        done?.TrySetResult();
        if (barriers != null) foreach (var b in barriers) b.TrySetResult();
    }

    private List<TaskCompletionSource> TakeSatisfiedBarriers()
    {
        long oldest = _head?.Seq ?? (_waiting.Count > 0 ? _waiting.Peek().Seq : long.MaxValue);
        List<TaskCompletionSource> done = null;
        for (int i = _ackWaiters.Count - 1; i >= 0; i--)
        {
            if (_ackWaiters[i].Seq < oldest)
            {
                (done ??= new List<TaskCompletionSource>()).Add(_ackWaiters[i].Tcs);
                _ackWaiters.RemoveAt(i);
            }
        }
        return done;
    }

    private void Recycle(Outgoing e)
    {
        if (e.Payload.Length > 0) ArrayPool<byte>.Shared.Return(e.Payload);
        e.Payload = null;
        e.Topic = null;
        e.Tcs = null;
        e.Prev = e.Next = null;
        if (_pool.Count < EntryPoolLimit) _pool.Push(e);
    }

    private void OnRequestAck(ushort id, byte code)
    {
        TaskCompletionSource<byte> tcs;
        lock (_lock)
        {
            if (!_requests.Remove(id, out tcs)) return;
        }
        tcs.TrySetResult(code);
    }

    /// <summary>CONNACK 0 arrived: resend what is unacknowledged, then let new messages through.</summary>
    private bool OnAccepted(Connection c)
    {
        lock (_lock)
        {
            if (c.State != ConnState.AwaitingConnAck) return false;
            c.State = ConnState.Connected;
            c.StartKeepAlive();
            for (var e = _head; e != null; e = e.Next) WriteOutgoing(c.Channel, e);
            while (_waiting.Count > 0 && _inFlight.Count < MaxInFlight) SendNew(c.Channel, _waiting.Dequeue());
            return true;
        }
    }

    /// <summary>The connection ended (holding the lock): fail what cannot survive it.</summary>
    private List<TaskCompletionSource<byte>> OnEnded(Connection c)
    {
        if (_conn == c) _conn = null;
        if (_requests.Count == 0) return null;
        var failed = new List<TaskCompletionSource<byte>>(_requests.Values);
        _requests.Clear();
        return failed;
    }

    private void RaiseConnected()
    {
        try { Connected?.Invoke(); } catch { }
    }

    private void RaiseClosed(MqttCloseReason reason, string detail)
    {
        try { Closed?.Invoke(reason, detail); } catch { }
    }

    // ------------------------------------------------------------------ dispose

    /// <summary>
    /// Disconnects (DISCONNECT when connected) and fails every pending task with
    /// <see cref="ObjectDisposedException"/>. Raises <see cref="Closed"/> if a connection existed.
    /// </summary>
    public void Dispose()
    {
        Connection c;
        List<TaskCompletionSource> pending = new List<TaskCompletionSource>();
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            c = _conn;
            if (c != null && c.State == ConnState.Connected)
            {
                c.State = ConnState.Disconnecting;
                c.Channel.Write(MqttDisconnectPacket.Instance);
            }
            for (var e = _head; e != null;)
            {
                var next = e.Next;
                if (e.Tcs != null) pending.Add(e.Tcs);
                Recycle(e);
                e = next;
            }
            _head = _tail = null;
            _inFlight.Clear();
            while (_waiting.Count > 0)
            {
                var e = _waiting.Dequeue();
                if (e.Tcs != null) pending.Add(e.Tcs);
                Recycle(e);
            }
            foreach (var w in _ackWaiters) pending.Add(w.Tcs);
            _ackWaiters.Clear();
        }
        if (c != null) _ = Task.Run(() => c.CloseRequestedAsync());
        var disposed = new ObjectDisposedException(nameof(MqttClient));
        foreach (var t in pending) t.TrySetException(disposed);
    }

    // ------------------------------------------------------------------ types

    private sealed class Outgoing
    {
        public string Topic;
        public int TopicBytes;
        public byte[] Payload;
        public int Length;
        public bool Retain;
        public bool Sent;
        public ushort PacketId;
        public long Seq;
        public TaskCompletionSource Tcs;
        public Outgoing Prev, Next;
    }

    private enum ConnState { Connecting, AwaitingConnAck, Connected, Disconnecting, Ended }

    /// <summary>One connection attempt and, if accepted, the connection: socket, TLS, CONNACK, keep-alive.</summary>
    private sealed class Connection : IMqttChannelOwner
    {
        private readonly MqttClient _client;
        private readonly MqttConnectOptions _options;
        private readonly MqttConnectPacket _connect;
        private readonly string _endpoint;
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
        private Socket _socket;
        private Timer _timer;
        private int _finished;
        private bool _pingOutstanding;
        private long _pingSentAt;
        private int _tickMs;
        private string _tlsError;

        public volatile ConnState State = ConnState.Connecting;
        public MqttChannel Channel;
        public readonly TaskCompletionSource<MqttConnectResult> Outcome = new TaskCompletionSource<MqttConnectResult>(TaskCreationOptions.RunContinuationsAsynchronously);

        public Connection(MqttClient client, MqttConnectOptions options, MqttConnectPacket connect)
        {
            _client = client;
            _options = options;
            _connect = connect;
            _endpoint = options.Host.Contains(':') ? $"[{options.Host}]:{options.Port}" : $"{options.Host}:{options.Port}";
        }

        public void Start() => _ = Task.Run(RunAsync);

        private async Task RunAsync()
        {
            int timeoutMs = _options.ConnectTimeoutMs;
            lock (_client._lock)
            {
                if (State == ConnState.Ended) return;
                _timer = new Timer(static s => ((Connection)s).OnConnectTimeout(), this, timeoutMs, Timeout.Infinite);
            }
            Stream stream;
            try
            {
                _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await _socket.ConnectAsync(_options.Host, _options.Port, _cts.Token).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                Finish(MqttCloseReason.Unreachable, $"cannot reach {_endpoint}: {Describe(e)}");
                return;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                Finish(MqttCloseReason.Unreachable, $"cannot reach {_endpoint}: no answer within {timeoutMs / 1000.0:0.#} s");
                return;
            }
            catch (Exception e)
            {
                Finish(MqttCloseReason.Unreachable, $"cannot reach {_endpoint}: {e.Message}");
                return;
            }

            stream = new NetworkStream(_socket, ownsSocket: true);
            if (_options.UseTls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                try
                {
                    var auth = new SslClientAuthenticationOptions
                    {
                        TargetHost = _options.Host,
                        RemoteCertificateValidationCallback = ValidateCertificate,
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    };
                    await ssl.AuthenticateAsClientAsync(auth, _cts.Token).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    string why = _tlsError ?? (e is OperationCanceledException ? $"no answer within {timeoutMs / 1000.0:0.#} s" : e.Message);
                    stream.Dispose();
                    Finish(MqttCloseReason.TlsFailed, $"TLS handshake with {_endpoint} failed: {why}");
                    return;
                }
            }

            lock (_client._lock)
            {
                if (State == ConnState.Ended)
                {
                    stream.Dispose();
                    return;
                }
                Channel = new MqttChannel(stream, _socket, _client._lock, this, _client.MaxIncomingPacketSize);
                State = ConnState.AwaitingConnAck;
                Channel.Write(_connect);
            }
            Channel.Start();
        }

        private bool ValidateCertificate(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
        {
            if (certificate == null)
            {
                _tlsError = "the broker sent no certificate";
                return false;
            }
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                _tlsError = $"the broker certificate is not issued for \"{_options.Host}\"";
                return false;
            }
            if (_options.CaCertificatePem == null)
            {
                if (errors == SslPolicyErrors.None) return true;
                _tlsError = $"the broker certificate is not trusted by this system ({errors})";
                return false;
            }
            // Trust exactly the given CA, not the system store.
            var roots = new X509Certificate2Collection();
            try
            {
                roots.ImportFromPem(_options.CaCertificatePem);
            }
            catch (CryptographicException)
            {
                _tlsError = "the CA certificate PEM could not be read";
                return false;
            }
            if (roots.Count == 0)
            {
                _tlsError = "the CA certificate PEM holds no certificate";
                return false;
            }
            using var leaf = new X509Certificate2(certificate);
            using var verify = new X509Chain();
            verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            verify.ChainPolicy.CustomTrustStore.AddRange(roots);
            verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain != null)
                foreach (var element in chain.ChainElements)
                    if (!element.Certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
                        verify.ChainPolicy.ExtraStore.Add(element.Certificate);
            if (verify.Build(leaf)) return true;
            var status = new StringBuilder();
            foreach (var s in verify.ChainStatus)
            {
                if (status.Length > 0) status.Append(", ");
                status.Append(s.Status);
            }
            _tlsError = $"the broker certificate is not signed by the given CA ({status})";
            return false;
        }

        private static string Describe(SocketException e) => e.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
            SocketError.HostUnreachable => "host unreachable",
            SocketError.NetworkUnreachable => "network unreachable",
            SocketError.TimedOut => "timed out",
            SocketError.ConnectionReset => "connection reset",
            _ => e.Message,
        };

        private void OnConnectTimeout()
        {
            switch (State)
            {
                case ConnState.Connecting:
                    _cts.Cancel(); // RunAsync reports it (Unreachable or TlsFailed)
                    break;
                case ConnState.AwaitingConnAck:
                    Finish(MqttCloseReason.Timeout, $"no CONNACK from {_endpoint} within {_options.ConnectTimeoutMs / 1000.0:0.#} s");
                    break;
            }
        }

        public void OnPacket(MqttChannel channel, byte first, ReadOnlySpan<byte> body)
        {
            var type = (MqttPacketType)(first >> 4);
            if (State == ConnState.AwaitingConnAck)
            {
                // §3.2: the first packet from the server is CONNACK.
                if (type != MqttPacketType.ConnAck)
                    throw new MqttProtocolException($"expected CONNACK, got {MqttCodec.Name(first)}");
                var ack = (MqttConnAckPacket)MqttCodec.Decode(first, body);
                if (ack.ReturnCode != 0)
                {
                    Finish((MqttCloseReason)ack.ReturnCode, "broker refused the connection: " + MqttConnAckPacket.Describe(ack.ReturnCode));
                    return;
                }
                if (!_client.OnAccepted(this)) return;
                Outcome.TrySetResult(new MqttConnectResult(true, 0, "connected", ack.SessionPresent));
                _client.RaiseConnected();
                return;
            }
            switch (type)
            {
                case MqttPacketType.Publish:
                    _client.OnPublish(this, first, body);
                    break;
                case MqttPacketType.PubAck:
                    _client.OnPubAck(this, MqttCodec.DecodeIdOnly(first, body));
                    break;
                case MqttPacketType.SubAck:
                    var sub = (MqttSubAckPacket)MqttCodec.Decode(first, body);
                    _client.OnRequestAck(sub.PacketId, sub.ReturnCodes[0]);
                    break;
                case MqttPacketType.UnsubAck:
                    _client.OnRequestAck(MqttCodec.DecodeIdOnly(first, body), 0);
                    break;
                case MqttPacketType.PingResp:
                    MqttCodec.Decode(first, body);
                    _pingOutstanding = false;
                    break;
                default:
                    MqttCodec.ValidateFirstByte(first);
                    throw new MqttProtocolException($"the broker sent {MqttCodec.Name(first)}, which only clients send");
            }
        }

        /// <summary>Replaces the connect timeout with the keep-alive timer (holding the lock).</summary>
        public void StartKeepAlive()
        {
            _timer?.Dispose();
            _timer = null;
            if (_options.KeepAliveSeconds > 0)
            {
                // Tick at a quarter of the interval and ping once idle for three quarters: the gap
                // between packets stays within the keep-alive, as §3.1.2.10 asks of the client.
                _tickMs = Math.Max(100, _options.KeepAliveSeconds * 1000 / 4);
                _timer = new Timer(static s => ((Connection)s).OnKeepAliveTick(), this, _tickMs, _tickMs);
            }
        }

        private void OnKeepAliveTick()
        {
            long keepAliveMs = _options.KeepAliveSeconds * 1000L;
            bool timedOut = false;
            lock (_client._lock)
            {
                if (State != ConnState.Connected || Channel.IsClosed) return;
                long now = Environment.TickCount64;
                if (_pingOutstanding)
                {
                    // §3.1.2.10: no answer within 1.5 × keep-alive means the link is gone.
                    timedOut = now - _pingSentAt >= keepAliveMs * 3 / 2;
                }
                else if (now - Channel.LastSendTicks >= keepAliveMs - _tickMs || now - Channel.LastReceiveTicks >= keepAliveMs - _tickMs)
                {
                    MqttCodec.WriteEmpty(Channel.GetSpan(2), MqttPacketType.PingReq);
                    Channel.Advance(2);
                    _pingOutstanding = true;
                    _pingSentAt = now;
                }
            }
            if (timedOut)
                Finish(MqttCloseReason.Timeout, $"no PINGRESP from {_endpoint} within {keepAliveMs * 1.5 / 1000:0.#} s");
        }

        public void OnChannelClosed(MqttChannel channel, Exception error)
        {
            if (State == ConnState.Disconnecting)
                Finish(MqttCloseReason.Requested, "disconnected on request");
            else if (error is MqttProtocolException p)
                Finish(MqttCloseReason.ProtocolError, $"the broker at {_endpoint} sent invalid MQTT: {p.Message}");
            else if (State == ConnState.AwaitingConnAck)
                Finish(MqttCloseReason.ConnectionLost, $"{_endpoint} closed the connection before CONNACK" + (error != null ? ": " + error.Message : ""));
            else
                Finish(MqttCloseReason.ConnectionLost, $"connection to {_endpoint} lost: " + (error == null ? "closed by the broker" : error is IOException && error.InnerException is SocketException se ? Describe(se) : error.Message));
        }

        public async Task CloseRequestedAsync()
        {
            var ch = Channel;
            if (State == ConnState.Disconnecting && ch != null)
                await ch.CloseAfterFlushAsync(2000).ConfigureAwait(false);
            Finish(MqttCloseReason.Requested, "disconnected on request");
        }

        /// <summary>Ends the attempt or connection once: state, socket, timers, outcome, Closed event.</summary>
        public void Finish(MqttCloseReason reason, string detail)
        {
            if (Interlocked.Exchange(ref _finished, 1) != 0) return;
            List<TaskCompletionSource<byte>> failed;
            lock (_client._lock)
            {
                State = ConnState.Ended;
                failed = _client.OnEnded(this);
                _timer?.Dispose();
                _timer = null;
            }
            try { _cts.Cancel(); } catch { }
            if (Channel != null) Channel.Close();
            else try { _socket?.Dispose(); } catch { }
            if (failed != null)
            {
                var ex = new MqttClientException(reason, "the connection ended before the broker answered: " + detail);
                foreach (var t in failed) t.TrySetException(ex);
            }
            Outcome.TrySetResult(new MqttConnectResult(false, reason, detail, false));
            _client.RaiseClosed(reason, detail);
        }
    }
}
