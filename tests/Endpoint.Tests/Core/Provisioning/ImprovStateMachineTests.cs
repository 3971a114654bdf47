using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Endpoint.Core.Provisioning;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Provisioning;

public class ImprovStateMachineTests
{
    private const ImprovState AR = ImprovState.AuthorizationRequired, A = ImprovState.Authorized, P = ImprovState.Provisioning, D = ImprovState.Provisioned;
    private const ImprovError None = ImprovError.None, Invalid = ImprovError.InvalidRpc, UnknownRpc = ImprovError.UnknownRpc,
        NotAuth = ImprovError.NotAuthorized, BadHost = ImprovError.BadHostname, Busy = ImprovError.Unknown;
    private const int NoResult = -1;

    private readonly ManualClock _clock = new();
    private readonly EventLoop _loop;
    private readonly RecordingChannel _channel = new();
    private readonly FakeImprovDevice _device = new();

    public ImprovStateMachineTests() => _loop = new EventLoop(_clock, new TestLog());

    /// <summary>The commands of the table, as [command][length][data] bodies.</summary>
    private static readonly Dictionary<string, byte[]> Commands = new()
    {
        ["wifi"] = ImprovSpec.Command(0x01, ImprovSpec.WifiData("Lab", "secret")),
        ["wifi-bad"] = ImprovSpec.Command(0x01, ImprovSpec.WifiData(new string('s', 33), "secret")),
        ["x02"] = ImprovSpec.Command(0x02),
        ["info"] = ImprovSpec.Command(0x03),
        ["info-data"] = ImprovSpec.Command(0x03, 0x00),
        ["scan"] = ImprovSpec.Command(0x04),
        ["host-get"] = ImprovSpec.Command(0x05),
        ["host-set"] = ImprovSpec.Command(0x05, Encoding.ASCII.GetBytes("new-host")),
        ["host-bad"] = ImprovSpec.Command(0x05, Encoding.ASCII.GetBytes("bad_host")),
        ["name-get"] = ImprovSpec.Command(0x06),
        ["name-set"] = ImprovSpec.Command(0x06, Encoding.UTF8.GetBytes("Kitchen plug")),
        ["name-bad"] = ImprovSpec.Command(0x06, 0x41, 0x07),
        ["netstate"] = ImprovSpec.Command(0x07),
        ["unknown"] = ImprovSpec.Command(0x42),
        ["bad-length"] = new byte[] { 0x03, 0x05 },
        ["short"] = new byte[] { 0x03 },
    };

