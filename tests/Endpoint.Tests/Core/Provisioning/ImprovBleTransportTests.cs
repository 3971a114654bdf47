using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Endpoint.Core.Provisioning;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Provisioning;

public class ImprovBleTransportTests
{
    private const string Rpc = ImprovBleTransport.RpcCommandUuid;

    private readonly ManualClock _clock = new();
    private readonly EventLoop _loop;
    private readonly FakeBleRadio _radio = new();
    private readonly ImprovBleTransport _transport;
    private readonly List<byte[]> _commands = new();
    private readonly List<ImprovFrameError> _rejects = new();

    public ImprovBleTransportTests()
    {
        _loop = new EventLoop(_clock, new TestLog());
        _transport = new ImprovBleTransport(_radio, _loop, 0x0F);
        _transport.RpcReceived += (data, offset, count) => _commands.Add(data.AsSpan(offset, count).ToArray());
        _transport.Rejected += e => _rejects.Add(e);
        _transport.Start();
    }

    [Fact]
    public void Start_OffersTheImprovServiceWithItsFiveCharacteristics()
    {
        var service = Assert.Single(_radio.Services);
        Assert.Equal("00467768-6228-2272-4663-277478268000", service.Uuid);
        Assert.Equal(
            new[] { "8001 r-n", "8002 r-n", "8003 -w-", "8004 r-n", "8005 r--" },
            service.Characteristics.Select(c => c.Uuid[^4..] + " " + (c.CanRead ? "r" : "-") + (c.CanWrite ? "w" : "-") + (c.CanNotify ? "n" : "-")));
        Assert.Equal(new byte[] { 0x0F }, _radio.Value(ImprovBleTransport.CapabilitiesUuid));
    }

    [Fact]
    public void Write_SpecWifiExampleInOneWrite_OneCommandWithoutChecksum()
    {
        // "01 1E 0C {MyWirelessAP} 10 {mysecurepassword} CS": 1 + 30 + 12 + 1189 + 16 + 1760 = 3008 = 0xBC0 → CS 0xC0
        byte[] frame = SpecWifiExample();
        Assert.Equal(0xC0, frame[^1]);
        Write(frame);
        Assert.Equal(frame[..^1], Assert.Single(_commands));
        Assert.Empty(_rejects);
    }

    [Fact]
    public void Write_SplitInto20ByteWrites_ReassembledIntoOneCommand()
    {
        byte[] frame = SpecWifiExample(); // 35 bytes: two writes on the default ATT MTU
        Write(frame[..20]);
        Assert.Empty(_commands);
        Write(frame[20..]);
        Assert.Equal(frame[..^1], Assert.Single(_commands));
    }

    [Fact]
    public void Write_OneByteAtATime_ReassembledIntoOneCommand()
    {
        foreach (byte b in SpecWifiExample())
        {
            Write(b);
        }

        Assert.Single(_commands);
    }

    [Fact]
    public void Write_TwoCommandsBackToBack_BothDelivered()
    {
        Write(ImprovSpec.BleCommand(0x03));
        Write(ImprovSpec.BleCommand(0x02));
        Assert.Equal(new[] { Hex("03 00"), Hex("02 00") }, _commands);
    }

    [Fact]
    public void Write_BadChecksum_RejectedAndNextCommandStillWorks()
    {
        byte[] frame = ImprovSpec.BleCommand(0x03);
        frame[^1] ^= 0x55;
        Write(frame);
        Assert.Equal(ImprovFrameError.BadChecksum, Assert.Single(_rejects));
        Write(ImprovSpec.BleCommand(0x03));
        Assert.Single(_commands);
    }

    [Fact]
    public void Write_MoreBytesThanAnnounced_RejectedAsTooLong()
    {
        Write(ImprovSpec.BleCommand(0x03).Append((byte)0x00).ToArray());
        Assert.Equal(ImprovFrameError.TooLong, Assert.Single(_rejects));
        Assert.Empty(_commands);
    }

