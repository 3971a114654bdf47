using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Endpoint.Host.Mqtt;

/// <summary>
/// An MQTT 3.1.1 control packet as an object: for tests, tools and the less frequent packets.
/// The hot paths (PUBLISH, PUBACK) also have allocation-free helpers in <see cref="MqttCodec"/>.
/// Encoding validates the fields and throws <see cref="ArgumentException"/> for values that
/// cannot go on the wire; decoding (<see cref="MqttCodec.Decode(ReadOnlySpan{byte})"/>) throws
/// only <see cref="MqttProtocolException"/>.
/// </summary>
public abstract class MqttPacket
{
    /// <summary>The control packet type.</summary>
    public abstract MqttPacketType Type { get; }

    /// <summary>The low nibble of the first fixed-header byte (§2.2.2).</summary>
    protected virtual byte Flags => 0;

    /// <summary>Length of the variable header plus payload.</summary>
    protected abstract int GetRemainingLength();

    /// <summary>Writes the variable header and payload (exactly <see cref="GetRemainingLength"/> bytes).</summary>
    protected abstract void WriteBody(Span<byte> destination);

    /// <summary>Whole encoded length, fixed header included.</summary>
    public int GetEncodedLength()
    {
        int rl = GetRemainingLength();
        return 1 + MqttCodec.GetRemainingLengthSize(rl) + rl;
    }

    /// <summary>Encodes into <paramref name="destination"/>; returns the bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        int rl = GetRemainingLength();
        destination[0] = (byte)(((int)Type << 4) | Flags);
        int h = 1 + MqttCodec.WriteRemainingLength(destination.Slice(1), rl);
        WriteBody(destination.Slice(h, rl));
        return h + rl;
    }

    /// <summary>Encodes into a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[GetEncodedLength()];
        WriteTo(bytes);
        return bytes;
    }

    /// <inheritdoc />
    public override string ToString() => MqttCodec.Name(Type);
}