    // transport, state before, command → error after, state after, result command (-1: none), device action (null: none)
    public static readonly TheoryData<ImprovTransport, ImprovState, string, ImprovError, ImprovState, int, string> Table = Build(
        // ---- serial: authorized (physical presence), provisioning, provisioned
        (ImprovTransport.Serial, A, "wifi", None, P, NoResult, "join Lab secret"),
        (ImprovTransport.Serial, A, "wifi-bad", Invalid, A, NoResult, null),
        (ImprovTransport.Serial, A, "x02", None, A, NoResult, null),
        (ImprovTransport.Serial, A, "info", None, A, 0x03, null),
        (ImprovTransport.Serial, A, "info-data", Invalid, A, NoResult, null),
        (ImprovTransport.Serial, A, "scan", None, A, NoResult, "scan"),
        (ImprovTransport.Serial, A, "host-get", None, A, 0x05, null),
        (ImprovTransport.Serial, A, "host-set", None, A, 0x05, "hostname new-host"),
        (ImprovTransport.Serial, A, "host-bad", BadHost, A, NoResult, null),
        (ImprovTransport.Serial, A, "name-get", None, A, 0x06, null),
        (ImprovTransport.Serial, A, "name-set", None, A, 0x06, "name Kitchen plug"),
        (ImprovTransport.Serial, A, "name-bad", Invalid, A, NoResult, null),
        (ImprovTransport.Serial, A, "netstate", None, A, 0x07, null),
        (ImprovTransport.Serial, A, "unknown", UnknownRpc, A, NoResult, null),
        (ImprovTransport.Serial, A, "bad-length", Invalid, A, NoResult, null),
        (ImprovTransport.Serial, A, "short", Invalid, A, NoResult, null),
        (ImprovTransport.Serial, P, "wifi", Busy, P, NoResult, null),
        (ImprovTransport.Serial, P, "wifi-bad", Busy, P, NoResult, null),
        (ImprovTransport.Serial, P, "x02", None, P, NoResult, null),
        (ImprovTransport.Serial, P, "info", None, P, 0x03, null),
        (ImprovTransport.Serial, P, "info-data", Invalid, P, NoResult, null),
        (ImprovTransport.Serial, P, "scan", Busy, P, NoResult, null),
        (ImprovTransport.Serial, P, "host-get", NotAuth, P, NoResult, null),
        (ImprovTransport.Serial, P, "host-set", NotAuth, P, NoResult, null),
        (ImprovTransport.Serial, P, "host-bad", NotAuth, P, NoResult, null),
        (ImprovTransport.Serial, P, "name-get", None, P, 0x06, null),
        (ImprovTransport.Serial, P, "name-set", NotAuth, P, NoResult, null),
        (ImprovTransport.Serial, P, "name-bad", NotAuth, P, NoResult, null),
        (ImprovTransport.Serial, P, "netstate", None, P, 0x07, null),
        (ImprovTransport.Serial, P, "unknown", UnknownRpc, P, NoResult, null),
        (ImprovTransport.Serial, P, "bad-length", Invalid, P, NoResult, null),
        (ImprovTransport.Serial, P, "short", Invalid, P, NoResult, null),
        (ImprovTransport.Serial, D, "wifi", None, P, NoResult, "join Lab secret"),
        (ImprovTransport.Serial, D, "wifi-bad", Invalid, D, NoResult, null),
        (ImprovTransport.Serial, D, "x02", None, D, 0x02, null),
        (ImprovTransport.Serial, D, "info", None, D, 0x03, null),
        (ImprovTransport.Serial, D, "info-data", Invalid, D, NoResult, null),
        (ImprovTransport.Serial, D, "scan", None, D, NoResult, "scan"),
        (ImprovTransport.Serial, D, "host-get", NotAuth, D, NoResult, null),
        (ImprovTransport.Serial, D, "host-set", NotAuth, D, NoResult, null),
        (ImprovTransport.Serial, D, "host-bad", NotAuth, D, NoResult, null),
        (ImprovTransport.Serial, D, "name-get", None, D, 0x06, null),
        (ImprovTransport.Serial, D, "name-set", NotAuth, D, NoResult, null),
        (ImprovTransport.Serial, D, "name-bad", NotAuth, D, NoResult, null),
        (ImprovTransport.Serial, D, "netstate", None, D, 0x07, null),
        (ImprovTransport.Serial, D, "unknown", UnknownRpc, D, NoResult, null),
        (ImprovTransport.Serial, D, "bad-length", Invalid, D, NoResult, null),
        (ImprovTransport.Serial, D, "short", Invalid, D, NoResult, null),

        // ---- BLE: authorization required, authorized, provisioning, provisioned
        (ImprovTransport.Ble, AR, "wifi", NotAuth, AR, NoResult, null),
        (ImprovTransport.Ble, AR, "wifi-bad", NotAuth, AR, NoResult, null),
        (ImprovTransport.Ble, AR, "x02", None, AR, NoResult, "identify"),
        (ImprovTransport.Ble, AR, "info", None, AR, 0x03, null),
        (ImprovTransport.Ble, AR, "info-data", Invalid, AR, NoResult, null),
        (ImprovTransport.Ble, AR, "scan", None, AR, NoResult, "scan"),
        (ImprovTransport.Ble, AR, "host-get", NotAuth, AR, NoResult, null),
        (ImprovTransport.Ble, AR, "host-set", NotAuth, AR, NoResult, null),
        (ImprovTransport.Ble, AR, "host-bad", NotAuth, AR, NoResult, null),
        (ImprovTransport.Ble, AR, "name-get", None, AR, 0x06, null),
        (ImprovTransport.Ble, AR, "name-set", NotAuth, AR, NoResult, null),
        (ImprovTransport.Ble, AR, "name-bad", NotAuth, AR, NoResult, null),
        (ImprovTransport.Ble, AR, "netstate", UnknownRpc, AR, NoResult, null),
        (ImprovTransport.Ble, AR, "unknown", UnknownRpc, AR, NoResult, null),
        (ImprovTransport.Ble, AR, "bad-length", Invalid, AR, NoResult, null),
        (ImprovTransport.Ble, AR, "short", Invalid, AR, NoResult, null),
        (ImprovTransport.Ble, A, "wifi", None, P, NoResult, "join Lab secret"),
        (ImprovTransport.Ble, A, "wifi-bad", Invalid, A, NoResult, null),
        (ImprovTransport.Ble, A, "x02", None, A, NoResult, "identify"),
        (ImprovTransport.Ble, A, "info", None, A, 0x03, null),
        (ImprovTransport.Ble, A, "info-data", Invalid, A, NoResult, null),
        (ImprovTransport.Ble, A, "scan", None, A, NoResult, "scan"),
        (ImprovTransport.Ble, A, "host-get", None, A, 0x05, null),
        (ImprovTransport.Ble, A, "host-set", None, A, 0x05, "hostname new-host"),
        (ImprovTransport.Ble, A, "host-bad", BadHost, A, NoResult, null),
        (ImprovTransport.Ble, A, "name-get", None, A, 0x06, null),
        (ImprovTransport.Ble, A, "name-set", None, A, 0x06, "name Kitchen plug"),
        (ImprovTransport.Ble, A, "name-bad", Invalid, A, NoResult, null),
        (ImprovTransport.Ble, A, "netstate", UnknownRpc, A, NoResult, null),
        (ImprovTransport.Ble, A, "unknown", UnknownRpc, A, NoResult, null),
        (ImprovTransport.Ble, A, "bad-length", Invalid, A, NoResult, null),
        (ImprovTransport.Ble, A, "short", Invalid, A, NoResult, null),
        (ImprovTransport.Ble, P, "wifi", Busy, P, NoResult, null),
        (ImprovTransport.Ble, P, "wifi-bad", Busy, P, NoResult, null),
        (ImprovTransport.Ble, P, "x02", None, P, NoResult, null),
        (ImprovTransport.Ble, P, "info", None, P, 0x03, null),
        (ImprovTransport.Ble, P, "info-data", Invalid, P, NoResult, null),
        (ImprovTransport.Ble, P, "scan", Busy, P, NoResult, null),
        (ImprovTransport.Ble, P, "host-get", NotAuth, P, NoResult, null),
        (ImprovTransport.Ble, P, "host-set", NotAuth, P, NoResult, null),
        (ImprovTransport.Ble, P, "host-bad", NotAuth, P, NoResult, null),
        (ImprovTransport.Ble, P, "name-get", None, P, 0x06, null),
        (ImprovTransport.Ble, P, "name-set", NotAuth, P, NoResult, null),
        (ImprovTransport.Ble, P, "name-bad", NotAuth, P, NoResult, null),
        (ImprovTransport.Ble, P, "netstate", UnknownRpc, P, NoResult, null),
        (ImprovTransport.Ble, P, "unknown", UnknownRpc, P, NoResult, null),
        (ImprovTransport.Ble, P, "bad-length", Invalid, P, NoResult, null),
        (ImprovTransport.Ble, P, "short", Invalid, P, NoResult, null),
        (ImprovTransport.Ble, D, "wifi", NotAuth, D, NoResult, null),
        (ImprovTransport.Ble, D, "wifi-bad", NotAuth, D, NoResult, null),
        (ImprovTransport.Ble, D, "x02", None, D, NoResult, null),
        (ImprovTransport.Ble, D, "info", None, D, 0x03, null),
        (ImprovTransport.Ble, D, "info-data", Invalid, D, NoResult, null),
        (ImprovTransport.Ble, D, "scan", None, D, NoResult, "scan"),
        (ImprovTransport.Ble, D, "host-get", NotAuth, D, NoResult, null),
        (ImprovTransport.Ble, D, "host-set", NotAuth, D, NoResult, null),
        (ImprovTransport.Ble, D, "host-bad", NotAuth, D, NoResult, null),
        (ImprovTransport.Ble, D, "name-get", None, D, 0x06, null),
        (ImprovTransport.Ble, D, "name-set", NotAuth, D, NoResult, null),
        (ImprovTransport.Ble, D, "name-bad", NotAuth, D, NoResult, null),
        (ImprovTransport.Ble, D, "netstate", UnknownRpc, D, NoResult, null),
        (ImprovTransport.Ble, D, "unknown", UnknownRpc, D, NoResult, null),
        (ImprovTransport.Ble, D, "bad-length", Invalid, D, NoResult, null),
        (ImprovTransport.Ble, D, "short", Invalid, D, NoResult, null));