    [Fact]
    public void Write_RestNeverArrives_RejectedAsTruncatedAfterTheTimeout()
    {
        Write(SpecWifiExample()[..20]);
        LoopStepper.Advance(_loop, _clock, 2999);
        Assert.Empty(_rejects);
        LoopStepper.Advance(_loop, _clock, 1);
        Assert.Equal(ImprovFrameError.Truncated, Assert.Single(_rejects));
        Write(ImprovSpec.BleCommand(0x03));
        Assert.Single(_commands);
    }

    [Fact]
    public void Write_OtherCharacteristic_Ignored()
    {
        _radio.Write(ImprovBleTransport.StateUuid, ImprovSpec.BleCommand(0x03));
        LoopStepper.Drain(_loop);
        Assert.Empty(_commands);
        Assert.Empty(_rejects);
    }

    [Fact]
    public void Write_UpperCaseUuid_Accepted()
    {
        _radio.Write(Rpc.ToUpperInvariant(), ImprovSpec.BleCommand(0x03));
        LoopStepper.Drain(_loop);
        Assert.Single(_commands);
    }

    [Fact]
    public void Write_RandomChunks_NeverThrow()
    {
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            var chunk = new byte[random.Next(0, 25)];
            random.NextBytes(chunk);
            Write(chunk);
            if (i % 100 == 0)
            {
                LoopStepper.Advance(_loop, _clock, 5000);
            }
        }

        // Well-formed frames are the only thing that get through, and each carries a valid checksum.
        Assert.All(_commands, c => Assert.Equal(c[1] + 2, c.Length));
    }

    [Fact]
    public void SendResult_UrlWithChecksum_GoldenBytes()
    {
        // [01][14][13]"mqtt://hub.lan:1883": 1 + 20 + 19 + 1556 = 1596 = 0x63C → 0x3C
        _transport.SendResult(0x01, new[] { "mqtt://hub.lan:1883" }, 1);
        Assert.Equal(Hex("01 14 13").Concat(Encoding.ASCII.GetBytes("mqtt://hub.lan:1883")).Append((byte)0x3C), _radio.Value(ImprovBleTransport.RpcResultUuid));
    }

    [Fact]
    public void SendResult_EmptyList_CommandZeroLengthChecksum()
    {
        _transport.SendResult(0x04, new string[0], 0);
        Assert.Equal(Hex("04 00 04"), _radio.Value(ImprovBleTransport.RpcResultUuid));
    }

    [Fact]
    public void SendStateAndError_OneByteCharacteristics()
    {
        _transport.SendState(ImprovState.Authorized);
        _transport.SendError(ImprovError.UnableToConnect);
        Assert.Equal(new byte[] { 0x02 }, _radio.Value(ImprovBleTransport.StateUuid));
        Assert.Equal(new byte[] { 0x03 }, _radio.Value(ImprovBleTransport.ErrorUuid));
    }

    [Fact]
    public void Render_FollowsTheReportedStateWithTheCapabilities()
    {
        var output = new byte[34];
        _transport.SendState(ImprovState.AuthorizationRequired);
        Assert.Equal(31, _transport.Render(output, 3));
        Assert.Equal(Hex("09 16 77 46 01 0F 00 00 00 00"), output[24..34]);

        _transport.SendState(ImprovState.Provisioning);
        _transport.Render(output, 0);
        Assert.Equal(Hex("09 16 77 46 03 0F 00 00 00 00"), output[21..31]);
    }

    [Fact]
    public void SendState_Changed_RaisesStateChangedOnce()
    {
        int changes = 0;
        _transport.StateChanged += () => changes++;
        _transport.SendState(ImprovState.Authorized);
        _transport.SendState(ImprovState.Authorized);
        _transport.SendState(ImprovState.Provisioning);
        Assert.Equal(2, changes);
    }

    private void Write(params byte[] chunk)
    {
        _radio.Write(Rpc, chunk);
        LoopStepper.Drain(_loop);
    }

    private static byte[] SpecWifiExample() => ImprovSpec.BleCommand(0x01, ImprovSpec.WifiData("MyWirelessAP", "mysecurepassword"));

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));
}