/// <summary>CONNECT (§3.1). <see cref="ToString"/> never shows the password.</summary>
public sealed class MqttConnectPacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Connect;

    /// <summary>Protocol level (§3.1.2.2); 4 for MQTT 3.1.1.</summary>
    public byte ProtocolLevel { get; set; } = MqttCodec.ProtocolLevel;

    /// <summary>Client identifier (§3.1.3.1); may be empty with a clean session.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Clean session flag (§3.1.2.4).</summary>
    public bool CleanSession { get; set; } = true;

    /// <summary>Keep-alive in seconds (§3.1.2.10); 0 disables.</summary>
    public ushort KeepAliveSeconds { get; set; }

    /// <summary>Will topic, or null for no will (§3.1.2.5).</summary>
    public string WillTopic { get; set; }

    /// <summary>Will message (§3.1.3.3); empty when null.</summary>
    public byte[] WillPayload { get; set; }

    /// <summary>Will QoS 0–2 (§3.1.2.6).</summary>
    public int WillQos { get; set; }

    /// <summary>Will retain (§3.1.2.7).</summary>
    public bool WillRetain { get; set; }

    /// <summary>User name, or null (§3.1.2.8).</summary>
    public string Username { get; set; }

    /// <summary>Password bytes, or null (§3.1.2.9). Requires a user name.</summary>
    public byte[] Password { get; set; }

    private int _clientIdBytes, _willTopicBytes, _usernameBytes;

    /// <inheritdoc />
    protected override int GetRemainingLength()
    {
        if ((uint)WillQos > 2) throw new ArgumentOutOfRangeException(nameof(WillQos), "Will QoS must be 0, 1 or 2 (§3.1.2.6).");
        if (Password != null && Username == null)
            throw new ArgumentException("A password needs a user name (MQTT 3.1.1 §3.1.2.9).");
        if (WillTopic == null && (WillQos != 0 || WillRetain))
            throw new ArgumentException("Will QoS and retain need a will topic (§3.1.2.6, §3.1.2.7).");
        int n = 10; // protocol name (6) + level (1) + flags (1) + keep-alive (2)
        _clientIdBytes = MqttCodec.GetStringByteCount(ClientId ?? "", "client id");
        n += 2 + _clientIdBytes;
        if (WillTopic != null)
        {
            string error = MqttTopic.ValidateTopicName(WillTopic);
            if (error != null) throw new ArgumentException("Will topic: " + error);
            _willTopicBytes = MqttCodec.GetStringByteCount(WillTopic, "will topic");
            int willLength = WillPayload?.Length ?? 0;
            if (willLength > MqttCodec.MaxStringLength) throw new ArgumentException("The will message holds at most 65,535 bytes (§3.1.3.3).");
            n += 2 + _willTopicBytes + 2 + willLength;
        }
        if (Username != null)
        {
            _usernameBytes = MqttCodec.GetStringByteCount(Username, "user name");
            n += 2 + _usernameBytes;
        }
        if (Password != null)
        {
            if (Password.Length > MqttCodec.MaxStringLength) throw new ArgumentException("The password holds at most 65,535 bytes (§3.1.3.5).");
            n += 2 + Password.Length;
        }
        return n;
    }

    /// <inheritdoc />
    protected override void WriteBody(Span<byte> d)
    {
        d[0] = 0; d[1] = 4; d[2] = (byte)'M'; d[3] = (byte)'Q'; d[4] = (byte)'T'; d[5] = (byte)'T';
        d[6] = ProtocolLevel;
        int flags = 0;
        if (Username != null) flags |= 0x80;
        if (Password != null) flags |= 0x40;
        if (WillTopic != null)
        {
            flags |= 0x04 | (WillQos << 3);
            if (WillRetain) flags |= 0x20;
        }
        if (CleanSession) flags |= 0x02;
        d[7] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(d.Slice(8), KeepAliveSeconds);
        int p = 10;
        p += MqttCodec.WriteString(d.Slice(p), ClientId ?? "", _clientIdBytes);
        if (WillTopic != null)
        {
            p += MqttCodec.WriteString(d.Slice(p), WillTopic, _willTopicBytes);
            p += MqttCodec.WriteBinary(d.Slice(p), WillPayload ?? Array.Empty<byte>());
        }
        if (Username != null) p += MqttCodec.WriteString(d.Slice(p), Username, _usernameBytes);
        if (Password != null) MqttCodec.WriteBinary(d.Slice(p), Password);
    }

    internal static MqttConnectPacket DecodeBody(ReadOnlySpan<byte> body)
    {
        var r = new BodyReader(body, "CONNECT");
        var name = r.ReadBinary("protocol name");
        if (!name.SequenceEqual("MQTT"u8))
            throw new MqttProtocolException($"malformed CONNECT: protocol name is not \"MQTT\" (MQTT 3.1.1 §3.1.2.1)");
        var p = new MqttConnectPacket { ProtocolLevel = r.ReadByte("protocol level") };
        byte flags = r.ReadByte("connect flags");
        if ((flags & 0x01) != 0)
            throw new MqttProtocolException("malformed CONNECT: reserved connect flag is set (MQTT 3.1.1 §3.1.2.3)");
        bool will = (flags & 0x04) != 0;
        int willQos = (flags >> 3) & 3;
        bool willRetain = (flags & 0x20) != 0;
        if (willQos == 3)
            throw new MqttProtocolException("malformed CONNECT: will QoS is 3 (MQTT 3.1.1 §3.1.2.6)");
        if (!will && (willQos != 0 || willRetain))
            throw new MqttProtocolException("malformed CONNECT: will QoS or retain set without a will (MQTT 3.1.1 §3.1.2.6, §3.1.2.7)");
        bool hasUser = (flags & 0x80) != 0;
        bool hasPassword = (flags & 0x40) != 0;
        if (hasPassword && !hasUser)
            throw new MqttProtocolException("malformed CONNECT: password flag without user name flag (MQTT 3.1.1 §3.1.2.9)");
        p.CleanSession = (flags & 0x02) != 0;
        p.KeepAliveSeconds = r.ReadUInt16("keep alive");
        p.ClientId = r.ReadString("client identifier");
        if (will)
        {
            p.WillTopic = r.ReadString("will topic");
            string error = MqttTopic.ValidateTopicName(p.WillTopic);
            if (error != null) throw new MqttProtocolException("malformed CONNECT: will topic: " + error);
            p.WillPayload = r.ReadBinary("will message").ToArray();
            p.WillQos = willQos;
            p.WillRetain = willRetain;
        }
        if (hasUser) p.Username = r.ReadString("user name");
        if (hasPassword) p.Password = r.ReadBinary("password").ToArray();
        r.EnsureEnd();
        return p;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"CONNECT(client id \"{ClientId}\", clean {CleanSession}, keep-alive {KeepAliveSeconds} s" +
        (WillTopic != null ? $", will \"{WillTopic}\" QoS {WillQos}{(WillRetain ? " retained" : "")}" : "") +
        (Username != null ? $", user \"{Username}\"" : "") + (Password != null ? ", password set" : "") + ")";
}

