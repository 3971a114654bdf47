using System;
using System.Collections.Generic;
using System.Threading;
using Endpoint.Core.Hub;

namespace Endpoint.Host.Mqtt;

/// <summary>
/// An <see cref="IMqttTransport"/> connected in memory to an <see cref="InProcessHub"/>
/// (<see cref="InProcessHub.CreateTransport"/>). Thread-safe. Events are raised one at a time,
/// in order, on the thread pool — never from inside a call into the transport. Publishing hands
/// the message to the hub at once, so nothing is ever left unacknowledged.
/// </summary>
public sealed class InProcessTransport : IMqttTransport
{
    private readonly InProcessHub _hub;
    private readonly object _lock = new object();
    private readonly Queue<Event> _events = new Queue<Event>();
    private bool _dispatching;

    private State _state;
    private int _generation;
    private MemoryLink _link;
    private bool _endedGracefully;

    internal InProcessTransport(InProcessHub hub)
    {
        _hub = hub;
    }

    /// <inheritdoc />
    public event MqttMessageHandler MessageReceived;

    /// <inheritdoc />
    public event MqttConnectedHandler Connected;

    /// <inheritdoc />
    public event MqttClosedHandler Closed;

    /// <inheritdoc />
    public bool IsConnected
    {
        get { lock (_lock) return _state == State.Connected; }
    }

    /// <summary>The client id the hub knows this transport by (assigned by the hub when CONNECT had none), or null.</summary>
    public string ClientId
    {
        get { lock (_lock) return _link?.ClientId; }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The options cannot make a valid CONNECT.</exception>
    public void Connect(MqttConnectOptions options)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        if (options.Password != null && options.Username == null)
            throw new ArgumentException("MQTT 3.1.1 needs a user name when a password is given (§3.1.2.9).");
        if (options.WillTopic != null && (options.WillQos < 0 || options.WillQos > 1))
            throw new ArgumentException("MqttConnectOptions.WillQos must be 0 or 1.");
        var connect = new MqttConnectPacket
        {
            ClientId = options.ClientId ?? "",
            CleanSession = options.CleanSession,
            KeepAliveSeconds = (ushort)Math.Clamp(options.KeepAliveSeconds, 0, 65535),
            Username = options.Username,
            Password = options.Password == null ? null : System.Text.Encoding.UTF8.GetBytes(options.Password),
            WillTopic = options.WillTopic,
            WillPayload = options.WillTopic == null ? null : (byte[])(options.WillPayload ?? Array.Empty<byte>()).Clone(),
            WillQos = options.WillTopic == null ? 0 : options.WillQos,
            WillRetain = options.WillTopic != null && options.WillRetain,
        };
        connect.GetEncodedLength(); // same validation as on the wire
        int generation;
        lock (_lock)
        {
            if (_state != State.Disconnected) return;
            _state = State.Connecting;
            generation = ++_generation;
        }
        Post(new Event { Kind = EventKind.Connect, Generation = generation, Connect = connect });
    }

    /// <inheritdoc />
    public void Disconnect() => End(graceful: true, MqttCloseReason.Requested, "disconnected on request");

    /// <summary>
    /// Simulates an abrupt end of the link (power cut, Wi-Fi gone): no DISCONNECT, so the hub
    /// publishes the will. Raises <see cref="Closed"/> with <see cref="MqttCloseReason.ConnectionLost"/>;
    /// messages not yet raised are dropped.
    /// </summary>
    public void Kill() => End(graceful: false, MqttCloseReason.ConnectionLost, "the link was killed");

    // Ends the link: a graceful end (DISCONNECT) drops the will, an abrupt one lets the hub publish it.
    private void End(bool graceful, MqttCloseReason reason, string detail)
    {
        MemoryLink link;
        int generation;
        lock (_lock)
        {
            if (_state == State.Disconnected) return;
            link = _link;
            _link = null;
            _state = State.Disconnected;
            _endedGracefully = graceful;
            generation = ++_generation;
        }
        if (link != null) _hub.Detach(link, graceful);
        Post(new Event { Kind = EventKind.Closed, Generation = generation, Reason = reason, Detail = detail });
    }

    /// <inheritdoc />
    public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
    {
        string error = MqttTopic.ValidateTopicName(topic);
        if (error != null) throw new ArgumentException(error, nameof(topic));
        if ((uint)qos > 1) throw new ArgumentOutOfRangeException(nameof(qos), "QoS must be 0 or 1.");
        payload ??= Array.Empty<byte>();
        if ((uint)offset > (uint)payload.Length || (uint)count > (uint)(payload.Length - offset))
            throw new ArgumentOutOfRangeException(nameof(count), "offset and count are outside the payload.");
        MemoryLink link;
        lock (_lock)
        {
            if (_state != State.Connected) return false;
            link = _link;
        }
        if (link.Stalled) return true; // fault injection: swallowed by the link
        var copy = new byte[count];
        Buffer.BlockCopy(payload, offset, copy, 0, count);
        _hub.Publish(link, topic, copy, qos, retain);
        return true;
    }