    [Theory]
    [MemberData(nameof(Table))]
    public void HandleRpc_EveryCommandInEveryState_FollowsTheSpec(ImprovTransport transport, ImprovState before, string command,
        ImprovError error, ImprovState after, int result, string action)
    {
        var machine = InState(transport, before);
        byte[] body = Commands[command];
        machine.HandleRpc(body, 0, body.Length);

        Assert.Equal(error, machine.Error);
        Assert.Equal(error, _channel.Errors.Last());
        Assert.Equal(after, machine.State);
        if (result == NoResult)
        {
            Assert.Empty(_channel.Results);
        }
        else
        {
            Assert.Equal((byte)result, Assert.Single(_channel.Results).Command);
        }

        if (action == null)
        {
            Assert.Empty(_device.Actions);
        }
        else
        {
            Assert.Equal(action, Assert.Single(_device.Actions));
        }
    }

    [Fact]
    public void Table_CoversEveryCommandInEveryState()
    {
        var rows = Table.Select(r => ((ImprovTransport)r[0], (ImprovState)r[1], (string)r[2])).ToHashSet();
        foreach (var transport in new[] { ImprovTransport.Serial, ImprovTransport.Ble })
        {
            var states = transport == ImprovTransport.Ble ? new[] { AR, A, P, D } : new[] { A, P, D };
            foreach (var state in states)
            {
                foreach (var command in Commands.Keys)
                {
                    Assert.Contains((transport, state, command), rows);
                }
            }
        }
    }

