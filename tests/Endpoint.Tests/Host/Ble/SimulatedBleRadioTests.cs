using System;
using System.Collections.Generic;
using Endpoint.Core.Ble;
using Endpoint.Host.Ble;

namespace Endpoint.Tests.Host.Ble;

public class SimulatedBleRadioTests
{
    private static readonly BleService Improv = new(ImprovServiceData.ServiceUuid,
    [
        new BleCharacteristic("00467768-6228-2272-4663-277478268001", read: true, write: false, notify: true),
        new BleCharacteristic("00467768-6228-2272-4663-277478268003", read: false, write: true, notify: false),
    ]);

    [Fact]
    public void AddressFor_SameIdSameAddressStaticRandom()
    {
        string a = SimulatedBleRadio.AddressFor("plug-1");
        Assert.Equal(a, SimulatedBleRadio.AddressFor("plug-1"));
        Assert.NotEqual(a, SimulatedBleRadio.AddressFor("plug-2"));
        var bytes = new byte[6];
        Assert.True(BleAddress.TryParse(a, bytes));
        Assert.Equal(0xC0, bytes[0] & 0xC0); // static random address: two top bits set
    }

    [Fact]
    public void BaseRssi_AnySeed_BetweenMinus80AndMinus40()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            Assert.InRange(new SimulatedBleRadio("C0:00:00:00:00:01", null, seed).BaseRssi, -80, -40);
        }
    }

    [Fact]
    public void Advertise_WellFormed_KeptAsCopy()
    {
        var radio = new SimulatedBleRadio("C0:00:00:00:00:01");
        byte[] data = [0xFF, 0x02, 0x01, 0x06];
        radio.Advertise(data, 1, 3);
        data[3] = 0x02;
        Assert.Equal(new byte[] { 0x02, 0x01, 0x06 }, radio.Advertisement);
        Assert.True(radio.IsAdvertising);

        radio.StopAdvertising();
        Assert.False(radio.IsAdvertising);
        Assert.Null(radio.Advertisement);
    }

    [Fact]
    public void Advertise_Over31Bytes_Throws()
    {
        var radio = new SimulatedBleRadio("C0:00:00:00:00:01");
        var ex = Assert.Throws<ArgumentException>(() => radio.Advertise(new byte[32], 0, 32));
        Assert.Contains("31-byte legacy limit", ex.Message);
        Assert.False(radio.IsAdvertising);
    }

    [Fact]
    public void Advertise_MalformedStructures_Throws()
    {
        var radio = new SimulatedBleRadio("C0:00:00:00:00:01");
        var ex = Assert.Throws<ArgumentException>(() => radio.Advertise([0x05, 0x09, 0x41], 0, 3));
        Assert.Contains("malformed advertising data", ex.Message);
    }

    [Fact]
    public void Gatt_SetValueNotifiesAndWriteRaisesWritten()
    {
        var radio = new SimulatedBleRadio("C0:00:00:00:00:01");
        radio.StartService(Improv);
        var notified = new List<(string, byte[])>();
        var written = new List<(string, byte[])>();
        radio.Notified += (uuid, value) => notified.Add((uuid, value));
        radio.Written += (uuid, value) => written.Add((uuid, value));

        radio.SetValue("00467768-6228-2272-4663-277478268001", [9, 1, 2], 1, 2);
        radio.Write("00467768-6228-2272-4663-277478268003", [1, 2, 3]);

        Assert.Equal(new byte[] { 1, 2 }, radio.ValueOf("00467768-6228-2272-4663-277478268001"));
        var n = Assert.Single(notified);
        Assert.Equal("00467768-6228-2272-4663-277478268001", n.Item1);
        Assert.Equal(new byte[] { 1, 2 }, n.Item2);
        var w = Assert.Single(written);
        Assert.Equal("00467768-6228-2272-4663-277478268003", w.Item1);
        Assert.Equal(new byte[] { 1, 2, 3 }, w.Item2);
        Assert.Single(radio.Services);
    }

    [Fact]
    public void Gatt_WriteToReadOnlyOrUnknown_Throws()
    {
        var radio = new SimulatedBleRadio("C0:00:00:00:00:01");
        radio.StartService(Improv);
        Assert.Throws<ArgumentException>(() => radio.Write("00467768-6228-2272-4663-277478268001", [1]));
        Assert.Throws<ArgumentException>(() => radio.Write("00467768-6228-2272-4663-2774782680ff", [1]));
        Assert.Throws<ArgumentException>(() => radio.SetValue("00467768-6228-2272-4663-2774782680ff", [1], 0, 1));
        Assert.Throws<InvalidOperationException>(() => radio.StartService(Improv));
    }

    [Fact]
    public void Constructor_BadAddress_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SimulatedBleRadio("not-an-address"));
    }
}
