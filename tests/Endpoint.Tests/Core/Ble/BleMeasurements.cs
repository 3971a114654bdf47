using System;
using Endpoint.Core.Ble;
using Endpoint.Core.Model;
using Xunit.Abstractions;

namespace Endpoint.Tests.Core.Ble;

/// <summary>
/// Figures for the BTHome path (printed; run with <c>--logger "console;verbosity=detailed"</c>):
/// bytes allocated per advertisement refresh after warm-up, and readings carried per 31-byte
/// advertisement. No timing is measured or asserted; the allocation target (0) is asserted because
/// it is a property of the code, not of the machine.
/// </summary>
public class BleMeasurements(ITestOutputHelper output)
{
    private const int Refreshes = 10_000;
    private static readonly byte[] Key = Convert.FromHexString("231d39c1d7cc1ab1aee224cd096db932");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AllocatedBytesPerRefresh_AdvertiserWithRotation(bool encrypted)
    {
        var radio = new NullRadio();
        var advertiser = new Advertiser(radio, "meter");
        var sensors = new SensorEntity[6];
        byte[] ids = [BthomeObjects.Temperature, BthomeObjects.Humidity, BthomeObjects.Battery, BthomeObjects.Power, BthomeObjects.Energy, BthomeObjects.Current];
        for (int i = 0; i < ids.Length; i++)
        {
            sensors[i] = new SensorEntity("s" + i, "S", null, 2);
            sensors[i].Update(1 + i);
            advertiser.Add(sensors[i], ids[i]);
        }

        var relay = new SwitchEntity("relay", "Relay");
        advertiser.Add(relay, BthomeObjects.PowerOn);
        if (encrypted)
        {
            advertiser.EnableEncryption(Key, 0);
        }

        // Warm-up: group lists, JIT.
        for (int i = 0; i < 100; i++)
        {
            Step(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int sentBefore = radio.Count;
        for (int i = 0; i < Refreshes; i++)
        {
            Step(i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        int sent = radio.Count - sentBefore;
        output.WriteLine($"Advertiser.Refresh ({(encrypted ? "encrypted" : "plain")}, {advertiser.PacketCount} packets in rotation, 7 readings): " +
            $"{allocated} bytes allocated over {Refreshes} refreshes = {(double)allocated / Refreshes:0.###} B/refresh; {sent} packets put on the air");
        Assert.Equal(Refreshes, sent);
        Assert.Equal(0, allocated);

        void Step(int i)
        {
            sensors[i % sensors.Length].Update(1 + (i % 50));
            relay.Set(i % 2 == 0);
            advertiser.Refresh(advance: true);
        }
    }

    [Theory]
    [InlineData("sens1", false)]
    [InlineData("sens1", true)]
    [InlineData(null, false)]
    [InlineData(null, true)]
    public void ReadingsPerAdvertisement_TypicalSensor(string name, bool encrypted)
    {
        var encoder = new BthomeEncoder();
        if (encrypted)
        {
            encoder.EnableEncryption(Key, Convert.FromHexString("5448E68F80A5"));
        }

        var builder = new AdvertisementBuilder(name, encoder, withPacketId: true, capacity: 8);
        var readings = new BthomeReadings(8);
        readings.AddValue(BthomeObjects.Temperature, 21.5);
        readings.AddValue(BthomeObjects.Humidity, 45.2);
        readings.AddValue(BthomeObjects.Battery, 90);
        int packets = builder.Split(readings);
        var buffer = new byte[31];
        int first = builder.GroupAt(0).Count;
        int length = builder.Render(0, 1, 1, buffer, 0);

        string label = $"{(name == null ? "no name" : $"{name.Length}-char name")}, {(encrypted ? "encrypted" : "plain")}";
        output.WriteLine($"{label}: room for objects {builder.ObjectRoom} B besides the packet id; " +
            $"first advertisement carries packet id + {first} of 3 readings ({length}/31 bytes); {packets} advertisement(s) in rotation");
        Assert.InRange(length, 1, 31);
        int total = 0;
        for (int g = 0; g < packets; g++)
        {
            total += builder.GroupAt(g).Count;
        }

        Assert.Equal(3, total);
    }

    private sealed class NullRadio : IBleRadio
    {
        public int Count;

        public string Address => "54:48:E6:8F:80:A5";

        public event BleWrittenHandler Written
        {
            add { }
            remove { }
        }

        public void Advertise(byte[] data, int offset, int count) => Count++;

        public void StopAdvertising()
        {
        }

        public void StartService(BleService service)
        {
        }

        public void SetValue(string characteristicUuid, byte[] value, int offset, int count)
        {
        }
    }
}