    [Fact]
    public void Start_SerialUnprovisioned_IsAuthorizedBecauseSerialIsPhysicalPresence()
    {
        var machine = Machine(ImprovTransport.Serial);
        machine.Start(false);
        Assert.Equal(A, machine.State);
        Assert.Equal(new[] { A }, _channel.States);
        Assert.Equal(new[] { None }, _channel.Errors);
    }

    [Fact]
    public void Start_BleWithoutAuthorization_StartsAuthorizedAndNeverTimesOut()
    {
        var machine = Machine(ImprovTransport.Ble);
        machine.RequiresAuthorization = false;
        machine.Start(false);
        Advance(10 * 60_000);
        Assert.Equal(A, machine.State);
    }

    [Fact]
    public void Authorize_Ble_LastsTheTimeoutThenReverts()
    {
        var machine = Machine(ImprovTransport.Ble);
        machine.AuthorizationTimeoutMs = 60_000;
        machine.Start(false);
        machine.Authorize();
        Assert.Equal(A, machine.State);
        Advance(59_999);
        Assert.Equal(A, machine.State);
        Advance(1);
        Assert.Equal(AR, machine.State);
        Assert.Equal(new[] { AR, A, AR }, _channel.States);
    }

    [Fact]
    public void Authorize_AgainWhileAuthorized_ExtendsTheAuthorization()
    {
        var machine = Machine(ImprovTransport.Ble);
        machine.Start(false);
        machine.Authorize();
        Advance(50_000);
        machine.Authorize();
        Advance(50_000);
        Assert.Equal(A, machine.State);
        Advance(10_000);
        Assert.Equal(AR, machine.State);
    }

    [Fact]
    public void SettingTheHostname_RestartsTheAuthorizationTimeout()
    {
        var machine = Machine(ImprovTransport.Ble);
        machine.Start(false);
        machine.Authorize();
        Advance(50_000);
        Send(machine, "host-set");
        Advance(50_000);
        Assert.Equal(A, machine.State);
    }

    [Fact]
    public void Authorize_OverSerial_ChangesNothing()
    {
        var machine = Machine(ImprovTransport.Serial);
        machine.Start(false);
        _channel.Clear();
        machine.Authorize();
        Assert.Empty(_channel.States);
    }

