using System;
using System.Linq;
using Endpoint.Core.Hardware;
using Endpoint.Drivers.Bme280;
using Endpoint.Host.Simulation.Parts;
using Endpoint.Tests.Support;
using Bme280Driver = Endpoint.Drivers.Bme280.Bme280;

namespace Endpoint.Tests.Drivers.Bme280;

public class Bme280Tests
{
    private readonly I2cPartRig<SimulatedBme280> _rig = new(18.25, 62.5, (clock, world) => new SimulatedBme280(0x76, clock, world));

    public Bme280Tests() => _rig.World.MeanHectopascals = 1002.5;

    // The worked example of the Bosch BMP280 datasheet (§3.12), whose temperature and pressure
    // compensation the BME280 shares (BME280 datasheet §4.2.3).
    private static Bme280Calibration DatasheetExample() => new()
    {
        T1 = 27504, T2 = 26435, T3 = -1000,
        P1 = 36477, P2 = -10685, P3 = 3024, P4 = 2855, P5 = 140, P6 = -7, P7 = 15500, P8 = -14600, P9 = 6000,
    };

    [Fact]
    public void CompensateTemperature_DatasheetExample_2508IsTwentyFivePointZeroEight()
    {
        int t = DatasheetExample().CompensateTemperature(519888, out int tFine);
        Assert.Equal(128422, tFine);
        Assert.Equal(2508, t);
    }

    [Fact]
    public void CompensatePressure_DatasheetExample_100653Pa()
    {
        var c = DatasheetExample();
        c.CompensateTemperature(519888, out int tFine);
        uint q24_8 = c.CompensatePressure(415148, tFine);
        Assert.Equal(100653, (int)(q24_8 / 256));
        Assert.Equal(DoublePressure(c, tFine, 415148), q24_8 / 256.0, 0); // the datasheet's double formula, within 1 Pa
    }

    [Fact]
    public void CompensatePressure_ZeroP1_ReturnsZeroInsteadOfDividing()
    {
        var c = DatasheetExample();
        c.P1 = 0;
        Assert.Equal(0u, c.CompensatePressure(415148, 128422));
    }

    [Fact]
    public void CompensateHumidity_AgreesWithTheDatasheetDoubleFormulaAcrossTheRange()
    {
        var c = Bme280Calibration.Parse(SimulatedBme280.ExampleCalibration, 0, SimulatedBme280.ExampleCalibration, 26);
        foreach (int adcT in new[] { 400000, 519888, 560000 })
        {
            c.CompensateTemperature(adcT, out int tFine);
            for (int adcH = 20000; adcH <= 40000; adcH += 250)
            {
                double expected = DoubleHumidity(c, tFine, adcH);
                if (expected <= 0 || expected >= 100)
                {
                    continue;
                }

                Assert.Equal(expected, c.CompensateHumidity(adcH, tFine) / 1024.0, tolerance: 0.05);
            }
        }
    }

    [Fact]
    public void CompensateHumidity_ClampsToZeroAndHundred()
    {
        var c = Bme280Calibration.Parse(SimulatedBme280.ExampleCalibration, 0, SimulatedBme280.ExampleCalibration, 26);
        c.CompensateTemperature(519888, out int tFine);
        Assert.Equal(0u, c.CompensateHumidity(0, tFine));
        Assert.Equal(100u * 1024, c.CompensateHumidity(65535, tFine));
    }

    [Fact]
    public void Parse_SignedTwelveBitH4H5_AndByteOrder()
    {
        // dig_H4 = 0xE4[7:0] << 4 | 0xE5[3:0], dig_H5 = 0xE6[7:0] << 4 | 0xE5[7:4] (datasheet Table 16)
        byte[] tp = new byte[26];
        tp[0] = 0x70; tp[1] = 0x6B;           // dig_T1 = 0x6B70 = 27504
        tp[2] = 0x43; tp[3] = 0x67;           // dig_T2 = 26435
        tp[4] = 0x18; tp[5] = 0xFC;           // dig_T3 = -1000
        tp[25] = 75;                          // dig_H1
        byte[] h = { 0x6A, 0x01, 0x00, 0xF0, 0x8A, 0xFF, 0xE2 };
        var c = Bme280Calibration.Parse(tp, 0, h, 0);
        Assert.Equal(27504, c.T1);
        Assert.Equal(26435, c.T2);
        Assert.Equal(-1000, c.T3);
        Assert.Equal(75, c.H1);
        Assert.Equal(362, c.H2);
        Assert.Equal(-256 + 0xA, c.H4); // 0xF0 is -16 → -256, low nibble 0xA
        Assert.Equal(-16 + 0x8, c.H5);  // 0xFF is -1 → -16, high nibble of 0x8A
        Assert.Equal(-30, c.H6);
    }

    [Fact]
    public void Initialize_ReadsIdThenBothCalibrationBlocks()
    {
        var sensor = new Bme280Driver(_rig.Bus, 0x76);
        Assert.True(sensor.Initialize());
        var writes = _rig.Bus.Writes(0x76).ToList();
        Assert.Equal(new byte[] { 0xD0 }, writes[0]);
        Assert.Equal(new byte[] { 0x88 }, writes[1]);
        Assert.Equal(new byte[] { 0xE1 }, writes[2]);
        Assert.Equal(27504, sensor.Calibration.T1);
        Assert.Equal(6000, sensor.Calibration.P9);
        Assert.Equal(333, sensor.Calibration.H4);
    }

    [Fact]
    public void Initialize_Bmp280ChipId_RefusedAsInvalid()
    {
        _rig.Part.ChipId = 0x58;
        var sensor = new Bme280Driver(_rig.Bus, 0x76);
        Assert.False(sensor.Initialize());
        Assert.Equal(SensorStatus.InvalidData, sensor.Status);
        Assert.False(sensor.StartMeasurement());
    }