    /// <inheritdoc />
    public void Subscribe(string topicFilter, int qos)
    {
        string error = MqttTopic.ValidateTopicFilter(topicFilter);
        if (error != null) throw new ArgumentException(error, nameof(topicFilter));
        if ((uint)qos > 1) throw new ArgumentOutOfRangeException(nameof(qos), "QoS must be 0 or 1.");
        MemoryLink link;
        lock (_lock)
        {
            if (_state != State.Connected) return;
            link = _link;
        }
        if (link.Stalled) return;
        _hub.Subscribe(link, 1, new[] { new MqttSubscription(topicFilter, qos) });
    }

    /// <summary>Removes a subscription.</summary>
    public void Unsubscribe(string topicFilter)
    {
        string error = MqttTopic.ValidateTopicFilter(topicFilter);
        if (error != null) throw new ArgumentException(error, nameof(topicFilter));
        MemoryLink link;
        lock (_lock)
        {
            if (_state != State.Connected) return;
            link = _link;
        }
        _hub.Unsubscribe(link, new[] { topicFilter });
    }

    // ------------------------------------------------------------------ event queue

    private void Post(Event e)
    {
        lock (_events)
        {
            _events.Enqueue(e);
            if (_dispatching) return;
            _dispatching = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static s => ((InProcessTransport)s).Dispatch(), this);
    }

    private void Dispatch()
    {
        while (true)
        {
            Event e;
            lock (_events)
            {
                if (_events.Count == 0)
                {
                    _dispatching = false;
                    return;
                }
                e = _events.Dequeue();
            }
            try
            {
                Run(e);
            }
            catch
            {
                // A failing handler must not stop the queue.
            }
        }
    }

    private void Run(Event e)
    {
        switch (e.Kind)
        {
            case EventKind.Connect:
                DoConnect(e.Generation, e.Connect);
                break;
            case EventKind.Message:
                lock (_lock)
                {
                    if (e.Generation != _generation || _state != State.Connected) return;
                }
                MessageReceived?.Invoke(e.Topic, e.Payload);
                break;
            case EventKind.Closed:
                Closed?.Invoke(e.Reason, e.Detail);
                break;
        }
    }

    private void DoConnect(int generation, MqttConnectPacket connect)
    {
        var link = new MemoryLink(this, generation);
        lock (_lock)
        {
            if (generation != _generation) return; // abandoned by Disconnect/Kill
            _link = link;
        }
        if (_hub.IsDisposed)
        {
            Fail(link, MqttCloseReason.Unreachable, "the in-process hub is shut down");
            return;
        }
        byte code = _hub.Attach(link, connect);
        if (code != 0)
        {
            Fail(link, (MqttCloseReason)code, "broker refused the connection: " + MqttConnAckPacket.Describe(code));
            return;
        }
        bool abandoned;
        bool graceful;
        lock (_lock)
        {
            abandoned = _link != link;
            graceful = _endedGracefully;
            if (!abandoned) _state = State.Connected;
        }
        if (abandoned)
        {
            // Disconnect or Kill ran while the hub was attaching: undo it the same way (Closed is queued).
            _hub.Detach(link, graceful);
            return;
        }
        Connected?.Invoke();
    }

    private void Fail(MemoryLink link, MqttCloseReason reason, string detail)
    {
        lock (_lock)
        {
            if (_link != link) return;
            _link = null;
            _state = State.Disconnected;
            ++_generation;
        }
        Closed?.Invoke(reason, detail);
    }

    /// <summary>The hub ended the link (takeover, fault injection, shutdown).</summary>
    private void OnAborted(MemoryLink link, MqttCloseReason reason, string detail)
    {
        int generation;
        lock (_lock)
        {
            if (_link != link) return;
            _link = null;
            _state = State.Disconnected;
            generation = ++_generation;
        }
        Post(new Event { Kind = EventKind.Closed, Generation = generation, Reason = reason, Detail = detail });
    }

    private enum State { Disconnected, Connecting, Connected }

    private enum EventKind { Connect, Message, Closed }

    private struct Event
    {
        public EventKind Kind;
        public int Generation;
        public MqttConnectPacket Connect;
        public string Topic;
        public byte[] Payload;
        public MqttCloseReason Reason;
        public string Detail;
    }

    private sealed class MemoryLink : HubLink
    {
        private readonly InProcessTransport _owner;
        private readonly int _generation;

        public MemoryLink(InProcessTransport owner, int generation)
        {
            _owner = owner;
            _generation = generation;
        }

        public override void Deliver(string topic, byte[] payload, int qos, bool dup, bool retain)
        {
            // Each subscriber gets its own copy: handlers may keep or change the array.
            _owner.Post(new Event { Kind = EventKind.Message, Generation = _generation, Topic = topic, Payload = (byte[])payload.Clone() });
        }

        public override void Abort(MqttCloseReason reason, string detail) => _owner.OnAborted(this, reason, detail);
    }
}