    [Fact]
    public void JoinSucceeded_ProvisionedWithTheRedirectUrlAsResult()
    {
        var machine = InState(ImprovTransport.Ble, A);
        Send(machine, "wifi");
        machine.JoinSucceeded();
        Assert.Equal(D, machine.State);
        var result = Assert.Single(_channel.Results);
        Assert.Equal(0x01, result.Command);
        Assert.Equal(new[] { "mqtt://hub.lan:1883" }, result.Values);
        Advance(120_000); // no authorization timeout after provisioning
        Assert.Equal(D, machine.State);
    }

    [Fact]
    public void JoinFailed_UnableToConnectBackToAuthorizedAndAuthorizationStartsOver()
    {
        var machine = InState(ImprovTransport.Ble, A);
        Advance(50_000);
        Send(machine, "wifi");
        Advance(30_000); // joining does not count against the authorization
        Assert.Equal(P, machine.State);
        machine.JoinFailed();
        Assert.Equal(ImprovError.UnableToConnect, machine.Error);
        Assert.Equal(A, machine.State);
        Advance(59_999);
        Assert.Equal(A, machine.State);
        Advance(1);
        Assert.Equal(AR, machine.State);
    }

    [Fact]
    public void WifiSettings_WhileAnotherChannelJoins_IsRefusedAndStateKept()
    {
        var machine = InState(ImprovTransport.Serial, A);
        _device.Busy = true;
        Send(machine, "wifi");
        Assert.Equal(Busy, machine.Error);
        Assert.Equal(A, machine.State);
    }

    [Fact]
    public void RequestState_Serial_SendsStateAndWhenProvisionedTheUrls()
    {
        var machine = InState(ImprovTransport.Serial, D);
        Send(machine, "x02");
        Assert.Equal(new[] { D }, _channel.States);
        var result = Assert.Single(_channel.Results);
        Assert.Equal(new[] { "mqtt://hub.lan:1883" }, result.Values);
    }

    [Fact]
    public void DeviceInfo_FourStringsInSpecOrder()
    {
        var machine = InState(ImprovTransport.Serial, A);
        Send(machine, "info");
        Assert.Equal(new[] { "Endpoint plug", "1.2.3", "esp32-devkitc/esp32", "Plug" }, _channel.Results.Single().Values);
    }

    [Fact]
    public void NetworkState_OnlineHasFlagsAndUrl_OfflineOnlyFlags()
    {
        var machine = InState(ImprovTransport.Serial, A);
        Send(machine, "netstate");
        Assert.Equal(new[] { "2" }, _channel.Results.Single().Values);
        _channel.Clear();
        _device.Online = true;
        Send(machine, "netstate");
        Assert.Equal(new[] { "3", "mqtt://hub.lan:1883" }, _channel.Results.Single().Values);
    }

    [Fact]
    public void ScanCompleted_Serial_OneResultPerNetworkThenAnEmptyOne()
    {
        var machine = InState(ImprovTransport.Serial, A);
        Send(machine, "scan");
        machine.ScanCompleted(FakeImprovDevice.Networks(("Lab", -41, true), ("Cafe", -70, false)));
        Assert.Equal(3, _channel.Results.Count);
        Assert.Equal(new[] { "Lab", "-41", "YES" }, _channel.Results[0].Values);
        Assert.Equal(new[] { "Cafe", "-70", "NO" }, _channel.Results[1].Values);
        Assert.Empty(_channel.Results[2].Values);
        Assert.All(_channel.Results, r => Assert.Equal(0x04, r.Command));
    }

    [Fact]
    public void ScanCompleted_Ble_OneResultOfTriplesCutAtWholeNetworksWithin255Bytes()
    {
        var machine = InState(ImprovTransport.Ble, A);
        Send(machine, "scan");
        // 20 networks of 3 + 32 + 3 + 4 = 42 bytes each: 6 fit (252), the 7th would not.
        var networks = Enumerable.Range(0, 20).Select(i => (new string((char)('a' + i), 32), -40 - i, true)).ToArray();
        machine.ScanCompleted(FakeImprovDevice.Networks(networks));
        var values = Assert.Single(_channel.Results).Values;
        Assert.Equal(18, values.Length);
        Assert.Equal(new[] { new string('a', 32), "-40", "WPA2" }, values.Take(3));
    }

