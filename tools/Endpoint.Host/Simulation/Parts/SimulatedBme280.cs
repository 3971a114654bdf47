using System;
using Endpoint.Core.Runtime;
using Endpoint.Drivers.Bme280;

namespace Endpoint.Host.Simulation.Parts;

/// <summary>
/// A BME280 at register level (datasheet §5): chip id 0x60, the calibration blocks at 0x88–0xA1 and
/// 0xE1–0xE7, ctrl_hum/ctrl_meas, status (measuring bit), and the 0xF7–0xFE data burst. Writes are
/// register/value pairs and reads auto-increment (§6.2). Writing forced mode to ctrl_meas starts a
/// conversion that completes after the typical time (8 ms at 1× oversampling); until then the status
/// says measuring and the data registers hold the previous result. Physical values from the
/// <see cref="SimulatedEnvironment"/> are encoded into raw ADC words by inverting the datasheet's
/// integer compensation (<see cref="Bme280Calibration"/>) with a binary search, so the driver's
/// compensation gives them back to within one step.
/// </summary>
public sealed class SimulatedBme280 : SimulatedI2cPart
{
    /// <summary>
    /// The trimming parameters it reports: dig_T1…dig_P9 are the worked example of the Bosch BMP280
    /// datasheet (§3.12; the BME280 shares those formulas), dig_H1…dig_H6 a plausible humidity set.
    /// </summary>
    public static readonly byte[] ExampleCalibration = BuildCalibration(
        27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362, 0, 333, 0, 30);

    private const int CalibrationTpLength = 26;
    private readonly SimulatedEnvironment _environment;
    private readonly byte[] _registers = new byte[256];
    private readonly Bme280Calibration _calibration;
    private int _pointer;
    private long _doneAt = -1;
    private byte[] _pending;

    /// <summary>Creates the part with <see cref="ExampleCalibration"/>.</summary>
    public SimulatedBme280(int address, IClock clock, SimulatedEnvironment environment)
        : base(address, clock)
    {
        _environment = environment;
        Array.Copy(ExampleCalibration, 0, _registers, 0x88, CalibrationTpLength);
        Array.Copy(ExampleCalibration, CalibrationTpLength, _registers, 0xE1, Bme280Calibration.HumidityLength);
        _calibration = Bme280Calibration.Parse(_registers, 0x88, _registers, 0xE1);
        Reset();
    }

    /// <summary>The chip id register's value (0x60; set 0x58 to pose as a BMP280).</summary>
    public byte ChipId { get; set; } = 0x60;

    /// <summary>Measurements started.</summary>
    public int Measurements { get; private set; }

    /// <summary>Raw ADC words (pressure, temperature, humidity) that the datasheet's compensation turns into the given values.</summary>
    public (int AdcP, int AdcT, int AdcH) Encode(double celsius, double hectopascals, double humidity)
    {
        int adcT = Search(0, (1 << 20) - 1, a => _calibration.CompensateTemperature(a, out _), (long)Math.Round(celsius * 100), increasing: true);
        _calibration.CompensateTemperature(adcT, out int tFine);
        int adcP = Search(0, (1 << 20) - 1, a => _calibration.CompensatePressure(a, tFine), (long)Math.Round(hectopascals * 25600), increasing: false);
        int adcH = Search(0, 0xFFFF, a => _calibration.CompensateHumidity(a, tFine), (long)Math.Round(humidity * 1024), increasing: true);
        return (adcP, adcT, adcH);
    }

    /// <inheritdoc />
    protected override bool OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            return false;
        }

        _pointer = data[0];
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            WriteRegister(data[i], data[i + 1]);
        }

        return true;
    }

    /// <inheritdoc />
    protected override bool OnRead(Span<byte> into)
    {
        Complete();
        _registers[0xD0] = ChipId;
        _registers[0xF3] = (byte)(_pending != null ? 0x08 : 0x00);
        for (int i = 0; i < into.Length; i++)
        {
            into[i] = _registers[(_pointer + i) & 0xFF];
        }

        return true;
    }

    private void WriteRegister(int register, byte value)
    {
        switch (register)
        {
            case 0xE0:
                if (value == 0xB6)
                {
                    Reset();
                }

                break;
            case 0xF2:
            case 0xF5:
                _registers[register] = value;
                break;
            case 0xF4:
                _registers[0xF4] = value;
                if ((value & 0x03) is 0x01 or 0x02)
                {
                    StartForced();
                }

                break;
        }
    }

    private void StartForced()
    {
        Complete();
        Measurements++;
        int osrsT = _registers[0xF4] >> 5;
        int osrsP = (_registers[0xF4] >> 2) & 0x07;
        int osrsH = _registers[0xF2] & 0x07; // latched by this write of ctrl_meas (§5.4.3)
        var (adcP, adcT, adcH) = Encode(_environment.Celsius, _environment.Hectopascals, _environment.Humidity);
        if (osrsT == 0) adcT = 0x80000;
        if (osrsP == 0) adcP = 0x80000;
        if (osrsH == 0) adcH = 0x8000;
        _pending = [(byte)(adcP >> 12), (byte)(adcP >> 4), (byte)(adcP << 4), (byte)(adcT >> 12), (byte)(adcT >> 4), (byte)(adcT << 4), (byte)(adcH >> 8), (byte)adcH];
        _doneAt = Clock.UptimeMs + 8;
    }

    private void Complete()
    {
        if (_pending != null && Clock.UptimeMs >= _doneAt)
        {
            Array.Copy(_pending, 0, _registers, 0xF7, _pending.Length);
            _pending = null;
            _registers[0xF4] = (byte)(_registers[0xF4] & ~0x03); // back to sleep mode
        }
    }

    private void Reset()
    {
        _pending = null;
        _registers[0xF2] = 0;
        _registers[0xF4] = 0;
        _registers[0xF5] = 0;
        byte[] skipped = [0x80, 0x00, 0x00, 0x80, 0x00, 0x00, 0x80, 0x00];
        Array.Copy(skipped, 0, _registers, 0xF7, skipped.Length);
    }

    // The smallest raw value whose compensated output reaches the target (largest for decreasing functions).
    private static int Search(int lo, int hi, Func<int, long> compensate, long target, bool increasing)
    {
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            long v = compensate(mid);
            bool below = increasing ? v < target : v > target;
            if (below)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static byte[] BuildCalibration(int t1, int t2, int t3, int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9, int h1, int h2, int h3, int h4, int h5, int h6)
    {
        var b = new byte[CalibrationTpLength + Bme280Calibration.HumidityLength];
        int i = 0;
        foreach (int w in new[] { t1, t2, t3, p1, p2, p3, p4, p5, p6, p7, p8, p9 })
        {
            b[i++] = (byte)w;
            b[i++] = (byte)(w >> 8);
        }

        b[25] = (byte)h1; // 0xA1 (0xA0 is reserved)
        int h = CalibrationTpLength;
        b[h] = (byte)h2;
        b[h + 1] = (byte)(h2 >> 8);
        b[h + 2] = (byte)h3;
        b[h + 3] = (byte)(h4 >> 4);
        b[h + 4] = (byte)((h4 & 0x0F) | ((h5 & 0x0F) << 4));
        b[h + 5] = (byte)(h5 >> 4);
        b[h + 6] = (byte)h6;
        return b;
    }
}