    [Fact]
    public void StartMeasurement_WritesCtrlHumThenForcedCtrlMeas()
    {
        var sensor = new Bme280Driver(_rig.Bus, 0x76);
        Assert.True(sensor.StartMeasurement());
        var writes = _rig.Bus.Writes(0x76).Skip(3).ToList(); // after id and calibration
        Assert.Equal(new byte[] { 0xF2, 0x01 }, writes[0]);
        Assert.Equal(new byte[] { 0xF4, 0x25 }, writes[1]); // osrs_t 1×, osrs_p 1×, forced
    }

    [Fact]
    public void TryReadMeasurement_AfterConversion_GivesTheSimulatedClimate()
    {
        var sensor = new Bme280Driver(_rig.Bus, 0x76);
        sensor.StartMeasurement();
        _rig.Clock.Advance(sensor.MeasurementMs);
        Assert.True(sensor.TryReadMeasurement(out double t, out double hpa, out double rh));
        Assert.Equal(18.25, t, 2);
        Assert.Equal(1002.5, hpa, 2);
        Assert.Equal(62.5, rh, 2);
    }

    [Fact]
    public void TryReadMeasurement_WhileMeasuring_StatusBitMeansNotYet()
    {
        var sensor = new Bme280Driver(_rig.Bus, 0x76);
        sensor.StartMeasurement();
        _rig.Clock.Advance(3);
        Assert.False(sensor.TryReadMeasurement(out double t, out _, out _));
        Assert.True(double.IsNaN(t));
        Assert.Equal(SensorStatus.NoResponse, sensor.Status);
        _rig.Clock.Advance(7);
        Assert.True(sensor.TryReadMeasurement(out t, out _, out _));
    }

    [Fact]
    public void TryReadMeasurement_SkippedChannel_IsInvalidNotZero()
    {
        var bus = new ScriptedI2cBus();
        bus.Replies.Enqueue(new byte[] { 0x60 });
        bus.Replies.Enqueue(SimulatedBme280.ExampleCalibration.Take(26).ToArray());
        bus.Replies.Enqueue(SimulatedBme280.ExampleCalibration.Skip(26).ToArray());
        bus.Replies.Enqueue(new byte[] { 0x00 }); // status: idle
        bus.Replies.Enqueue(new byte[] { 0x65, 0x5A, 0xC0, 0x7E, 0xED, 0x00, 0x80, 0x00 }); // humidity 0x8000: skipped
        var sensor = new Bme280Driver(bus, 0x76);
        Assert.True(sensor.StartMeasurement());
        Assert.False(sensor.TryReadMeasurement(out _, out _, out double rh));
        Assert.True(double.IsNaN(rh));
        Assert.Equal(SensorStatus.InvalidData, sensor.Status);
    }

    [Fact]
    public void Absent_NoResponse()
    {
        _rig.Part.Absent = true;
        var sensor = new Bme280Driver(_rig.Bus, 0x76);
        Assert.False(sensor.StartMeasurement());
        Assert.Equal(SensorStatus.NoResponse, sensor.Status);
    }

    [Fact]
    public void SimulatedEncoding_RoundTripsThroughTheDriverAcrossTheRange()
    {
        var c = Bme280Calibration.Parse(SimulatedBme280.ExampleCalibration, 0, SimulatedBme280.ExampleCalibration, 26);
        var random = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            double t = -20 + 60 * random.NextDouble();
            double p = 900 + 180 * random.NextDouble();
            double h = 5 + 90 * random.NextDouble();
            var (adcP, adcT, adcH) = _rig.Part.Encode(t, p, h);
            double back = c.CompensateTemperature(adcT, out int tFine) / 100.0;
            Assert.Equal(t, back, tolerance: 0.006); // 0.01 °C steps, rounded to nearest
            Assert.True(Math.Abs(p - c.CompensatePressure(adcP, tFine) / 25600.0) < 0.02, $"pressure {p}");
            Assert.True(Math.Abs(h - c.CompensateHumidity(adcH, tFine) / 1024.0) < 0.02, $"humidity {h}");
        }
    }

    // BME280 datasheet §8.1, bme280_compensate_P_double.
    private static double DoublePressure(Bme280Calibration c, int tFine, int adcP)
    {
        double var1 = tFine / 2.0 - 64000.0;
        double var2 = var1 * var1 * c.P6 / 32768.0;
        var2 += var1 * c.P5 * 2.0;
        var2 = var2 / 4.0 + c.P4 * 65536.0;
        var1 = (c.P3 * var1 * var1 / 524288.0 + c.P2 * var1) / 524288.0;
        var1 = (1.0 + var1 / 32768.0) * c.P1;
        double p = 1048576.0 - adcP;
        p = (p - var2 / 4096.0) * 6250.0 / var1;
        var1 = c.P9 * p * p / 2147483648.0;
        var2 = p * c.P8 / 32768.0;
        return p + (var1 + var2 + c.P7) / 16.0;
    }

    // BME280 datasheet §8.1, bme280_compensate_H_double.
    private static double DoubleHumidity(Bme280Calibration c, int tFine, int adcH)
    {
        double h = tFine - 76800.0;
        h = (adcH - (c.H4 * 64.0 + c.H5 / 16384.0 * h)) * (c.H2 / 65536.0 * (1.0 + c.H6 / 67108864.0 * h * (1.0 + c.H3 / 67108864.0 * h)));
        return h * (1.0 - c.H1 * h / 524288.0);
    }
}