    [Fact]
    public void Scan_DeviceNeverAnswers_ErrorAfterTheTimeoutAndLateResultsIgnored()
    {
        var machine = InState(ImprovTransport.Serial, A);
        machine.ScanTimeoutMs = 15_000;
        Send(machine, "scan");
        Advance(15_000);
        Assert.Equal(Busy, machine.Error);
        machine.ScanCompleted(FakeImprovDevice.Networks(("Lab", -41, true)));
        Assert.Empty(_channel.Results);
    }

    [Fact]
    public void RejectFrame_InvalidRpcWithoutStateChange()
    {
        var machine = InState(ImprovTransport.Ble, A);
        machine.RejectFrame();
        Assert.Equal(Invalid, machine.Error);
        Assert.Equal(A, machine.State);
        Assert.Empty(_channel.States);
    }

    [Fact]
    public void HandleRpc_RandomBodies_NeverThrowAndJoinOnlyForWellFormedSettings()
    {
        var random = new Random(1234);
        int joins = 0;
        foreach (var transport in new[] { ImprovTransport.Serial, ImprovTransport.Ble })
        {
            for (int i = 0; i < 5000; i++)
            {
                var machine = InState(transport, A);
                var body = new byte[random.Next(0, 40)];
                random.NextBytes(body);
                if (body.Length > 1)
                {
                    body[0] = 0x01; // the command that could store something
                    if (i % 2 == 0)
                    {
                        body[1] = (byte)(body.Length - 2); // a consistent length half of the time
                    }
                }

                machine.HandleRpc(body, 0, body.Length);
                bool wellFormed = IsWellFormedWifiSettings(body);
                Assert.Equal(wellFormed, _device.Actions.Any(a => a.StartsWith("join ", StringComparison.Ordinal)));
                Assert.Equal(wellFormed ? None : Invalid, machine.Error);
                joins += wellFormed ? 1 : 0;
            }
        }

        Assert.True(joins < 100, "random bytes should rarely be well-formed settings");
    }

    // improv-wifi.com "Send Wi-Fi settings", checked independently: [01][n][ssid len 1-32][ssid][pw len 0-64][pw],
    // UTF-8 without NUL (the ESP-IDF Wi-Fi driver takes C strings).
    private static bool IsWellFormedWifiSettings(byte[] b)
    {
        if (b.Length < 4 || b[0] != 0x01 || b[1] != b.Length - 2)
        {
            return false;
        }

        int ssid = b[2];
        if (ssid < 1 || ssid > 32 || 3 + ssid >= b.Length)
        {
            return false;
        }

        int pw = b[3 + ssid];
        if (pw > 64 || 4 + ssid + pw != b.Length)
        {
            return false;
        }

        if (b.Skip(3).Take(ssid).Contains((byte)0) || b.Skip(4 + ssid).Contains((byte)0))
        {
            return false;
        }

        var strict = new UTF8Encoding(false, true);
        try
        {
            strict.GetString(b, 3, ssid);
            strict.GetString(b, 4 + ssid, pw);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private ImprovStateMachine Machine(ImprovTransport transport) => new(transport, _channel, _device, _loop);

    private ImprovStateMachine InState(ImprovTransport transport, ImprovState state)
    {
        var machine = Machine(transport);
        machine.Start(state == D);
        if (state == A && transport == ImprovTransport.Ble)
        {
            machine.Authorize();
        }
        else if (state == P)
        {
            machine.Authorize();
            Send(machine, "wifi");
        }

        Assert.Equal(state, machine.State);
        _channel.Clear();
        _device.Actions.Clear();
        return machine;
    }

    private void Send(ImprovStateMachine machine, string command) => machine.HandleRpc(Commands[command], 0, Commands[command].Length);

    private void Advance(long ms) => LoopStepper.Advance(_loop, _clock, ms);

    private static TheoryData<ImprovTransport, ImprovState, string, ImprovError, ImprovState, int, string> Build(
        params (ImprovTransport, ImprovState, string, ImprovError, ImprovState, int, string)[] rows)
    {
        var data = new TheoryData<ImprovTransport, ImprovState, string, ImprovError, ImprovState, int, string>();
        foreach (var r in rows)
        {
            data.Add(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6, r.Item7);
        }

        return data;
    }
}