/// <summary>CONNACK (§3.2).</summary>
public sealed class MqttConnAckPacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.ConnAck;

    /// <summary>Session present flag (§3.2.2.2).</summary>
    public bool SessionPresent { get; set; }

    /// <summary>Return code 0–5 (§3.2.2.3); 0 is accepted.</summary>
    public byte ReturnCode { get; set; }

    /// <inheritdoc />
    protected override int GetRemainingLength() => 2;

    /// <inheritdoc />
    protected override void WriteBody(Span<byte> d)
    {
        d[0] = (byte)(SessionPresent ? 1 : 0);
        d[1] = ReturnCode;
    }

    internal static MqttConnAckPacket DecodeBody(ReadOnlySpan<byte> body)
    {
        if ((body[0] & 0xFE) != 0)
            throw new MqttProtocolException("malformed CONNACK: reserved acknowledge flags are set (MQTT 3.1.1 §3.2.2.1)");
        if (body[1] > 5)
            throw new MqttProtocolException($"malformed CONNACK: unknown return code {body[1]} (MQTT 3.1.1 §3.2.2.3)");
        if (body[1] != 0 && body[0] != 0)
            throw new MqttProtocolException("malformed CONNACK: session present with a non-zero return code (MQTT 3.1.1 §3.2.2.2)");
        return new MqttConnAckPacket { SessionPresent = body[0] != 0, ReturnCode = body[1] };
    }

    /// <summary>Text for a CONNACK return code, for people (§3.2.2.3).</summary>
    public static string Describe(int returnCode) => returnCode switch
    {
        0 => "connection accepted",
        1 => "unacceptable protocol version",
        2 => "client identifier rejected",
        3 => "server unavailable",
        4 => "bad user name or password",
        5 => "not authorized",
        _ => $"unknown return code {returnCode}",
    };

    /// <inheritdoc />
    public override string ToString() => $"CONNACK({ReturnCode}: {Describe(ReturnCode)}{(SessionPresent ? ", session present" : "")})";
}

