using System.Linq;
using Endpoint.Core.Hardware;
using Endpoint.Drivers.Sht4x;
using Endpoint.Host.Simulation.Parts;
using Endpoint.Tests.Support;
using Sht4xDriver = Endpoint.Drivers.Sht4x.Sht4x;

namespace Endpoint.Tests.Drivers.Sht4x;

public class Sht4xTests
{
    private readonly I2cPartRig<SimulatedSht4x> _rig = new(23.45, 38.2, (clock, world) => new SimulatedSht4x(0x44, clock, world));

    [Fact]
    public void StartMeasurement_HighPrecision_SendsTheDatasheetCommand0xFD()
    {
        var sensor = new Sht4xDriver(_rig.Bus, 0x44);
        Assert.True(sensor.StartMeasurement());
        Assert.Equal(new byte[] { 0xFD }, _rig.Bus.Writes(0x44).Single());
        Assert.Equal(9, sensor.MeasurementMs); // 8.3 ms at most, rounded up
    }

    [Theory]
    [InlineData(Sht4xPrecision.Medium, 0xF6, 5)]
    [InlineData(Sht4xPrecision.Low, 0xE0, 2)]
    public void StartMeasurement_OtherPrecisions_UseTheirCommandAndTime(Sht4xPrecision precision, byte command, int ms)
    {
        var sensor = new Sht4xDriver(_rig.Bus, 0x44) { Precision = precision };
        Assert.True(sensor.StartMeasurement());
        Assert.Equal(new[] { command }, _rig.Bus.Writes(0x44).Single());
        Assert.Equal(ms, sensor.MeasurementMs);
        _rig.Clock.Advance(ms);
        Assert.True(sensor.TryReadMeasurement(out double t, out _));
        Assert.Equal(23.45, t, 2);
    }

    [Fact]
    public void TryReadMeasurement_DatasheetCrcExampleWord_Decodes()
    {
        // The answer word 0xBEEF with the datasheet's CRC 0x92: T = -45 + 175·48879/65535 °C (§4.6).
        var bus = new ScriptedI2cBus();
        bus.Replies.Enqueue(new byte[] { 0xBE, 0xEF, 0x92, 0x66, 0x66, 0x93 });
        var sensor = new Sht4xDriver(bus, 0x44);
        sensor.StartMeasurement();

        Assert.True(sensor.TryReadMeasurement(out double celsius, out double humidity));
        Assert.Equal(85.523, celsius, 3);
        Assert.Equal(-6 + 125 * 26214 / 65535.0, humidity, 6);
        Assert.Equal(SensorStatus.Ok, sensor.Status);
    }

    [Theory]
    [InlineData(0x0000, -45.0)]
    [InlineData(0xFFFF, 130.0)]
    [InlineData(0x6666, 25.0)]
    public void ToCelsius_FormulaEndpoints(int raw, double celsius) => Assert.Equal(celsius, Sht4xDriver.ToCelsius(raw), 9);

    [Theory]
    [InlineData(0x0000, 0.0)]       // -6 %RH, cropped
    [InlineData(0xFFFF, 100.0)]     // 119 %RH, cropped
    [InlineData(0x8000, 56.500954)]
    public void ToRelativeHumidity_CroppedToPhysicalRange(int raw, double rh) => Assert.Equal(rh, Sht4xDriver.ToRelativeHumidity(raw), 5);

    [Fact]
    public void TryReadMeasurement_AfterConversionTime_GivesTheSimulatedClimate()
    {
        var sensor = new Sht4xDriver(_rig.Bus, 0x44);
        sensor.StartMeasurement();
        _rig.Clock.Advance(sensor.MeasurementMs);

        Assert.True(sensor.TryReadMeasurement(out double t, out double rh));
        Assert.Equal(23.45, t, 2);
        Assert.Equal(38.2, rh, 2);
        Assert.Equal(6, _rig.Bus.Transfers.Last().Bytes.Length);
    }

    [Fact]
    public void TryReadMeasurement_TooEarly_NackIsNoResponseThenSucceeds()
    {
        var sensor = new Sht4xDriver(_rig.Bus, 0x44);
        sensor.StartMeasurement();
        _rig.Clock.Advance(2);

        Assert.False(sensor.TryReadMeasurement(out double t, out double rh));
        Assert.True(double.IsNaN(t) && double.IsNaN(rh));
        Assert.Equal(SensorStatus.NoResponse, sensor.Status);

        _rig.Clock.Advance(7);
        Assert.True(sensor.TryReadMeasurement(out t, out _));
        Assert.Equal(23.45, t, 2);
    }

    [Fact]
    public void TryReadMeasurement_CorruptedAnswer_IsAnErrorNotAStaleValue()
    {
        var sensor = new Sht4xDriver(_rig.Bus, 0x44);
        sensor.StartMeasurement();
        _rig.Clock.Advance(9);
        Assert.True(sensor.TryReadMeasurement(out _, out _));

        _rig.World.MeanCelsius = 30;
        _rig.Part.CorruptReads = 1;
        sensor.StartMeasurement();
        _rig.Clock.Advance(9);
        Assert.False(sensor.TryReadMeasurement(out double t, out double rh));
        Assert.True(double.IsNaN(t) && double.IsNaN(rh));
        Assert.Equal(SensorStatus.CrcMismatch, sensor.Status);

        // the failed answer is consumed: reading again without a new measurement is refused
        Assert.False(sensor.TryReadMeasurement(out t, out _));
        Assert.Equal(SensorStatus.NotStarted, sensor.Status);

        sensor.StartMeasurement();
        _rig.Clock.Advance(9);
        Assert.True(sensor.TryReadMeasurement(out t, out _));
        Assert.Equal(30.0, t, 2);
    }

    [Fact]
    public void Absent_StartFailsWithNoResponse()
    {
        _rig.Part.Absent = true;
        var sensor = new Sht4xDriver(_rig.Bus, 0x44);
        Assert.False(sensor.StartMeasurement());
        Assert.Equal(SensorStatus.NoResponse, sensor.Status);
        Assert.False(sensor.TryReadMeasurement(out _, out _));
        Assert.Equal(SensorStatus.NotStarted, sensor.Status);
    }

    [Fact]
    public void WrongAddress_Nacks()
    {
        var sensor = new Sht4xDriver(_rig.Bus, 0x45);
        Assert.False(sensor.StartMeasurement());
    }

    [Fact]
    public void SerialNumber_Command0x89_TwoCheckedWords()
    {
        _rig.Part.SerialNumber = 0x12345678;
        var sensor = new Sht4xDriver(_rig.Bus, 0x44);
        Assert.True(sensor.StartReadSerialNumber());
        Assert.True(sensor.TryReadSerialNumber(out uint serial));
        Assert.Equal(0x12345678u, serial);
        Assert.Equal(new byte[] { 0x89 }, _rig.Bus.Writes(0x44).Single());
    }

    [Fact]
    public void SoftReset_Command0x94_DropsAPendingMeasurement()
    {
        var sensor = new Sht4xDriver(_rig.Bus, 0x44);
        sensor.StartMeasurement();
        Assert.True(sensor.SoftReset());
        Assert.Equal(new byte[] { 0x94 }, _rig.Bus.Writes(0x44).Last());
        _rig.Clock.Advance(10);
        Assert.False(sensor.TryReadMeasurement(out _, out _));
        Assert.Equal(SensorStatus.NotStarted, sensor.Status);
    }
}
