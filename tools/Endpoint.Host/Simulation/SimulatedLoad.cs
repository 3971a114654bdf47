using System;

namespace Endpoint.Host.Simulation;

/// <summary>
/// What is plugged into a simulated plug: a load drawing <see cref="Watts"/> while the relay is closed,
/// on mains of <see cref="Volts"/>, with a power factor, and a slow, deterministic wander of
/// ±<see cref="Variation"/> so readings look like a real appliance's rather than a constant.
/// </summary>
public sealed class SimulatedLoad
{
    private readonly int _seed;
    private double _watts;

    /// <summary>Creates the load.</summary>
    public SimulatedLoad(double watts, double volts, double powerFactor, double variation, int seed)
    {
        _watts = watts;
        Volts = volts;
        PowerFactor = powerFactor;
        Variation = variation;
        _seed = seed;
    }

    /// <summary>Active power drawn while connected, W (may be changed while running, from any thread).</summary>
    public double Watts
    {
        get => System.Threading.Volatile.Read(ref _watts);
        set => System.Threading.Volatile.Write(ref _watts, value);
    }

    /// <summary>Mains RMS voltage, V.</summary>
    public double Volts { get; }

    /// <summary>Power factor 0 … 1 (1 for a resistive load).</summary>
    public double PowerFactor { get; }

    /// <summary>Relative wander of power and voltage (0.02 = ±2 %).</summary>
    public double Variation { get; }

    /// <summary>True while the load is connected (the relay is closed). Always connected unless set.</summary>
    public Func<bool> IsConnected { get; set; } = () => true;

    /// <summary>Active power, RMS voltage and RMS current at <paramref name="uptimeMs"/>.</summary>
    public void At(long uptimeMs, out double watts, out double volts, out double amps)
    {
        volts = Volts * (1 + (Variation * 0.5 * Wander(uptimeMs, 7)));
        watts = IsConnected() ? Watts * (1 + (Variation * Wander(uptimeMs, 3))) : 0;
        amps = volts > 0 && PowerFactor > 0 ? watts / (volts * PowerFactor) : 0;
    }

    // A value in [-1, 1] moving linearly between pseudo-random points one second apart (a hash of seed,
    // channel and second), so the same seed and time always give the same reading.
    private double Wander(long uptimeMs, int channel)
    {
        long second = uptimeMs / 1000;
        double f = (uptimeMs % 1000) / 1000.0;
        return (Point(second, channel) * (1 - f)) + (Point(second + 1, channel) * f);
    }

    private double Point(long second, int channel)
    {
        ulong h = (ulong)second * 0x9E3779B97F4A7C15UL;
        h ^= (ulong)(uint)_seed * 0xC2B2AE3D27D4EB4FUL;
        h ^= (ulong)channel * 0x165667B19E3779F9UL;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 32;
        return ((h % 20001) / 10000.0) - 1;
    }
}
