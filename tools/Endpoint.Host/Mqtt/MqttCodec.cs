using System;
using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Endpoint.Host.Mqtt;

/// <summary>
/// Pure-bytes MQTT 3.1.1 codec primitives: the fixed header, the remaining length, strings,
/// framing of a byte stream into packets, and allocation-free fast paths for the packets on the
/// hot path (PUBLISH, PUBACK, PINGREQ/PINGRESP). No sockets here: the channel
/// (<see cref="MqttClient"/>, the hub's TCP side) owns the I/O and calls into this class.
/// </summary>
public static class MqttCodec
{
    /// <summary>Largest remaining length the 4-byte variable encoding can carry (§2.2.3): 268,435,455.</summary>
    public const int MaxRemainingLength = 268_435_455;

    /// <summary>Protocol level of MQTT 3.1.1 in CONNECT (§3.1.2.2).</summary>
    public const byte ProtocolLevel = 4;

    /// <summary>Largest UTF-8 string or binary field: a two-byte length prefix (§1.5.3).</summary>
    public const int MaxStringLength = 65535;

    /// <summary>SUBACK return code for a refused subscription (§3.9.3).</summary>
    public const byte SubscribeFailure = 0x80;

    /// <summary>Strict UTF-8: lone surrogates throw instead of turning into U+FFFD.</summary>
    internal static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

    // ---------------------------------------------------------------- remaining length (§2.2.3)