/// <summary>PUBLISH (§3.3).</summary>
public sealed class MqttPublishPacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Publish;

    /// <summary>Topic name (no wildcards).</summary>
    public string Topic { get; set; }

    /// <summary>Application message.</summary>
    public byte[] Payload { get; set; } = Array.Empty<byte>();

    /// <summary>QoS 0 or 1.</summary>
    public int Qos { get; set; }

    /// <summary>Re-delivery flag (§3.3.1.1); QoS 1 only.</summary>
    public bool Dup { get; set; }

    /// <summary>Retain flag (§3.3.1.3).</summary>
    public bool Retain { get; set; }

    /// <summary>Packet identifier, QoS 1 only (non-zero).</summary>
    public ushort PacketId { get; set; }

    private int _topicBytes;

    /// <inheritdoc />
    protected override byte Flags => (byte)((Dup && Qos > 0 ? 0x08 : 0) | (Qos << 1) | (Retain ? 1 : 0));

    /// <inheritdoc />
    protected override int GetRemainingLength()
    {
        if ((uint)Qos > 1) throw new ArgumentOutOfRangeException(nameof(Qos), "QoS must be 0 or 1.");
        if (Qos > 0 && PacketId == 0) throw new ArgumentException("A QoS 1 PUBLISH needs a non-zero packet identifier (§2.3.1).");
        string error = MqttTopic.ValidateTopicName(Topic);
        if (error != null) throw new ArgumentException(error);
        _topicBytes = MqttCodec.GetStringByteCount(Topic, "topic");
        long remaining = 2L + _topicBytes + (Qos > 0 ? 2 : 0) + (Payload?.Length ?? 0);
        if (remaining > MqttCodec.MaxRemainingLength)
            throw new ArgumentException($"PUBLISH of {remaining} bytes exceeds the MQTT maximum of 268,435,455 (§2.2.3).");
        return (int)remaining;
    }

    /// <inheritdoc />
    protected override void WriteBody(Span<byte> d)
    {
        int p = MqttCodec.WriteString(d, Topic, _topicBytes);
        if (Qos > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(d.Slice(p), PacketId);
            p += 2;
        }
        (Payload ?? Array.Empty<byte>()).CopyTo(d.Slice(p));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"PUBLISH(\"{Topic}\", QoS {Qos}{(Qos > 0 ? $", id {PacketId}" : "")}{(Dup ? ", DUP" : "")}{(Retain ? ", retained" : "")}, {Payload?.Length ?? 0} bytes)";
}

/// <summary>Base of the packets that carry only a packet identifier.</summary>
public abstract class MqttIdOnlyPacket : MqttPacket
{
    /// <summary>Packet identifier (non-zero).</summary>
    public ushort PacketId { get; set; }

    /// <inheritdoc />
    protected override int GetRemainingLength()
    {
        if (PacketId == 0) throw new ArgumentException("Packet identifiers are non-zero (§2.3.1).");
        return 2;
    }

    /// <inheritdoc />
    protected override void WriteBody(Span<byte> d) => BinaryPrimitives.WriteUInt16BigEndian(d, PacketId);

    /// <inheritdoc />
    public override string ToString() => $"{MqttCodec.Name(Type)}(id {PacketId})";
}

/// <summary>PUBACK (§3.4).</summary>
public sealed class MqttPubAckPacket : MqttIdOnlyPacket
{
    /// <summary>Creates a PUBACK for <paramref name="packetId"/>.</summary>
    public MqttPubAckPacket(ushort packetId) { PacketId = packetId; }

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PubAck;
}

/// <summary>UNSUBACK (§3.11).</summary>
public sealed class MqttUnsubAckPacket : MqttIdOnlyPacket
{
    /// <summary>Creates an UNSUBACK for <paramref name="packetId"/>.</summary>
    public MqttUnsubAckPacket(ushort packetId) { PacketId = packetId; }

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.UnsubAck;
}

/// <summary>One topic filter with its requested QoS, in a SUBSCRIBE.</summary>
public readonly struct MqttSubscription
{
    /// <summary>Creates a subscription entry.</summary>
    public MqttSubscription(string filter, int qos)
    {
        Filter = filter;
        Qos = qos;
    }

    /// <summary>Topic filter (§4.7).</summary>
    public string Filter { get; }

    /// <summary>Requested QoS 0–2 (§3.8.3).</summary>
    public int Qos { get; }

    /// <inheritdoc />
    public override string ToString() => $"\"{Filter}\" QoS {Qos}";
}

