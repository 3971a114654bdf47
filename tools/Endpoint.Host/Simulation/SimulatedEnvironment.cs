using System;
using System.Collections.Generic;
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

    /// <summary>
    /// Takes the world's values from checked <c>--param</c> values (<see cref="SimParameters.World"/>);
    /// parameters not given keep their defaults.
    /// </summary>
    public void Configure(IReadOnlyDictionary<string, string> values)
    {
        MeanCelsius = SimParameters.Get(values, SimParameters.Temperature);
        SwingCelsius = SimParameters.Get(values, SimParameters.TemperatureSwing);
        MeanHumidity = SimParameters.Get(values, SimParameters.Humidity);
        MeanHectopascals = SimParameters.Get(values, SimParameters.Pressure);
        BatteryVolts = SimParameters.Get(values, SimParameters.Battery);
        DrainVoltsPerDay = SimParameters.Get(values, SimParameters.Drain);
        Noise = SimParameters.Get(values, SimParameters.Noise);
        PeriodMinutes = SimParameters.Get(values, SimParameters.Period);
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
}