    /// <summary>Bytes the remaining length <paramref name="value"/> takes on the wire (1–4).</summary>
    public static int GetRemainingLengthSize(int value)
    {
        if ((uint)value > MaxRemainingLength)
            throw new ArgumentOutOfRangeException(nameof(value), "MQTT remaining length must be 0–268,435,455 (§2.2.3).");
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    /// <summary>Writes the variable-length remaining length; returns the bytes written (1–4).</summary>
    public static int WriteRemainingLength(Span<byte> destination, int value)
    {
        if ((uint)value > MaxRemainingLength)
            throw new ArgumentOutOfRangeException(nameof(value), "MQTT remaining length must be 0–268,435,455 (§2.2.3).");
        int i = 0;
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value > 0) b |= 0x80;
            destination[i++] = b;
        } while (value > 0);
        return i;
    }

    /// <summary>
    /// Reads a fixed header from the start of <paramref name="buffer"/>. Returns false when more
    /// bytes are needed; throws <see cref="MqttProtocolException"/> when the remaining length runs
    /// past four bytes (§2.2.3).
    /// </summary>
    public static bool TryReadFixedHeader(ReadOnlySpan<byte> buffer, out byte firstByte, out int remainingLength, out int headerLength)
    {
        firstByte = 0;
        remainingLength = 0;
        headerLength = 0;
        if (buffer.Length < 1) return false;
        firstByte = buffer[0];
        int value = 0;
        for (int i = 1; ; i++)
        {
            if (i > 4)
                throw new MqttProtocolException("malformed fixed header: the remaining length continues past 4 bytes (MQTT 3.1.1 §2.2.3)");
            if (i >= buffer.Length) return false;
            byte b = buffer[i];
            value |= (b & 0x7F) << (7 * (i - 1));
            if ((b & 0x80) == 0)
            {
                remainingLength = value;
                headerLength = i + 1;
                return true;
            }
        }
    }

    /// <summary>
    /// Frames one packet at the start of <paramref name="buffer"/>. Returns false when more bytes
    /// are needed. Validates what the fixed header alone can tell — packet type, flags (§2.2.2),
    /// remaining length encoding and size limits, fixed body sizes — as soon as those bytes are
    /// present, so a bad stream fails fast instead of waiting for a body that never comes.
    /// </summary>
    /// <param name="buffer">Buffered bytes, starting at a packet boundary.</param>
    /// <param name="maxPacketSize">Largest whole packet accepted (header included).</param>
    /// <param name="firstByte">Packet type and flags.</param>
    /// <param name="headerLength">Fixed header length (2–5).</param>
    /// <param name="remainingLength">Body length.</param>
    public static bool TryFrame(ReadOnlySpan<byte> buffer, int maxPacketSize, out byte firstByte, out int headerLength, out int remainingLength)
    {
        headerLength = 0;
        remainingLength = 0;
        firstByte = 0;
        if (buffer.Length < 1) return false;
        ValidateFirstByte(buffer[0]);
        if (!TryReadFixedHeader(buffer, out firstByte, out remainingLength, out headerLength)) return false;
        ValidateRemainingLength((MqttPacketType)(firstByte >> 4), remainingLength);
        if ((long)headerLength + remainingLength > maxPacketSize)
            throw new MqttProtocolException($"{Name(firstByte)} of {headerLength + (long)remainingLength} bytes exceeds the {maxPacketSize}-byte packet limit");
        return buffer.Length >= headerLength + remainingLength;
    }

    /// <summary>Checks the packet type and the fixed-header flags (§2.2.1, §2.2.2, §3.3.1).</summary>
    public static void ValidateFirstByte(byte firstByte)
    {
        int type = firstByte >> 4;
        int flags = firstByte & 0x0F;
        switch ((MqttPacketType)type)
        {
            case MqttPacketType.Publish:
                int qos = (flags >> 1) & 3;
                if (qos == 3)
                    throw new MqttProtocolException("malformed PUBLISH: QoS bits are 3 (MQTT 3.1.1 §3.3.1.2)");
                if (qos == 2)
                    throw new MqttProtocolException("PUBLISH with QoS 2 is not supported by this implementation (QoS 0 and 1 only)");
                if (qos == 0 && (flags & 0x08) != 0)
                    throw new MqttProtocolException("malformed PUBLISH: DUP is set on a QoS 0 message (MQTT 3.1.1 §3.3.1.1)");
                return;
            case MqttPacketType.PubRec:
            case MqttPacketType.PubRel:
            case MqttPacketType.PubComp:
                throw new MqttProtocolException($"{Name(firstByte)} belongs to QoS 2, which this implementation does not support");
            case MqttPacketType.Subscribe:
            case MqttPacketType.Unsubscribe:
                if (flags != 2)
                    throw new MqttProtocolException($"malformed {Name(firstByte)}: fixed-header flags are 0x{flags:X} instead of 0x2 (MQTT 3.1.1 §2.2.2)");
                return;
            case MqttPacketType.Connect:
            case MqttPacketType.ConnAck:
            case MqttPacketType.PubAck:
            case MqttPacketType.SubAck:
            case MqttPacketType.UnsubAck:
            case MqttPacketType.PingReq:
            case MqttPacketType.PingResp:
            case MqttPacketType.Disconnect:
                if (flags != 0)
                    throw new MqttProtocolException($"malformed {Name(firstByte)}: fixed-header flags are 0x{flags:X} instead of 0x0 (MQTT 3.1.1 §2.2.2)");
                return;
            default:
                throw new MqttProtocolException($"reserved packet type {type} (MQTT 3.1.1 §2.2.1)");
        }
    }

    private static void ValidateRemainingLength(MqttPacketType type, int length)
    {
        int expected;
        switch (type)
        {
            case MqttPacketType.ConnAck:
            case MqttPacketType.PubAck:
            case MqttPacketType.UnsubAck:
                expected = 2;
                break;
            case MqttPacketType.PingReq:
            case MqttPacketType.PingResp:
            case MqttPacketType.Disconnect:
                expected = 0;
                break;
            default:
                return;
        }
        if (length != expected)
            throw new MqttProtocolException($"malformed {type.ToString().ToUpperInvariant()}: remaining length is {length} instead of {expected}");
    }

    /// <summary>Upper-case wire name of the packet type in <paramref name="firstByte"/>, for messages.</summary>
    public static string Name(byte firstByte) => Name((MqttPacketType)(firstByte >> 4));

    /// <summary>Upper-case wire name of a packet type (CONNECT, PUBACK, …), for messages.</summary>
    public static string Name(MqttPacketType type) => type switch
    {
        MqttPacketType.Connect => "CONNECT",
        MqttPacketType.ConnAck => "CONNACK",
        MqttPacketType.Publish => "PUBLISH",
        MqttPacketType.PubAck => "PUBACK",
        MqttPacketType.PubRec => "PUBREC",
        MqttPacketType.PubRel => "PUBREL",
        MqttPacketType.PubComp => "PUBCOMP",
        MqttPacketType.Subscribe => "SUBSCRIBE",
        MqttPacketType.SubAck => "SUBACK",
        MqttPacketType.Unsubscribe => "UNSUBSCRIBE",
        MqttPacketType.UnsubAck => "UNSUBACK",
        MqttPacketType.PingReq => "PINGREQ",
        MqttPacketType.PingResp => "PINGRESP",
        MqttPacketType.Disconnect => "DISCONNECT",
        _ => $"packet type {(int)type}",
    };

    // ---------------------------------------------------------------- strings (§1.5.3)

    /// <summary>
    /// UTF-8 byte count of an MQTT string; throws <see cref="ArgumentException"/> when the string
    /// cannot go on the wire: lone surrogates, U+0000, or more than 65,535 bytes (§1.5.3).
    /// </summary>
    public static int GetStringByteCount(string value, string what)
    {
        if (value == null) throw new ArgumentNullException(what);
        if (value.IndexOf('\0') >= 0)
            throw new ArgumentException($"{what} contains U+0000, which MQTT strings must not (§1.5.3).", what);
        int n;
        try
        {
            n = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException($"{what} is not well-formed Unicode (a lone surrogate), which MQTT strings must not be (§1.5.3).", what);
        }
        if (n > MaxStringLength)
            throw new ArgumentException($"{what} is {n} bytes of UTF-8; MQTT strings hold at most 65,535 (§1.5.3).", what);
        return n;
    }

    /// <summary>Writes a length-prefixed UTF-8 string whose byte count is <paramref name="byteCount"/>; returns bytes written.</summary>
    public static int WriteString(Span<byte> destination, string value, int byteCount)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)byteCount);
        int written = Encoding.UTF8.GetBytes(value, destination.Slice(2));
        return 2 + written;
    }

    /// <summary>Writes a length-prefixed binary field (§1.5.3 style, used for will message and password); returns bytes written.</summary>
    public static int WriteBinary(Span<byte> destination, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)value.Length);
        value.CopyTo(destination.Slice(2));
        return 2 + value.Length;
    }

    /// <summary>
    /// Decodes MQTT UTF-8 string bytes (no length prefix): well-formed UTF-8 with no U+0000
    /// (§1.5.3), else <see cref="MqttProtocolException"/> naming <paramref name="what"/>.
    /// </summary>
    public static string DecodeString(ReadOnlySpan<byte> utf8, string what)
    {
        if (utf8.IndexOf((byte)0) >= 0)
            throw new MqttProtocolException($"{what} contains U+0000 (MQTT 3.1.1 §1.5.3)");
        if (!Utf8.IsValid(utf8))
            throw new MqttProtocolException($"{what} is not well-formed UTF-8 (MQTT 3.1.1 §1.5.3)");
        return Encoding.UTF8.GetString(utf8);
    }

    // ---------------------------------------------------------------- hot-path encoders

    /// <summary>Whole PUBLISH packet length for a topic of <paramref name="topicByteCount"/> UTF-8 bytes.</summary>
    public static int GetPublishLength(int topicByteCount, int payloadLength, int qos)
    {
        long remaining = 2L + topicByteCount + (qos > 0 ? 2 : 0) + payloadLength;
        if (remaining > MaxRemainingLength)
            throw new ArgumentException($"PUBLISH of {remaining} bytes exceeds the MQTT maximum of 268,435,455 (§2.2.3).");
        return 1 + GetRemainingLengthSize((int)remaining) + (int)remaining;
    }

    /// <summary>
    /// Writes a PUBLISH (§3.3). The topic must already be validated and its UTF-8 byte count known.
    /// <paramref name="packetId"/> is written only for QoS 1 and must then be non-zero (§2.3.1).
    /// Returns the bytes written.
    /// </summary>
    public static int WritePublish(Span<byte> destination, string topic, int topicByteCount, ReadOnlySpan<byte> payload, int qos, bool retain, bool dup, ushort packetId)
    {
        if ((uint)qos > 1) throw new ArgumentOutOfRangeException(nameof(qos), "QoS must be 0 or 1.");
        if (qos > 0 && packetId == 0) throw new ArgumentOutOfRangeException(nameof(packetId), "A QoS 1 PUBLISH needs a non-zero packet identifier (§2.3.1).");
        int remaining = 2 + topicByteCount + (qos > 0 ? 2 : 0) + payload.Length;
        destination[0] = (byte)(0x30 | (dup && qos > 0 ? 0x08 : 0) | (qos << 1) | (retain ? 0x01 : 0));
        int p = 1 + WriteRemainingLength(destination.Slice(1), remaining);
        p += WriteString(destination.Slice(p), topic, topicByteCount);
        if (qos > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(p), packetId);
            p += 2;
        }
        payload.CopyTo(destination.Slice(p));
        return p + payload.Length;
    }

    /// <summary>Writes a 4-byte packet that carries only a packet identifier (PUBACK §3.4, UNSUBACK §3.11).</summary>
    public static int WriteIdOnly(Span<byte> destination, MqttPacketType type, ushort packetId)
    {
        destination[0] = (byte)((int)type << 4);
        destination[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), packetId);
        return 4;
    }

    /// <summary>Writes a 2-byte packet with no body (PINGREQ, PINGRESP, DISCONNECT).</summary>
    public static int WriteEmpty(Span<byte> destination, MqttPacketType type)
    {
        destination[0] = (byte)((int)type << 4);
        destination[1] = 0;
        return 2;
    }

    // ---------------------------------------------------------------- hot-path decoders

    /// <summary>
    /// Decodes a PUBLISH body without allocating a packet object: the topic is a new string, the
    /// payload a slice of <paramref name="body"/> the caller must copy if it keeps it.
    /// </summary>
    public static void DecodePublish(byte firstByte, ReadOnlySpan<byte> body, out string topic, out ReadOnlySpan<byte> payload, out int qos, out bool dup, out bool retain, out ushort packetId)
    {
        ValidateFirstByte(firstByte);
        if ((firstByte >> 4) != (int)MqttPacketType.Publish)
            throw new MqttProtocolException($"expected PUBLISH, got {Name(firstByte)}");
        qos = (firstByte >> 1) & 3;
        dup = (firstByte & 0x08) != 0;
        retain = (firstByte & 0x01) != 0;
        var r = new BodyReader(body, "PUBLISH");
        topic = r.ReadString("topic name");
        if (topic.Length == 0)
            throw new MqttProtocolException("malformed PUBLISH: empty topic name (MQTT 3.1.1 §4.7.3)");
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
            throw new MqttProtocolException("malformed PUBLISH: topic name contains a wildcard (MQTT 3.1.1 §3.3.2.1)");
        packetId = 0;
        if (qos > 0) packetId = r.ReadPacketId();
        payload = r.ReadRest();
    }

    /// <summary>Decodes the packet identifier of a PUBACK or UNSUBACK body (non-zero, §2.3.1).</summary>
    public static ushort DecodeIdOnly(byte firstByte, ReadOnlySpan<byte> body)
    {
        ValidateFirstByte(firstByte);
        var r = new BodyReader(body, Name(firstByte));
        ushort id = r.ReadPacketId();
        r.EnsureEnd();
        return id;
    }

    /// <summary>
    /// Decodes one packet from its first byte and body (the bytes after the fixed header), with
    /// full validation. Throws only <see cref="MqttProtocolException"/>.
    /// </summary>
    public static MqttPacket Decode(byte firstByte, ReadOnlySpan<byte> body)
    {
        ValidateFirstByte(firstByte);
        ValidateRemainingLength((MqttPacketType)(firstByte >> 4), body.Length);
        switch ((MqttPacketType)(firstByte >> 4))
        {
            case MqttPacketType.Connect: return MqttConnectPacket.DecodeBody(body);
            case MqttPacketType.ConnAck: return MqttConnAckPacket.DecodeBody(body);
            case MqttPacketType.Publish:
                DecodePublish(firstByte, body, out string topic, out ReadOnlySpan<byte> payload, out int qos, out bool dup, out bool retain, out ushort id);
                return new MqttPublishPacket { Topic = topic, Payload = payload.ToArray(), Qos = qos, Dup = dup, Retain = retain, PacketId = id };
            case MqttPacketType.PubAck: return new MqttPubAckPacket(DecodeIdOnly(firstByte, body));
            case MqttPacketType.Subscribe: return MqttSubscribePacket.DecodeBody(body);
            case MqttPacketType.SubAck: return MqttSubAckPacket.DecodeBody(body);
            case MqttPacketType.Unsubscribe: return MqttUnsubscribePacket.DecodeBody(body);
            case MqttPacketType.UnsubAck: return new MqttUnsubAckPacket(DecodeIdOnly(firstByte, body));
            case MqttPacketType.PingReq: return MqttPingReqPacket.Instance;
            case MqttPacketType.PingResp: return MqttPingRespPacket.Instance;
            case MqttPacketType.Disconnect: return MqttDisconnectPacket.Instance;
            default: throw new MqttProtocolException($"reserved packet type {firstByte >> 4} (MQTT 3.1.1 §2.2.1)");
        }
    }

    /// <summary>
    /// Decodes one whole packet (fixed header included) that must fill <paramref name="packet"/>
    /// exactly; convenient for tests and tools.
    /// </summary>
    public static MqttPacket Decode(ReadOnlySpan<byte> packet)
    {
        if (!TryFrame(packet, int.MaxValue, out byte first, out int header, out int remaining))
            throw new MqttProtocolException($"truncated packet: {packet.Length} bytes is less than the packet's length");
        if (header + remaining != packet.Length)
            throw new MqttProtocolException($"{packet.Length - header - remaining} bytes after the end of the {Name(first)} packet");
        return Decode(first, packet.Slice(header, remaining));
    }
}

