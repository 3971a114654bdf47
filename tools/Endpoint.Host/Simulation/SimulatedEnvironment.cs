using System;
using System.Globalization;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Simulation;

/// <summary>
/// The physical world around simulated parts: air temperature that drifts through a daily swing,
/// relative humidity that moves against it (warmer air at the same moisture is relatively drier),
/// pressure wandering around 1013 hPa, and a battery that discharges slowly. Each reading adds a
/// little noise. Values depend on the world's time (<see cref="Clock"/>), not an endpoint's uptime, so
/// they carry on across deep sleeps and reboots. Thread-safe.
/// </summary>
public sealed class SimulatedEnvironment
{
    private readonly object _lock = new();
    private readonly Random _random;

    /// <summary>Creates the world on <paramref name="clock"/>.</summary>
    public SimulatedEnvironment(IClock clock, int seed = 1)
    {
        Clock = clock;
        _random = new Random(seed);
    }

    /// <summary>Parameter names accepted by <see cref="Set"/>, with what they mean.</summary>
    public static readonly (string Name, string Meaning)[] Parameters =
    [
        ("temp", "mean temperature, °C (default 21.5)"),
        ("temp_swing", "half the daily temperature swing, °C (default 1.5)"),
        ("humidity", "mean relative humidity, % (default 45)"),
        ("pressure", "mean pressure, hPa (default 1013.25)"),
        ("battery", "battery voltage at start, V (default 3.0)"),
        ("drain", "battery drop per day, V (default 0.003)"),
        ("noise", "noise scale: 1 = ±0.02 °C, ±0.1 %RH, ±0.02 hPa (default 1)"),
        ("period", "length of a simulated 'day', minutes (default 1440)"),
    ];

    /// <summary>
    /// The world's clock. Replaceable: a simulation that boots devices on manual clocks points it at
    /// the current boot's clock plus the time of that boot (<see cref="Runtime.OffsetClock"/>).
    /// </summary>
    public IClock Clock { get; set; }

    /// <summary>Mean temperature in °C.</summary>
    public double MeanCelsius { get; set; } = 21.5;

    /// <summary>Half the daily temperature swing in °C.</summary>
    public double SwingCelsius { get; set; } = 1.5;

    /// <summary>Mean relative humidity in %.</summary>
    public double MeanHumidity { get; set; } = 45;

    /// <summary>Mean pressure in hPa.</summary>
    public double MeanHectopascals { get; set; } = 1013.25;

    /// <summary>Battery voltage at world time 0.</summary>
    public double BatteryVolts { get; set; } = 3.0;

    /// <summary>Battery drop per day in volts.</summary>
    public double DrainVoltsPerDay { get; set; } = 0.003;

    /// <summary>Noise multiplier (0 = none).</summary>
    public double Noise { get; set; } = 1;

    /// <summary>Period of the daily cycle in minutes.</summary>
    public double PeriodMinutes { get; set; } = 1440;

    /// <summary>Sets a parameter by name (see <see cref="Parameters"/>); throws <see cref="FormatException"/> with one clear line.</summary>
    public void Set(string name, string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || double.IsNaN(v) || double.IsInfinity(v))
        {
            throw new FormatException($"parameter '{name}': '{value}' is not a number");
        }

        switch (name)
        {
            case "temp": MeanCelsius = Range(name, v, -40, 85); break;
            case "temp_swing": SwingCelsius = Range(name, v, 0, 30); break;
            case "humidity": MeanHumidity = Range(name, v, 0, 100); break;
            case "pressure": MeanHectopascals = Range(name, v, 300, 1100); break;
            case "battery": BatteryVolts = Range(name, v, 0, 6); break;
            case "drain": DrainVoltsPerDay = Range(name, v, 0, 3); break;
            case "noise": Noise = Range(name, v, 0, 100); break;
            case "period": PeriodMinutes = Range(name, v, 1, 525600); break;
            default: throw new FormatException($"unknown parameter '{name}'; known: {string.Join(", ", Array.ConvertAll(Parameters, p => p.Name))}");
        }
    }

    /// <summary>Air temperature now, °C.</summary>
    public double Celsius => MeanCelsius + SwingCelsius * Math.Sin(Phase()) + Jitter(0.02);

    /// <summary>Relative humidity now, %: 3 %RH lower per °C above the mean, clamped to 0–100.</summary>
    public double Humidity => Math.Clamp(MeanHumidity - 3 * SwingCelsius * Math.Sin(Phase()) + Jitter(0.1), 0, 100);

    /// <summary>Pressure now, hPa: ±2 hPa over two simulated days.</summary>
    public double Hectopascals => MeanHectopascals + 2 * Math.Sin(Phase() / 2) + Jitter(0.02);

    /// <summary>Battery voltage now.</summary>
    public double Battery => Math.Max(0, BatteryVolts - DrainVoltsPerDay * Clock.UptimeMs / 86_400_000.0 + Jitter(0.002));

    private double Phase() => 2 * Math.PI * Clock.UptimeMs / (PeriodMinutes * 60_000);

    private double Jitter(double scale)
    {
        lock (_lock)
        {
            return (_random.NextDouble() * 2 - 1) * scale * Noise;
        }
    }

    private static double Range(string name, double v, double min, double max) =>
        v >= min && v <= max ? v : throw new FormatException($"parameter '{name}' must be from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not {v.ToString(CultureInfo.InvariantCulture)}");
}
