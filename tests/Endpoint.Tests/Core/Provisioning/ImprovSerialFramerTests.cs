using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Endpoint.Core.Provisioning;
using Endpoint.Core.Text;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Provisioning;

public class ImprovSerialFramerTests
{
    // "IMPROV" = 0x49 + 0x4D + 0x50 + 0x52 + 0x4F + 0x56 = 477 (0x1DD); every checksum below starts from it.
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("IMPROV");

    private readonly List<(byte Type, byte[] Data)> _packets = new();
    private readonly List<(ImprovFrameError Error, byte Type)> _errors = new();
    private readonly ImprovSerialFramer _framer = new();

    public ImprovSerialFramerTests()
    {
        _framer.PacketReceived += (type, data, offset, count) => _packets.Add((type, data.AsSpan(offset, count).ToArray()));
        _framer.FrameError += (error, type) => _errors.Add((error, type));
    }

    [Fact]
    public void WritePacket_CurrentStateAuthorized_GoldenBytes()
    {
        // 477 + version 1 + type 1 + length 1 + state 2 = 482 = 0x1E2 → checksum 0xE2
        Assert.Equal(Hex("494D50524F56 01 01 01 02 E2"), Write(0x01, 0x02));
    }

    [Fact]
    public void WritePacket_ErrorUnableToConnect_GoldenBytes()
    {
        // 477 + 1 + type 2 + length 1 + error 3 = 484 = 0x1E4
        Assert.Equal(Hex("494D50524F56 01 02 01 03 E4"), Write(0x02, 0x03));
    }

    [Fact]
    public void WritePacket_RequestCurrentStateRpc_GoldenBytes()
    {
        // RPC data [02 00]: 477 + 1 + type 3 + length 2 + 2 + 0 = 485 = 0x1E5
        Assert.Equal(Hex("494D50524F56 01 03 02 02 00 E5"), Write(0x03, 0x02, 0x00));
    }

    [Fact]
    public void WritePacket_SpecWifiExample_GoldenBytes()
    {
        // improv-wifi.com/serial example "01 1E 0C {MyWirelessAP} 10 {mysecurepassword}": 32 data bytes.
        // Sums: "MyWirelessAP" = 1189, "mysecurepassword" = 1760; data = 1 + 30 + 12 + 1189 + 16 + 1760 = 3008.
        // 477 + 1 + 3 + 32 + 3008 = 3521 = 0xDC1 → 0xC1
        byte[] data = Hex("01 1E 0C").Concat(Encoding.ASCII.GetBytes("MyWirelessAP")).Append((byte)0x10).Concat(Encoding.ASCII.GetBytes("mysecurepassword")).ToArray();
        byte[] packet = Write(0x03, data);
        Assert.Equal(Magic.Concat(Hex("01 03 20")).Concat(data).Append((byte)0xC1), packet);
        Assert.Equal(packet, ImprovSpec.Packet(0x03, data));
    }

    [Fact]
    public void WritePacket_RpcResultWithUrl_GoldenBytes()
    {
        // result [01][20][19]"mqtt://hub.lan:1883" (sum 1556): 1 + 20 + 19 + 1556 = 1596; 477 + 1 + 4 + 22 + 1596 = 2100 = 0x834
        var body = new ByteBuffer(32);
        ImprovRpc.WriteResult(body, 0x01, new[] { "mqtt://hub.lan:1883" }, 1, 253);
        byte[] packet = Write(0x04, body.ToArray());
        Assert.Equal(Magic.Concat(Hex("01 04 16 01 14 13")).Concat(Encoding.ASCII.GetBytes("mqtt://hub.lan:1883")).Append((byte)0x34), packet);
    }