/// <summary>Sequential reader over a packet body that turns every overrun into a <see cref="MqttProtocolException"/>.</summary>
internal ref struct BodyReader
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly string _packet;
    private int _pos;

    public BodyReader(ReadOnlySpan<byte> body, string packet)
    {
        _body = body;
        _packet = packet;
        _pos = 0;
    }

    public int Remaining => _body.Length - _pos;

    private void Need(int count, string what)
    {
        if (Remaining < count)
            throw new MqttProtocolException($"malformed {_packet}: truncated {what} (needs {count} bytes, {Remaining} left)");
    }

    public byte ReadByte(string what)
    {
        Need(1, what);
        return _body[_pos++];
    }

    public ushort ReadUInt16(string what)
    {
        Need(2, what);
        ushort v = BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(_pos));
        _pos += 2;
        return v;
    }

    public ushort ReadPacketId()
    {
        ushort id = ReadUInt16("packet identifier");
        if (id == 0)
            throw new MqttProtocolException($"malformed {_packet}: packet identifier is 0 (MQTT 3.1.1 §2.3.1)");
        return id;
    }

    public ReadOnlySpan<byte> ReadBinary(string what)
    {
        int n = ReadUInt16(what + " length");
        Need(n, what);
        var s = _body.Slice(_pos, n);
        _pos += n;
        return s;
    }

    public string ReadString(string what)
    {
        var bytes = ReadBinary(what);
        return MqttCodec.DecodeString(bytes, $"malformed {_packet}: {what}");
    }

    public ReadOnlySpan<byte> ReadRest()
    {
        var s = _body.Slice(_pos);
        _pos = _body.Length;
        return s;
    }

    public void EnsureEnd()
    {
        if (Remaining != 0)
            throw new MqttProtocolException($"malformed {_packet}: {Remaining} unexpected bytes at the end");
    }
}
