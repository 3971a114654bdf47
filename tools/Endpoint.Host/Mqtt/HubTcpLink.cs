using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;
using Endpoint.Core.Hub;

namespace Endpoint.Host.Mqtt;

/// <summary>
/// The server side of one TCP connection to the <see cref="InProcessHub"/>: the same codec and
/// channel as <see cref="MqttClient"/>, with the broker's duties — CONNECT first (§3.1),
/// PUBACK for QoS 1, SUBACK/UNSUBACK, PINGRESP, keep-alive enforcement at 1.5 × (§3.1.2.10).
/// </summary>
internal sealed class HubTcpLink : HubLink, IMqttChannelOwner
{
    private readonly InProcessHub _hub;
    private readonly object _lock = new object();
    private readonly MqttChannel _channel;
    private readonly long _acceptedAt = Environment.TickCount64;
    private readonly Dictionary<ushort, Pending> _unacked = new Dictionary<ushort, Pending>();
    private readonly Queue<Pending> _sendOrder = new Queue<Pending>();
    private ushort _lastId;
    private int _keepAliveSeconds;
    private volatile bool _connected;
    private bool _disconnectReceived;

    public HubTcpLink(InProcessHub hub, Socket socket)
    {
        _hub = hub;
        _channel = new MqttChannel(new NetworkStream(socket, ownsSocket: true), socket, _lock, this, hub.MaxPacketSize);
    }

    public void Start() => _channel.Start();

    public void OnPacket(MqttChannel channel, byte first, ReadOnlySpan<byte> body)
    {
        var type = (MqttPacketType)(first >> 4);
        if (!_connected)
        {
            // §3.1: the first packet from a client is CONNECT.
            if (type != MqttPacketType.Connect)
                throw new MqttProtocolException($"expected CONNECT, got {MqttCodec.Name(first)}");
            var connect = (MqttConnectPacket)MqttCodec.Decode(first, body);
            _keepAliveSeconds = connect.KeepAliveSeconds;
            byte code = _hub.Attach(this, connect);
            if (code != 0)
            {
                // §3.2.2.3: after a refusing CONNACK the server closes the connection.
                _ = _channel.CloseAfterFlushAsync(2000);
                return;
            }
            _connected = true;
            return;
        }
        if (Stalled)
        {
            MqttCodec.ValidateFirstByte(first);
            return; // fault injection: the link swallows everything
        }
        switch (type)
        {
            case MqttPacketType.Publish:
                MqttCodec.DecodePublish(first, body, out string topic, out ReadOnlySpan<byte> payload, out int qos, out _, out bool retain, out ushort id);
                _hub.Publish(this, topic, payload.ToArray(), qos, retain);
                if (qos == 1) WriteIdOnly(MqttPacketType.PubAck, id);
                break;
            case MqttPacketType.PubAck:
                ushort acked = MqttCodec.DecodeIdOnly(first, body);
                lock (_lock)
                {
                    if (_unacked.Remove(acked, out var p)) p.Acked = true;
                    while (_sendOrder.Count > 0 && _sendOrder.Peek().Acked) _sendOrder.Dequeue();
                }
                break;
            case MqttPacketType.Subscribe:
                var sub = (MqttSubscribePacket)MqttCodec.Decode(first, body);
                _hub.Subscribe(this, sub.PacketId, sub.Subscriptions);
                break;
            case MqttPacketType.Unsubscribe:
                var unsub = (MqttUnsubscribePacket)MqttCodec.Decode(first, body);
                _hub.Unsubscribe(this, unsub.Filters);
                WriteIdOnly(MqttPacketType.UnsubAck, unsub.PacketId);
                break;
            case MqttPacketType.PingReq:
                MqttCodec.Decode(first, body);
                lock (_lock)
                {
                    if (_channel.IsClosed) return;
                    MqttCodec.WriteEmpty(_channel.GetSpan(2), MqttPacketType.PingResp);
                    _channel.Advance(2);
                }
                break;
            case MqttPacketType.Disconnect:
                MqttCodec.Decode(first, body);
                // §3.14.4: DISCONNECT discards the will.
                _disconnectReceived = true;
                _hub.Detach(this, graceful: true);
                _channel.Close();
                break;
            case MqttPacketType.Connect:
                throw new MqttProtocolException("a second CONNECT on one connection (MQTT 3.1.1 §3.1)");
            default:
                MqttCodec.ValidateFirstByte(first);
                throw new MqttProtocolException($"the client sent {MqttCodec.Name(first)}, which only servers send");
        }
    }

