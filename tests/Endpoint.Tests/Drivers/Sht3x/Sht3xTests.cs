using System.Linq;
using Endpoint.Core.Hardware;
using Endpoint.Drivers.Sht3x;
using Endpoint.Host.Simulation.Parts;
using Endpoint.Tests.Support;
using Sht3xDriver = Endpoint.Drivers.Sht3x.Sht3x;

namespace Endpoint.Tests.Drivers.Sht3x;

public class Sht3xTests
{
    private readonly I2cPartRig<SimulatedSht3x> _rig = new(-7.5, 88.8, (clock, world) => new SimulatedSht3x(0x45, clock, world));

    [Theory]
    [InlineData(Sht3xRepeatability.High, new byte[] { 0x24, 0x00 }, 16)]
    [InlineData(Sht3xRepeatability.Medium, new byte[] { 0x24, 0x0B }, 7)]
    [InlineData(Sht3xRepeatability.Low, new byte[] { 0x24, 0x16 }, 5)]
    public void StartMeasurement_SingleShotWithoutClockStretching(Sht3xRepeatability repeatability, byte[] command, int ms)
    {
        var sensor = new Sht3xDriver(_rig.Bus, 0x45) { Repeatability = repeatability };
        Assert.True(sensor.StartMeasurement());
        Assert.Equal(command, _rig.Bus.Writes(0x45).Single());
        Assert.Equal(ms, sensor.MeasurementMs);
        _rig.Clock.Advance(ms);
        Assert.True(sensor.TryReadMeasurement(out double t, out double rh));
        Assert.Equal(-7.5, t, 2);
        Assert.Equal(88.8, rh, 2);
    }

    [Fact]
    public void TryReadMeasurement_DatasheetCrcExampleWord_Decodes()
    {
        // 0xBEEF with its CRC 0x92 (datasheet §4.12 Table 20); conversion §4.13.
        var bus = new ScriptedI2cBus();
        bus.Replies.Enqueue(new byte[] { 0xBE, 0xEF, 0x92, 0xBE, 0xEF, 0x92 });
        var sensor = new Sht3xDriver(bus, 0x44);
        sensor.StartMeasurement();
        Assert.True(sensor.TryReadMeasurement(out double t, out double rh));
        Assert.Equal(-45 + 175 * 48879 / 65535.0, t, 9);
        Assert.Equal(100 * 48879 / 65535.0, rh, 9);
    }

    [Fact]
    public void TryReadMeasurement_BadCrcOnHumidityWord_IsAnError()
    {
        var bus = new ScriptedI2cBus();
        bus.Replies.Enqueue(new byte[] { 0xBE, 0xEF, 0x92, 0xBE, 0xEF, 0x93 });
        var sensor = new Sht3xDriver(bus, 0x44);
        sensor.StartMeasurement();
        Assert.False(sensor.TryReadMeasurement(out double t, out double rh));
        Assert.True(double.IsNaN(t) && double.IsNaN(rh));
        Assert.Equal(SensorStatus.CrcMismatch, sensor.Status);
    }

    [Fact]
    public void TryReadMeasurement_WhileConverting_NotAcknowledged()
    {
        var sensor = new Sht3xDriver(_rig.Bus, 0x45);
        sensor.StartMeasurement();
        _rig.Clock.Advance(5);
        Assert.False(sensor.TryReadMeasurement(out _, out _));
        Assert.Equal(SensorStatus.NoResponse, sensor.Status);
        _rig.Clock.Advance(11);
        Assert.True(sensor.TryReadMeasurement(out _, out _));
    }

    [Fact]
    public void CorruptedTransfer_FromTheSimulatedPart_IsCaughtByTheCrc()
    {
        var sensor = new Sht3xDriver(_rig.Bus, 0x45);
        _rig.Part.CorruptReads = 1;
        sensor.StartMeasurement();
        _rig.Clock.Advance(16);
        Assert.False(sensor.TryReadMeasurement(out _, out _));
        Assert.Equal(SensorStatus.CrcMismatch, sensor.Status);
    }

    [Fact]
    public void SoftReset_SendsTheResetCommand()
    {
        var sensor = new Sht3xDriver(_rig.Bus, 0x45);
        Assert.True(sensor.SoftReset());
        Assert.Equal(new byte[] { 0x30, 0xA2 }, _rig.Bus.Writes(0x45).Single());
        Assert.False(sensor.TryReadMeasurement(out _, out _));
        Assert.Equal(SensorStatus.NotStarted, sensor.Status);
    }

    [Theory]
    [InlineData(0, -45.0, 0.0)]
    [InlineData(65535, 130.0, 100.0)]
    public void Conversion_FormulaEndpoints(int raw, double celsius, double humidity)
    {
        Assert.Equal(celsius, Sht3xDriver.ToCelsius(raw), 9);
        Assert.Equal(humidity, Sht3xDriver.ToRelativeHumidity(raw), 9);
    }
}