/// <summary>SUBSCRIBE (§3.8).</summary>
public sealed class MqttSubscribePacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Subscribe;

    /// <inheritdoc />
    protected override byte Flags => 2;

    /// <summary>Packet identifier (non-zero).</summary>
    public ushort PacketId { get; set; }

    /// <summary>At least one filter (§3.8.3).</summary>
    public IReadOnlyList<MqttSubscription> Subscriptions { get; set; } = Array.Empty<MqttSubscription>();

    /// <inheritdoc />
    protected override int GetRemainingLength()
    {
        if (PacketId == 0) throw new ArgumentException("Packet identifiers are non-zero (§2.3.1).");
        if (Subscriptions == null || Subscriptions.Count == 0) throw new ArgumentException("SUBSCRIBE needs at least one topic filter (§3.8.3).");
        int n = 2;
        foreach (var s in Subscriptions)
        {
            string error = MqttTopic.ValidateTopicFilter(s.Filter);
            if (error != null) throw new ArgumentException(error);
            if ((uint)s.Qos > 2) throw new ArgumentException("Requested QoS must be 0, 1 or 2 (§3.8.3.1).");
            n += 2 + MqttCodec.GetStringByteCount(s.Filter, "topic filter") + 1;
        }
        return n;
    }

    /// <inheritdoc />
    protected override void WriteBody(Span<byte> d)
    {
        BinaryPrimitives.WriteUInt16BigEndian(d, PacketId);
        int p = 2;
        foreach (var s in Subscriptions)
        {
            p += MqttCodec.WriteString(d.Slice(p), s.Filter, Encoding.UTF8.GetByteCount(s.Filter));
            d[p++] = (byte)s.Qos;
        }
    }

    internal static MqttSubscribePacket DecodeBody(ReadOnlySpan<byte> body)
    {
        var r = new BodyReader(body, "SUBSCRIBE");
        var p = new MqttSubscribePacket { PacketId = r.ReadPacketId() };
        var list = new List<MqttSubscription>();
        while (r.Remaining > 0)
        {
            string filter = r.ReadString("topic filter");
            string error = MqttTopic.ValidateTopicFilter(filter);
            if (error != null) throw new MqttProtocolException("malformed SUBSCRIBE: " + error);
            byte qos = r.ReadByte("requested QoS");
            if ((qos & 0xFC) != 0)
                throw new MqttProtocolException($"malformed SUBSCRIBE: requested QoS byte 0x{qos:X2} has reserved bits set (MQTT 3.1.1 §3.8.3.1)");
            if (qos == 3)
                throw new MqttProtocolException("malformed SUBSCRIBE: requested QoS is 3 (MQTT 3.1.1 §3.8.3.1)");
            list.Add(new MqttSubscription(filter, qos));
        }
        if (list.Count == 0)
            throw new MqttProtocolException("malformed SUBSCRIBE: no topic filter (MQTT 3.1.1 §3.8.3)");
        p.Subscriptions = list;
        return p;
    }

    /// <inheritdoc />
    public override string ToString() => $"SUBSCRIBE(id {PacketId}, {string.Join(", ", Subscriptions)})";
}

/// <summary>SUBACK (§3.9).</summary>
public sealed class MqttSubAckPacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.SubAck;

    /// <summary>Packet identifier of the SUBSCRIBE.</summary>
    public ushort PacketId { get; set; }

    /// <summary>Granted QoS 0–2, or <see cref="MqttCodec.SubscribeFailure"/> (0x80), one per filter.</summary>
    public byte[] ReturnCodes { get; set; } = Array.Empty<byte>();

    /// <inheritdoc />
    protected override int GetRemainingLength()
    {
        if (PacketId == 0) throw new ArgumentException("Packet identifiers are non-zero (§2.3.1).");
        if (ReturnCodes == null || ReturnCodes.Length == 0) throw new ArgumentException("SUBACK carries one return code per filter (§3.9.3).");
        foreach (byte c in ReturnCodes)
            if (c > 2 && c != MqttCodec.SubscribeFailure) throw new ArgumentException($"SUBACK return code 0x{c:X2} is not allowed (§3.9.3).");
        return 2 + ReturnCodes.Length;
    }

    /// <inheritdoc />
    protected override void WriteBody(Span<byte> d)
    {
        BinaryPrimitives.WriteUInt16BigEndian(d, PacketId);
        ReturnCodes.CopyTo(d.Slice(2));
    }

    internal static MqttSubAckPacket DecodeBody(ReadOnlySpan<byte> body)
    {
        var r = new BodyReader(body, "SUBACK");
        var p = new MqttSubAckPacket { PacketId = r.ReadPacketId() };
        var codes = r.ReadRest();
        if (codes.Length == 0)
            throw new MqttProtocolException("malformed SUBACK: no return code (MQTT 3.1.1 §3.9.3)");
        foreach (byte c in codes)
            if (c > 2 && c != MqttCodec.SubscribeFailure)
                throw new MqttProtocolException($"malformed SUBACK: return code 0x{c:X2} is reserved (MQTT 3.1.1 §3.9.3)");
        p.ReturnCodes = codes.ToArray();
        return p;
    }

    /// <inheritdoc />
    public override string ToString() => $"SUBACK(id {PacketId}, {BitConverter.ToString(ReturnCodes ?? Array.Empty<byte>())})";
}

