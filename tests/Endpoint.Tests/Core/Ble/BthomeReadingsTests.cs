using System;
using Endpoint.Core.Ble;

namespace Endpoint.Tests.Core.Ble;

public class BthomeReadingsTests
{
    [Fact]
    public void Add_AnyOrder_KeptInAscendingObjectIdOrder()
    {
        var random = new Random(7);
        int[] ids = [0x2D, 0x02, 0x10, 0x01, 0x4A, 0x0B, 0x03, 0x21, 0x3A, 0x1A, 0x43];
        for (int round = 0; round < 50; round++)
        {
            var shuffled = (int[])ids.Clone();
            random.Shuffle(shuffled);
            var readings = new BthomeReadings(16);
            foreach (int id in shuffled)
            {
                Assert.True(readings.AddRaw(id, 1));
            }

            for (int i = 1; i < readings.Count; i++)
            {
                Assert.True(readings.IdAt(i - 1) <= readings.IdAt(i), $"0x{readings.IdAt(i - 1):X2} before 0x{readings.IdAt(i):X2}");
            }

            Assert.Equal(ids.Length, readings.Count);
        }
    }

    [Fact]
    public void Add_SameIdTwice_KeepsInsertionOrder()
    {
        var readings = new BthomeReadings(4);
        readings.AddValue(BthomeObjects.Temperature, 21.5);
        readings.AddValue(BthomeObjects.Battery, 50);
        readings.AddValue(BthomeObjects.Temperature, 19.25);
        Assert.Equal(2150, readings.RawAt(1));
        Assert.Equal(1925, readings.RawAt(2));
    }

    [Theory]
    [InlineData(0x02, 327.68)]    // sint16 × 0.01 tops out at 327.67
    [InlineData(0x02, -327.69)]
    [InlineData(0x01, 256)]       // uint8
    [InlineData(0x01, -1)]
    [InlineData(0x0C, 230)]       // voltage × 0.001 cannot carry mains: 0x4A is for that
    [InlineData(0x0B, double.NaN)]
    [InlineData(0x0B, double.PositiveInfinity)]
    public void AddValue_NotRepresentable_RefusedNotClipped(int objectId, double value)
    {
        var readings = new BthomeReadings(2);
        Assert.False(readings.AddValue(objectId, value));
        Assert.Equal(0, readings.Count);
    }

    [Fact]
    public void AddValue_Extremes_Accepted()
    {
        var readings = new BthomeReadings(4);
        Assert.True(readings.AddValue(BthomeObjects.Temperature, 327.67));
        Assert.True(readings.AddValue(BthomeObjects.Temperature, -327.68));
        Assert.Equal(32767, readings.RawAt(0));
        Assert.Equal(-32768, readings.RawAt(1));
    }

    [Fact]
    public void AddRaw_Full_Throws()
    {
        var readings = new BthomeReadings(1);
        readings.AddRaw(BthomeObjects.Battery, 1);
        Assert.Throws<InvalidOperationException>(() => readings.AddRaw(BthomeObjects.Battery, 2));
    }

    [Theory]
    [InlineData(0x30)] // undefined
    [InlineData(0x53)] // text: variable length
    [InlineData(0x99)]
    public void AddRaw_UndefinedOrVariableLength_Throws(int objectId)
    {
        Assert.Throws<ArgumentException>(() => new BthomeReadings(1).AddRaw(objectId, 0));
    }

    [Fact]
    public void EncodedLength_SumsIdAndDataBytes()
    {
        var readings = new BthomeReadings(4);
        readings.AddValue(BthomeObjects.Temperature, 1);  // 1 + 2
        readings.AddValue(BthomeObjects.Power, 1);        // 1 + 3
        readings.AddValue(BthomeObjects.PowerOn, 1);      // 1 + 1
        Assert.Equal(9, readings.EncodedLength);
    }
}
