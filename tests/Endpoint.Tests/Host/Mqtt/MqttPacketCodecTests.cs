using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Endpoint.Host.Mqtt;

namespace Endpoint.Tests.Host.Mqtt;

/// <summary>
/// Golden bytes for every packet the codec writes and reads, hand-checked against the MQTT
/// 3.1.1 spec (OASIS Standard, 29 October 2014), plus malformed and random input.
/// </summary>
public class MqttPacketCodecTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    // §3.1: 10 = CONNECT, 0x26 = 38 bytes; "MQTT" level 4; flags EE = user|password|will retain|will QoS 1|will|clean;
    // keep-alive 60; client id "dev1"; will topic "d/s"; will message "off"; user "user"; password "pass".
    private const string ConnectFull =
        "10 26 0004 4D515454 04 EE 003C 0004 64657631 0003 642F73 0003 6F6666 0004 75736572 0004 70617373";

    // §3.1: empty client id, clean session (flags 02), keep-alive 0.
    private const string ConnectMinimal = "10 0C 0004 4D515454 04 02 0000 0000";

    private static MqttConnectPacket FullConnect() => new MqttConnectPacket
    {
        ClientId = "dev1",
        CleanSession = true,
        KeepAliveSeconds = 60,
        WillTopic = "d/s",
        WillPayload = Encoding.UTF8.GetBytes("off"),
        WillQos = 1,
        WillRetain = true,
        Username = "user",
        Password = Encoding.UTF8.GetBytes("pass"),
    };

    // ------------------------------------------------------------------ CONNECT

    [Fact]
    public void Encode_ConnectWithWillAndCredentials_MatchesGoldenBytes()
    {
        Assert.Equal(ToHex(Hex(ConnectFull)), ToHex(FullConnect().ToArray()));
    }

    [Fact]
    public void Decode_ConnectWithWillAndCredentials_ReadsEveryField()
    {
        var p = Assert.IsType<MqttConnectPacket>(MqttCodec.Decode(Hex(ConnectFull)));
        Assert.Equal(4, p.ProtocolLevel);
        Assert.Equal("dev1", p.ClientId);
        Assert.True(p.CleanSession);
        Assert.Equal(60, p.KeepAliveSeconds);
        Assert.Equal("d/s", p.WillTopic);
        Assert.Equal("off", Encoding.UTF8.GetString(p.WillPayload));
        Assert.Equal(1, p.WillQos);
        Assert.True(p.WillRetain);
        Assert.Equal("user", p.Username);
        Assert.Equal("pass", Encoding.UTF8.GetString(p.Password));
    }

    [Fact]
    public void Encode_ConnectMinimal_MatchesGoldenBytes()
    {
        var p = new MqttConnectPacket { ClientId = "", CleanSession = true, KeepAliveSeconds = 0 };
        Assert.Equal(ToHex(Hex(ConnectMinimal)), ToHex(p.ToArray()));
    }

    [Fact]
    public void Decode_ConnectMinimal_HasNoWillNoCredentials()
    {
        var p = Assert.IsType<MqttConnectPacket>(MqttCodec.Decode(Hex(ConnectMinimal)));
        Assert.Equal("", p.ClientId);
        Assert.True(p.CleanSession);
        Assert.Equal(0, p.KeepAliveSeconds);
        Assert.Null(p.WillTopic);
        Assert.Null(p.Username);
        Assert.Null(p.Password);
    }

    [Fact]
    public void ToString_ConnectWithPassword_DoesNotShowThePassword()
    {
        var p = FullConnect();
        p.Password = Encoding.UTF8.GetBytes("s3cr3t-pw");
        Assert.DoesNotContain("s3cr3t-pw", p.ToString());
    }

    [Fact]
    public void Encode_ConnectPasswordWithoutUser_Throws()
    {
        var p = new MqttConnectPacket { ClientId = "x", Password = new byte[] { 1 } };
        Assert.Throws<ArgumentException>(() => p.ToArray());
    }

    // ------------------------------------------------------------------ CONNACK

    [Theory]
    [InlineData("20 02 00 00", false, 0)]
    [InlineData("20 02 01 00", true, 0)]
    [InlineData("20 02 00 04", false, 4)]
    [InlineData("20 02 00 05", false, 5)]
    public void EncodeDecode_ConnAck_MatchesGoldenBytes(string hex, bool sessionPresent, byte code)
    {
        var p = new MqttConnAckPacket { SessionPresent = sessionPresent, ReturnCode = code };
        Assert.Equal(ToHex(Hex(hex)), ToHex(p.ToArray()));
        var d = Assert.IsType<MqttConnAckPacket>(MqttCodec.Decode(Hex(hex)));
        Assert.Equal(sessionPresent, d.SessionPresent);
        Assert.Equal(code, d.ReturnCode);
    }

    // ------------------------------------------------------------------ PUBLISH

    // §3.3: topic "a/b" (00 03 61 2F 62), payload "hi" (68 69); QoS 1 adds packet id 000A.
    [Theory]
    [InlineData("30 07 0003 612F62 6869", 0, false, false, 0)]
    [InlineData("31 07 0003 612F62 6869", 0, true, false, 0)]
    [InlineData("32 09 0003 612F62 000A 6869", 1, false, false, 10)]
    [InlineData("33 09 0003 612F62 000A 6869", 1, true, false, 10)]
    [InlineData("3A 09 0003 612F62 000A 6869", 1, false, true, 10)]
    [InlineData("3B 09 0003 612F62 000A 6869", 1, true, true, 10)]
    public void EncodeDecode_Publish_MatchesGoldenBytes(string hex, int qos, bool retain, bool dup, int id)
    {
        var p = new MqttPublishPacket { Topic = "a/b", Payload = Encoding.UTF8.GetBytes("hi"), Qos = qos, Retain = retain, Dup = dup, PacketId = (ushort)id };
        Assert.Equal(ToHex(Hex(hex)), ToHex(p.ToArray()));

        // The allocation-free path writes the same bytes.
        var fast = new byte[MqttCodec.GetPublishLength(3, 2, qos)];
        int n = MqttCodec.WritePublish(fast, "a/b", 3, "hi"u8, qos, retain, dup, (ushort)id);
        Assert.Equal(fast.Length, n);
        Assert.Equal(ToHex(Hex(hex)), ToHex(fast));

        var d = Assert.IsType<MqttPublishPacket>(MqttCodec.Decode(Hex(hex)));
        Assert.Equal("a/b", d.Topic);
        Assert.Equal("hi", Encoding.UTF8.GetString(d.Payload));
        Assert.Equal(qos, d.Qos);
        Assert.Equal(retain, d.Retain);
        Assert.Equal(dup, d.Dup);
        Assert.Equal(id, d.PacketId);
    }

    [Fact]
    public void Encode_PublishQos0WithDup_ClearsDup()
    {
        // §3.3.1.1: DUP MUST be 0 for QoS 0.
        var p = new MqttPublishPacket { Topic = "a/b", Payload = Encoding.UTF8.GetBytes("hi"), Qos = 0, Dup = true };
        Assert.Equal(0x30, p.ToArray()[0]);
    }

    [Fact]
    public void Decode_PublishWithMultiByteUtf8Topic_ReadsTopic()
    {
        // "é/ü" = C3 A9 2F C3 BC (5 bytes), empty payload.
        var d = Assert.IsType<MqttPublishPacket>(MqttCodec.Decode(Hex("30 07 0005 C3A92FC3BC")));
        Assert.Equal("é/ü", d.Topic);
        Assert.Empty(d.Payload);
    }

    // ------------------------------------------------------------------ PUBACK, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK

    [Fact]
    public void EncodeDecode_PubAck_MatchesGoldenBytes()
    {
        Assert.Equal("4002000A", ToHex(new MqttPubAckPacket(10).ToArray()));
        var fast = new byte[4];
        MqttCodec.WriteIdOnly(fast, MqttPacketType.PubAck, 10);
        Assert.Equal("4002000A", ToHex(fast));
        Assert.Equal(10, Assert.IsType<MqttPubAckPacket>(MqttCodec.Decode(Hex("40 02 00 0A"))).PacketId);
    }

    // §3.8: 82 (type 8, flags 0010), id 1, "a/+" QoS 1, "#" QoS 0.
    private const string SubscribeGolden = "82 0C 0001 0003 612F2B 01 0001 23 00";

    [Fact]
    public void Encode_Subscribe_MatchesGoldenBytes()
    {
        var p = new MqttSubscribePacket { PacketId = 1, Subscriptions = new[] { new MqttSubscription("a/+", 1), new MqttSubscription("#", 0) } };
        Assert.Equal(ToHex(Hex(SubscribeGolden)), ToHex(p.ToArray()));
    }

    [Fact]
    public void Decode_Subscribe_ReadsFiltersAndQos()
    {
        var p = Assert.IsType<MqttSubscribePacket>(MqttCodec.Decode(Hex(SubscribeGolden)));
        Assert.Equal(1, p.PacketId);
        Assert.Equal(new[] { "a/+", "#" }, p.Subscriptions.Select(s => s.Filter));
        Assert.Equal(new[] { 1, 0 }, p.Subscriptions.Select(s => s.Qos));
    }

    [Fact]
    public void EncodeDecode_SubAckWithFailure_MatchesGoldenBytes()
    {
        // §3.9.3: 0x80 is the failure return code.
        var p = new MqttSubAckPacket { PacketId = 1, ReturnCodes = new byte[] { 1, 0x80 } };
        Assert.Equal("9004000101" + "80", ToHex(p.ToArray()));
        var d = Assert.IsType<MqttSubAckPacket>(MqttCodec.Decode(Hex("90 04 0001 01 80")));
        Assert.Equal(new byte[] { 1, 0x80 }, d.ReturnCodes);
    }

    [Fact]
    public void EncodeDecode_Unsubscribe_MatchesGoldenBytes()
    {
        // §3.10: A2 (type 10, flags 0010), id 2, "a/+".
        var p = new MqttUnsubscribePacket { PacketId = 2, Filters = new[] { "a/+" } };
        Assert.Equal("A20700020003612F2B", ToHex(p.ToArray()));
        var d = Assert.IsType<MqttUnsubscribePacket>(MqttCodec.Decode(Hex("A2 07 0002 0003 612F2B")));
        Assert.Equal(2, d.PacketId);
        Assert.Equal(new[] { "a/+" }, d.Filters);
    }

    [Fact]
    public void EncodeDecode_UnsubAck_MatchesGoldenBytes()
    {
        Assert.Equal("B0020002", ToHex(new MqttUnsubAckPacket(2).ToArray()));
        Assert.Equal(2, Assert.IsType<MqttUnsubAckPacket>(MqttCodec.Decode(Hex("B0 02 00 02"))).PacketId);
    }

    [Fact]
    public void EncodeDecode_PingReqPingRespDisconnect_MatchGoldenBytes()
    {
        Assert.Equal("C000", ToHex(MqttPingReqPacket.Instance.ToArray()));
        Assert.Equal("D000", ToHex(MqttPingRespPacket.Instance.ToArray()));
        Assert.Equal("E000", ToHex(MqttDisconnectPacket.Instance.ToArray()));
        Assert.IsType<MqttPingReqPacket>(MqttCodec.Decode(Hex("C0 00")));
        Assert.IsType<MqttPingRespPacket>(MqttCodec.Decode(Hex("D0 00")));
        Assert.IsType<MqttDisconnectPacket>(MqttCodec.Decode(Hex("E0 00")));
    }

    // ------------------------------------------------------------------ remaining length (§2.2.3)

    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7F")]
    [InlineData(128, "8001")]
    [InlineData(16383, "FF7F")]
    [InlineData(16384, "808001")]
    [InlineData(2097151, "FFFF7F")]
    [InlineData(2097152, "80808001")]
    [InlineData(268435455, "FFFFFF7F")]
    public void RemainingLength_Boundaries_EncodeAndDecodeAsSpecTable(int value, string hex)
    {
        var buf = new byte[4];
        int n = MqttCodec.WriteRemainingLength(buf, value);
        Assert.Equal(hex, ToHex(buf.AsSpan(0, n)));
        Assert.Equal(n, MqttCodec.GetRemainingLengthSize(value));

        var header = Hex("30" + hex);
        Assert.True(MqttCodec.TryReadFixedHeader(header, out byte first, out int length, out int headerLength));
        Assert.Equal(0x30, first);
        Assert.Equal(value, length);
        Assert.Equal(1 + n, headerLength);
    }

    [Theory]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16383)]
    [InlineData(16384)]
    [InlineData(2097151)]
    [InlineData(2097152)]
    public void Publish_RemainingLengthBoundaries_RoundTrip(int remaining)
    {
        // Topic "t": remaining = 2 + 1 + payload (QoS 0).
        var payload = new byte[remaining - 3];
        new Random(remaining).NextBytes(payload);
        var bytes = new MqttPublishPacket { Topic = "t", Payload = payload }.ToArray();
        Assert.Equal(1 + MqttCodec.GetRemainingLengthSize(remaining) + remaining, bytes.Length);
        var d = Assert.IsType<MqttPublishPacket>(MqttCodec.Decode(bytes));
        Assert.Equal(payload, d.Payload);
    }

    [Fact]
    public void RemainingLength_AboveMaximum_EncodeThrows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MqttCodec.WriteRemainingLength(new byte[5], 268_435_456));
        Assert.Throws<ArgumentOutOfRangeException>(() => MqttCodec.GetRemainingLengthSize(268_435_456));
    }

    [Fact]
    public void RemainingLength_FiveBytes_DecodeThrowsProtocolException()
    {
        var e = Assert.Throws<MqttProtocolException>(() => MqttCodec.TryReadFixedHeader(Hex("30 FF FF FF FF 01"), out _, out _, out _));
        Assert.Contains("4 bytes", e.Message);
        var decoder = new MqttPacketDecoder();
        decoder.Feed(Hex("30 FF FF FF 80"));
        Assert.Throws<MqttProtocolException>(() => decoder.TryDecode(out _));
    }

    [Fact]
    public void Decoder_MaximumRemainingLengthHeader_WaitsForBody()
    {
        var decoder = new MqttPacketDecoder();
        decoder.Feed(Hex("30 FF FF FF 7F 00 01 74"));
        Assert.False(decoder.TryDecode(out _));
    }

    [Fact]
    public void Decoder_PacketAboveLimit_ThrowsBeforeTheBodyArrives()
    {
        var decoder = new MqttPacketDecoder(maxPacketSize: 1024);
        decoder.Feed(Hex("30 80 10")); // 2048-byte body announced
        var e = Assert.Throws<MqttProtocolException>(() => decoder.TryDecode(out _));
        Assert.Contains("1024", e.Message);
    }

    // ------------------------------------------------------------------ streaming

    [Fact]
    public void Decoder_StreamFedOneByteAtATime_YieldsEveryPacketInOrder()
    {
        var stream = Hex(ConnectFull + "20020000" + "3209 0003 612F62 000A 6869" + "4002000A" + SubscribeGolden + "C000" + "E000");
        var decoder = new MqttPacketDecoder();
        var packets = new List<MqttPacket>();
        foreach (byte b in stream)
        {
            decoder.Feed(new[] { b });
            while (decoder.TryDecode(out var p)) packets.Add(p);
        }
        Assert.Equal(
            new[] { MqttPacketType.Connect, MqttPacketType.ConnAck, MqttPacketType.Publish, MqttPacketType.PubAck, MqttPacketType.Subscribe, MqttPacketType.PingReq, MqttPacketType.Disconnect },
            packets.Select(p => p.Type));
        Assert.Equal(0, decoder.BufferedBytes);
    }

    [Fact]
    public void Decoder_RandomSplits_DecodeSameAsWhole()
    {
        var one = new MqttPublishPacket { Topic = "endpoint/dev/state", Payload = new byte[300], Qos = 1, PacketId = 7 }.ToArray();
        var stream = Enumerable.Repeat(one, 50).SelectMany(x => x).ToArray();
        var rng = new Random(1234);
        var decoder = new MqttPacketDecoder();
        int count = 0, pos = 0;
        while (pos < stream.Length)
        {
            int n = Math.Min(rng.Next(1, 700), stream.Length - pos);
            decoder.Feed(stream.AsSpan(pos, n));
            pos += n;
            while (decoder.TryDecode(out var p))
            {
                Assert.Equal(7, ((MqttPublishPacket)p).PacketId);
                count++;
            }
        }
        Assert.Equal(50, count);
    }

    [Theory]
    [InlineData(ConnectFull)]
    [InlineData("32 09 0003 612F62 000A 6869")]
    [InlineData(SubscribeGolden)]
    [InlineData("90 04 0001 01 80")]
    public void Decode_TruncatedPacket_WaitsWhenStreamingAndThrowsWhenWhole(string hex)
    {
        var whole = Hex(hex);
        for (int cut = 1; cut < whole.Length; cut++)
        {
            var decoder = new MqttPacketDecoder();
            decoder.Feed(whole.AsSpan(0, cut));
            Assert.False(decoder.TryDecode(out _));
            Assert.Throws<MqttProtocolException>(() => MqttCodec.Decode(whole.AsSpan(0, cut)));
        }
    }

    // ------------------------------------------------------------------ malformed

    [Theory]
    [InlineData("00 00", "reserved packet type 0")]
    [InlineData("F0 00", "reserved packet type 15")]
    [InlineData("11 0C 0004 4D515454 04 02 0000 0000", "flags")]                   // CONNECT flags must be 0
    [InlineData("42 02 00 0A", "flags")]                                            // PUBACK flags must be 0
    [InlineData("80 0C 0001 0003 612F2B 01 0001 23 00", "flags")]                 // SUBSCRIBE flags must be 2
    [InlineData("A0 07 0002 0003 612F2B", "flags")]                                // UNSUBSCRIBE flags must be 2
    [InlineData("C1 00", "flags")]
    [InlineData("36 09 0003 612F62 000A 6869", "QoS bits are 3")]                  // §3.3.1.2
    [InlineData("38 07 0003 612F62 6869", "DUP")]                                  // DUP on QoS 0
    [InlineData("34 09 0003 612F62 000A 6869", "QoS 2")]
    [InlineData("50 02 00 01", "QoS 2")]                                           // PUBREC
    [InlineData("62 02 00 01", "QoS 2")]                                           // PUBREL
    [InlineData("32 09 0003 612F62 0000 6869", "packet identifier is 0")]          // §2.3.1
    [InlineData("40 02 00 00", "packet identifier is 0")]
    [InlineData("82 08 0000 0003 612F2B 01", "packet identifier is 0")]
    [InlineData("40 03 00 01 00", "remaining length is 3")]
    [InlineData("C0 01 00", "remaining length is 1")]
    [InlineData("30 05 0002 C328 68", "UTF-8")]                                    // invalid sequence
    [InlineData("30 05 0002 C0AF 68", "UTF-8")]                                    // overlong '/'
    [InlineData("30 06 0003 EDA080 68", "UTF-8")]                                  // UTF-16 surrogate
    [InlineData("30 05 0002 6100 68", "U+0000")]
    [InlineData("30 02 0000", "empty topic")]
    [InlineData("30 04 0003 612F", "truncated")]                                   // topic longer than the packet
    [InlineData("30 05 0003 612F23", "wildcard")]                                  // §3.3.2.1
    [InlineData("10 0C 0004 4D515449 04 02 0000 0000", "protocol name")]           // "MQTI"
    [InlineData("10 0C 0004 4D515454 04 03 0000 0000", "reserved connect flag")]  // §3.1.2.3
    [InlineData("10 0C 0004 4D515454 04 42 0000 0000", "password flag")]           // §3.1.2.9
    [InlineData("10 0C 0004 4D515454 04 1E 0000 0000", "will QoS is 3")]          // §3.1.2.6
    [InlineData("10 0C 0004 4D515454 04 22 0000 0000", "without a will")]          // will retain, no will
    [InlineData("10 0D 0004 4D515454 04 02 0000 0000 FF", "unexpected bytes")]
    [InlineData("20 02 00 06", "return code 6")]
    [InlineData("20 02 02 00", "reserved")]
    [InlineData("20 02 01 04", "session present")]
    [InlineData("82 02 0001", "no topic filter")]                                   // §3.8.3
    [InlineData("82 08 0001 0003 612F2B 03", "QoS is 3")]
    [InlineData("82 08 0001 0003 612F2B 81", "reserved bits")]
    [InlineData("82 08 0001 0003 61232F 01", "'#'")]                                // "a#/"
    [InlineData("82 08 0001 0003 612B62 01", "'+'")]                                // "a+b"
    [InlineData("90 03 0001 03", "return code 0x03")]
    [InlineData("90 02 0001", "no return code")]
    [InlineData("A2 02 0002", "no topic filter")]
    public void Decode_MalformedPacket_ThrowsProtocolExceptionNamingTheProblem(string hex, string expected)
    {
        var e = Assert.Throws<MqttProtocolException>(() => MqttCodec.Decode(Hex(hex)));
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);

        var decoder = new MqttPacketDecoder();
        decoder.Feed(Hex(hex));
        Assert.Throws<MqttProtocolException>(() => decoder.TryDecode(out _));
        // The decoder stays faulted.
        Assert.Throws<MqttProtocolException>(() => decoder.TryDecode(out _));
    }

    [Fact]
    public void Decode_BadFlagsWithHugeLength_FailsWithoutWaitingForTheBody()
    {
        var decoder = new MqttPacketDecoder();
        decoder.Feed(Hex("42 FF FF 7F"));
        Assert.Throws<MqttProtocolException>(() => decoder.TryDecode(out _));
    }

    [Fact]
    public void Decode_RandomGarbage_ThrowsOnlyProtocolException()
    {
        var rng = new Random(20240601);
        var firstBytes = new byte[] { 0x10, 0x20, 0x30, 0x31, 0x32, 0x33, 0x3A, 0x40, 0x82, 0x90, 0xA2, 0xB0, 0xC0, 0xD0, 0xE0 };
        var goldens = new[] { Hex(ConnectFull), Hex(ConnectMinimal), Hex("32 09 0003 612F62 000A 6869"), Hex(SubscribeGolden), Hex("90 04 0001 01 80"), Hex("A2 07 0002 0003 612F2B") };
        int decoded = 0, rejected = 0;
        for (int i = 0; i < 5000; i++)
        {
            byte[] buffer;
            if (i % 2 == 0)
            {
                buffer = new byte[rng.Next(0, 80)];
                rng.NextBytes(buffer);
                if (buffer.Length > 1 && rng.Next(2) == 0)
                {
                    buffer[0] = firstBytes[rng.Next(firstBytes.Length)];
                    buffer[1] = (byte)rng.Next(0, Math.Min(127, buffer.Length));
                }
            }
            else
            {
                // Mutate a valid packet: flip a few bytes.
                buffer = (byte[])goldens[rng.Next(goldens.Length)].Clone();
                int flips = rng.Next(1, 4);
                for (int f = 0; f < flips; f++) buffer[rng.Next(buffer.Length)] = (byte)rng.Next(256);
            }
            var decoder = new MqttPacketDecoder(maxPacketSize: 4096);
            try
            {
                int pos = 0;
                while (pos < buffer.Length)
                {
                    int n = Math.Min(rng.Next(1, 16), buffer.Length - pos);
                    decoder.Feed(buffer.AsSpan(pos, n));
                    pos += n;
                    while (decoder.TryDecode(out var p))
                    {
                        decoded++;
                        // Whatever decodes must encode again.
                        Assert.True(p.ToArray().Length >= 2);
                    }
                }
            }
            catch (MqttProtocolException)
            {
                rejected++;
            }
            try
            {
                MqttCodec.Decode(buffer);
            }
            catch (MqttProtocolException)
            {
            }
        }
        Assert.True(rejected > 1000, $"only {rejected} rejected");
        Assert.True(decoded > 0, "nothing decoded: the mutations never produced a valid packet");
    }
}
