using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using Endpoint.Host.Ble;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Ble;

public sealed class BleAirTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "endpoint-air-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }
    }

    private static AirDatagram ReceiveMatching(AirListener listener, Func<AirDatagram, bool> match, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            var d = listener.Receive(TimeSpan.FromMilliseconds(200));
            if (d != null && match(d))
            {
                return d;
            }
        }

        throw new Xunit.Sdk.XunitException("no matching advertisement heard");
    }

    [Fact]
    public void Listener_RegistersAndUnregistersItsPort()
    {
        string path;
        using (var listener = new AirListener(_dir))
        {
            path = listener.RegistrationPath;
            Assert.Equal(AirDirectory.EntryName(Environment.ProcessId, listener.Port), Path.GetFileName(path));
            Assert.True(File.Exists(path));
            Assert.Contains(listener.Port, AirDirectory.LivePorts(_dir));
        }

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Advertise_ListenerHearsDataAddressAndRssiAndRepeats()
    {
        using var listener = new AirListener(_dir);
        using var air = new BleAir(_dir, intervalMs: 50);
        var radio = new SimulatedBleRadio("C0:11:22:33:44:55", air, seed: 3);
        byte[] data = [0x02, 0x01, 0x06, 0x03, 0x09, 0x41, 0x42];

        radio.Advertise(data, 0, data.Length);

        var first = ReceiveMatching(listener, d => d.Address == radio.Address);
        var again = ReceiveMatching(listener, d => d.Address == radio.Address);
        Assert.Equal(data, first.Data);
        Assert.Equal(data, again.Data);
        Assert.InRange(first.Rssi, radio.BaseRssi - 3, radio.BaseRssi + 3);
        Assert.False(first.Connectable);
        Assert.True(air.Sent >= 2);
    }

    [Fact]
    public void Attach_SameAddress_ReplacesTheOldRadio()
    {
        using var listener = new AirListener(_dir);
        using var air = new BleAir(_dir, intervalMs: 50);
        var old = new SimulatedBleRadio("C0:11:22:33:44:66", air);
        old.Advertise([0x02, 0x01, 0x06], 0, 3);
        ReceiveMatching(listener, d => d.Address == old.Address);

        var rebooted = new SimulatedBleRadio("C0:11:22:33:44:66", air);
        rebooted.Advertise([0x02, 0x01, 0x04], 0, 3);
        ReceiveMatching(listener, d => d.Data[2] == 0x04);

        // From now on only the new radio is heard.
        for (int i = 0; i < 5; i++)
        {
            var d = ReceiveMatching(listener, x => x.Address == old.Address);
            Assert.Equal(0x04, d.Data[2]);
        }
    }

    [Fact]
    public void LivePorts_RegistrationOfDeadProcess_PrunedAndSkipped()
    {
        AirDirectory.Ensure(_dir);
        string stale = Path.Combine(_dir, AirDirectory.EntryName(999_999_999, 40000));
        File.WriteAllBytes(stale, []);
        File.WriteAllBytes(Path.Combine(_dir, "not-a-registration"), []);

        List<int> ports = AirDirectory.LivePorts(_dir);

        Assert.DoesNotContain(40000, ports);
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void Listener_MalformedDatagram_CountedAndSkipped()
    {
        using var listener = new AirListener(_dir);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var to = new IPEndPoint(IPAddress.Loopback, listener.Port);
        sender.SendTo("garbage"u8.ToArray(), to);
        var valid = new AirDatagram { Address = "C0:00:00:00:00:09", Rssi = -60, Time = DateTimeOffset.UtcNow, Data = [0x02, 0x01, 0x06] };
        sender.SendTo(valid.ToBytes(), to);

        var heard = listener.Receive(TimeSpan.FromSeconds(5));

        Assert.NotNull(heard);
        Assert.Equal("C0:00:00:00:00:09", heard.Address);
        Assert.Equal(1, listener.Malformed);
        Assert.Contains("shorter than the 22-byte header", listener.LastError);
    }

    [Fact]
    public void Connectable_WhenAServiceIsOffered()
    {
        using var listener = new AirListener(_dir);
        using var air = new BleAir(_dir, intervalMs: 50);
        var radio = new SimulatedBleRadio("C0:11:22:33:44:77", air);
        radio.StartService(new Endpoint.Core.Ble.BleService("00467768-6228-2272-4663-277478268000", []));
        radio.Advertise([0x02, 0x01, 0x06], 0, 3);

        Assert.True(ReceiveMatching(listener, d => d.Address == radio.Address).Connectable);
    }

    [Fact]
    public void DefaultDirectory_HonoursEnvironmentOverride()
    {
        using (AirEnvironment.Use(_dir))
        {
            Assert.Equal(_dir, AirDirectory.Default());
        }

        using (AirEnvironment.Use(null))
        {
            Assert.Contains("endpoint-air", AirDirectory.Default());
        }
    }
}
