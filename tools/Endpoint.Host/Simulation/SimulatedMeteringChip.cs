using System;
using Endpoint.Core.Hardware;
using Endpoint.Core.Runtime;
using Endpoint.Drivers.Hlw8012;

namespace Endpoint.Host.Simulation;

/// <summary>
/// A pulse-output metering chip (BL0937, HLW8012) measuring a <see cref="SimulatedLoad"/>: its CF output
/// runs at the frequency the datasheet's transfer function gives for the load's power, its CF1 output at
/// the frequency for the current or the voltage, as the SEL pin selects. The counters integrate those
/// frequencies over the endpoint's clock, so a driver reading them sees exactly what a real chip would
/// produce for that load (less the real one's jitter).
/// </summary>
public sealed class SimulatedMeteringChip
{
    private readonly object _lock = new();
    private readonly MeteringChip _chip;
    private readonly IClock _clock;
    private readonly SimulatedLoad _load;
    private readonly Func<bool> _selHigh;
    private long _lastMs;
    private double _cf;
    private double _cf1;

    /// <summary>Creates the chip; <paramref name="selHigh"/> reads the SEL pin's level.</summary>
    public SimulatedMeteringChip(MeteringChip chip, IClock clock, SimulatedLoad load, Func<bool> selHigh)
    {
        _chip = chip;
        _clock = clock;
        _load = load;
        _selHigh = selHigh;
        _lastMs = clock.UptimeMs;
        Cf = new Counter(this, false);
        Cf1 = new Counter(this, true);
    }

    /// <summary>The CF output's counter (active power).</summary>
    public IPulseCounter Cf { get; }

    /// <summary>The CF1 output's counter (current or voltage).</summary>
    public IPulseCounter Cf1 { get; }

    /// <summary>The load it measures.</summary>
    public SimulatedLoad Load => _load;

    // Integrates since the last read at the present load and SEL level: the driver reads both counters
    // and then switches SEL, so the level now is the level of the whole interval. A relay switched inside
    // a window counts as switched for the whole window (up to one 2 s window of energy off, never drift).
    private long Read(bool cf1)
    {
        lock (_lock)
        {
            long now = _clock.UptimeMs;
            if (now > _lastMs)
            {
                double seconds = (now - _lastMs) / 1000.0;
                _load.At(now, out double watts, out double volts, out double amps);
                _cf += watts / _chip.WattsPerHz * seconds;
                bool current = _selHigh() == _chip.CurrentSelLevel;
                _cf1 += (current ? amps / _chip.AmpsPerHz : volts / _chip.VoltsPerHz) * seconds;
                _lastMs = now;
            }

            return (long)Math.Floor(cf1 ? _cf1 : _cf);
        }
    }

    private sealed class Counter(SimulatedMeteringChip chip, bool cf1) : IPulseCounter
    {
        public long Read() => chip.Read(cf1);
    }
}