    [Fact]
    public void WritePacket_MoreThan255DataBytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => Write(0x04, new byte[256]));
    }

    [Fact]
    public void Feed_OnePacket_DeliversTypeAndData()
    {
        Feed(Hex("494D50524F56 01 03 02 02 00 E5"));
        var p = Assert.Single(_packets);
        Assert.Equal(0x03, p.Type);
        Assert.Equal(Hex("02 00"), p.Data);
        Assert.Empty(_errors);
    }

    [Fact]
    public void Feed_ByteByByteWithLogTextAndLineFeeds_FindsEveryPacket()
    {
        var stream = Encoding.ASCII.GetBytes("boot: I (42) wifi: IMPROVISED log line\r\n")
            .Concat(ImprovSpec.SerialCommand(0x02)).Append((byte)'\n')
            .Concat(Encoding.ASCII.GetBytes("IMPRO"))
            .Concat(ImprovSpec.SerialCommand(0x03)).Append((byte)'\n')
            .ToArray();
        foreach (byte b in stream)
        {
            Feed(b);
        }

        Assert.Equal(new byte[] { 0x02, 0x03 }, _packets.Select(p => p.Data[0]));
        Assert.Empty(_errors);
    }

    [Fact]
    public void Feed_RepeatedPrefix_Resynchronises()
    {
        Feed(Encoding.ASCII.GetBytes("IIMPIMPROVIMPROV").Take(10).Concat(ImprovSpec.SerialCommand(0x03)).ToArray());
        Assert.Single(_packets);
    }

    [Fact]
    public void Feed_BadChecksum_ReportsItAndTheNextPacketStillArrives()
    {
        byte[] bad = ImprovSpec.SerialCommand(0x03);
        bad[^1] ^= 0xFF;
        Feed(bad.Concat(ImprovSpec.SerialCommand(0x02)).ToArray());
        Assert.Equal((ImprovFrameError.BadChecksum, (byte)0x03), Assert.Single(_errors));
        Assert.Equal(0x02, Assert.Single(_packets).Data[0]);
    }

    [Fact]
    public void Feed_TruncatedPacketFollowedByAGoodOne_ReportsTruncatedAfterTheGapAndRecoversTheGoodOne()
    {
        byte[] wifi = ImprovSpec.SerialCommand(0x01, ImprovSpec.WifiData("Laboratory-2nd-floor", "correct horse battery"));
        _framer.Feed(wifi, 0, 12, 0); // 46 data bytes announced, cut after 3
        byte[] next = ImprovSpec.SerialCommand(0x02);
        _framer.Feed(next, 0, next.Length, 10); // swallowed by the first packet's announced length
        Assert.Empty(_packets);

        _framer.Expire();
        Assert.Equal((ImprovFrameError.Truncated, (byte)0x03), Assert.Single(_errors));
        Assert.Equal(0x02, Assert.Single(_packets).Data[0]);
    }

    [Fact]
    public void Feed_SilenceLongerThanTheGap_DropsThePartialPacket()
    {
        byte[] p = ImprovSpec.SerialCommand(0x03);
        _framer.Feed(p, 0, 9, 0);
        _framer.Feed(p, 9, p.Length - 9, 1001);
        Assert.Empty(_packets);
        Assert.Equal(ImprovFrameError.Truncated, Assert.Single(_errors).Error);
    }

    [Fact]
    public void Feed_SlowButWithinTheGap_StillOnePacket()
    {
        byte[] p = ImprovSpec.SerialCommand(0x03);
        for (int i = 0; i < p.Length; i++)
        {
            _framer.Feed(p, i, 1, i * 900);
        }

        Assert.Single(_packets);
    }

    [Fact]
    public void Feed_OtherVersion_IgnoredSilently()
    {
        byte[] p = ImprovSpec.SerialCommand(0x03);
        p[6] = 2;
        p[^1] = ImprovSpec.Sum(p.Take(p.Length - 1));
        Feed(p);
        _framer.Expire();
        Assert.Empty(_packets);
        Assert.Empty(_errors);
    }

    [Fact]
    public void Feed_MaximumLength_Delivered()
    {
        byte[] data = Enumerable.Range(0, 255).Select(i => (byte)i).ToArray();
        Feed(ImprovSpec.Packet(0x04, data));
        Assert.Equal(data, Assert.Single(_packets).Data);
    }

    [Fact]
    public void Feed_RandomGarbageWithPacketsInside_NeverThrowsAndFindsEveryPacket()
    {
        var random = new Random(7);
        for (int round = 0; round < 300; round++)
        {
            _packets.Clear();
            var stream = new List<byte>();
            int expected = 0;
            for (int k = 0; k < 10; k++)
            {
                var garbage = new byte[random.Next(0, 40)];
                random.NextBytes(garbage);
                for (int g = 0; g < garbage.Length; g++)
                {
                    if (garbage[g] == (byte)'I')
                    {
                        garbage[g] = (byte)'i'; // garbage must not start a packet of its own
                    }
                }

                stream.AddRange(garbage);
                if (random.Next(3) > 0)
                {
                    stream.AddRange(ImprovSpec.SerialCommand(0x03));
                    expected++;
                }
            }

            int at = 0;
            while (at < stream.Count)
            {
                int n = Math.Min(random.Next(1, 30), stream.Count - at);
                _framer.Feed(stream.ToArray(), at, n, round * 10_000);
                at += n;
            }

            Assert.Equal(expected, _packets.Count);
        }
    }

    [Fact]
    public void Feed_PureRandomBytes_NeverThrows()
    {
        var random = new Random(11);
        var buffer = new byte[4096];
        for (int i = 0; i < 200; i++)
        {
            random.NextBytes(buffer);
            _framer.Feed(buffer, 0, random.Next(buffer.Length), i * 2000);
        }

        // Each expiry drops at least one byte, so the partial packet drains.
        for (int i = 0; i < ImprovSerialFramer.MaxPacketLength && _framer.HasPartial; i++)
        {
            _framer.Expire();
        }

        Assert.False(_framer.HasPartial);
    }

    private byte[] Write(byte type, params byte[] data)
    {
        var b = new ByteBuffer(16);
        ImprovSerialFramer.WritePacket(b, type, data, 0, data.Length);
        return b.ToArray();
    }

    private void Feed(params byte[] bytes) => _framer.Feed(bytes, 0, bytes.Length, 0);

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));
}