/// <summary>UNSUBSCRIBE (§3.10).</summary>
public sealed class MqttUnsubscribePacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;

    /// <inheritdoc />
    protected override byte Flags => 2;

    /// <summary>Packet identifier (non-zero).</summary>
    public ushort PacketId { get; set; }

    /// <summary>At least one topic filter (§3.10.3).</summary>
    public IReadOnlyList<string> Filters { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override int GetRemainingLength()
    {
        if (PacketId == 0) throw new ArgumentException("Packet identifiers are non-zero (§2.3.1).");
        if (Filters == null || Filters.Count == 0) throw new ArgumentException("UNSUBSCRIBE needs at least one topic filter (§3.10.3).");
        int n = 2;
        foreach (string f in Filters)
        {
            string error = MqttTopic.ValidateTopicFilter(f);
            if (error != null) throw new ArgumentException(error);
            n += 2 + MqttCodec.GetStringByteCount(f, "topic filter");
        }
        return n;
    }

    /// <inheritdoc />
    protected override void WriteBody(Span<byte> d)
    {
        BinaryPrimitives.WriteUInt16BigEndian(d, PacketId);
        int p = 2;
        foreach (string f in Filters)
            p += MqttCodec.WriteString(d.Slice(p), f, Encoding.UTF8.GetByteCount(f));
    }

    internal static MqttUnsubscribePacket DecodeBody(ReadOnlySpan<byte> body)
    {
        var r = new BodyReader(body, "UNSUBSCRIBE");
        var p = new MqttUnsubscribePacket { PacketId = r.ReadPacketId() };
        var list = new List<string>();
        while (r.Remaining > 0)
        {
            string filter = r.ReadString("topic filter");
            string error = MqttTopic.ValidateTopicFilter(filter);
            if (error != null) throw new MqttProtocolException("malformed UNSUBSCRIBE: " + error);
            list.Add(filter);
        }
        if (list.Count == 0)
            throw new MqttProtocolException("malformed UNSUBSCRIBE: no topic filter (MQTT 3.1.1 §3.10.3)");
        p.Filters = list;
        return p;
    }

    /// <inheritdoc />
    public override string ToString() => $"UNSUBSCRIBE(id {PacketId}, \"{string.Join("\", \"", Filters)}\")";
}

/// <summary>Base of the packets with no variable header and no payload.</summary>
public abstract class MqttEmptyPacket : MqttPacket
{
    /// <inheritdoc />
    protected override int GetRemainingLength() => 0;

    /// <inheritdoc />
    protected override void WriteBody(Span<byte> destination) { }
}

/// <summary>PINGREQ (§3.12).</summary>
public sealed class MqttPingReqPacket : MqttEmptyPacket
{
    /// <summary>The single instance.</summary>
    public static readonly MqttPingReqPacket Instance = new MqttPingReqPacket();

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PingReq;
}

/// <summary>PINGRESP (§3.13).</summary>
public sealed class MqttPingRespPacket : MqttEmptyPacket
{
    /// <summary>The single instance.</summary>
    public static readonly MqttPingRespPacket Instance = new MqttPingRespPacket();

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PingResp;
}

/// <summary>DISCONNECT (§3.14).</summary>
public sealed class MqttDisconnectPacket : MqttEmptyPacket
{
    /// <summary>The single instance.</summary>
    public static readonly MqttDisconnectPacket Instance = new MqttDisconnectPacket();

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Disconnect;
}