    private void WriteIdOnly(MqttPacketType type, ushort id)
    {
        lock (_lock)
        {
            if (_channel.IsClosed) return;
            MqttCodec.WriteIdOnly(_channel.GetSpan(4), type, id);
            _channel.Advance(4);
        }
    }

    public override void SendConnAck(byte returnCode, bool sessionPresent)
    {
        lock (_lock)
        {
            if (_channel.IsClosed) return;
            _channel.Write(new MqttConnAckPacket { ReturnCode = returnCode, SessionPresent = sessionPresent });
        }
    }

    public override void SendSubAck(ushort packetId, byte[] codes)
    {
        lock (_lock)
        {
            if (_channel.IsClosed) return;
            _channel.Write(new MqttSubAckPacket { PacketId = packetId, ReturnCodes = codes });
        }
    }

    public override void Deliver(string topic, byte[] payload, int qos, bool dup, bool retain)
    {
        bool tooSlow;
        lock (_lock)
        {
            if (_channel.IsClosed) return;
            int topicBytes = System.Text.Encoding.UTF8.GetByteCount(topic);
            int length = MqttCodec.GetPublishLength(topicBytes, payload.Length, qos);
            ushort id = 0;
            if (qos == 1)
            {
                do
                {
                    _lastId++;
                    if (_lastId == 0) _lastId = 1;
                } while (_unacked.ContainsKey(_lastId));
                id = _lastId;
                var m = new Pending { Topic = topic, Payload = payload, Retain = retain };
                _unacked[id] = m;
                _sendOrder.Enqueue(m);
                if (_sendOrder.Count > 2 * _unacked.Count + 64) CompactSendOrder();
            }
            MqttCodec.WritePublish(_channel.GetSpan(length), topic, topicBytes, payload, qos, retain, dup, id);
            _channel.Advance(length);
            tooSlow = _channel.PendingBytes > _hub.MaxQueuedBytesPerClient;
        }
        if (tooSlow)
        {
            // Not from inside the hub's lock: end it from the thread pool.
            ThreadPool.UnsafeQueueUserWorkItem(static s => ((MqttChannel)s).Close(new System.IO.IOException("the client reads too slowly")), _channel);
        }
    }

    private void CompactSendOrder()
    {
        int n = _sendOrder.Count;
        for (int i = 0; i < n; i++)
        {
            var m = _sendOrder.Dequeue();
            if (!m.Acked) _sendOrder.Enqueue(m);
        }
    }

    public override List<RetainedMessage> TakeUnacknowledged()
    {
        lock (_lock)
        {
            // Sent again on the session's next connection, so DUP=1 (§4.4).
            var list = new List<RetainedMessage>();
            foreach (var m in _sendOrder)
                if (!m.Acked) list.Add(new RetainedMessage(m.Payload, 1) { Topic = m.Topic, Retain = m.Retain, Dup = true });
            _unacked.Clear();
            _sendOrder.Clear();
            return list;
        }
    }

    public override void Abort(MqttCloseReason reason, string detail) => _channel.Close();

    public void OnChannelClosed(MqttChannel channel, Exception error)
    {
        _hub.Detach(this, graceful: _disconnectReceived);
    }

    private sealed class Pending
    {
        public string Topic;
        public byte[] Payload;
        public bool Retain;
        public bool Acked;
    }

    /// <summary>Called by the hub's sweep timer: CONNECT deadline and keep-alive (§3.1.2.10).</summary>
    public void CheckTimeouts(long now)
    {
        if (_channel.IsClosed) return;
        if (!_connected)
        {
            if (now - _acceptedAt > _hub.ConnectTimeoutMs) _channel.Close();
            return;
        }
        if (_keepAliveSeconds > 0 && now - _channel.LastReceiveTicks > _keepAliveSeconds * 1500L)
            _channel.Close(new TimeoutException("keep-alive expired"));
    }
}
