using System;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Simulation.Parts;

/// <summary>
/// An SHT3x at command level: single-shot measurements (0x2400/0x240B/0x2416 without clock
/// stretching, 0x2C06/0x2C0D/0x2C10 with — answered the same, since a simulated bus cannot stretch),
/// ready after the typical conversion time (NACK before, datasheet §4.4), and the soft reset 0x30A2.
/// Values come from the <see cref="SimulatedEnvironment"/>, encoded with the inverse of §4.13.
/// </summary>
public sealed class SimulatedSht3x : SimulatedSensirionPart
{
    private readonly SimulatedEnvironment _environment;

    /// <summary>Creates the part.</summary>
    public SimulatedSht3x(int address, IClock clock, SimulatedEnvironment environment)
        : base(address, clock) => _environment = environment;

    /// <summary>Measurements started.</summary>
    public int Measurements { get; private set; }

    /// <inheritdoc />
    protected override bool OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.Length != 2)
        {
            return false;
        }

        long now = Clock.UptimeMs;
        switch ((data[0] << 8) | data[1])
        {
            case 0x2400 or 0x2C06: Measure(now + 13); return true; // high: typ. 12.5 ms
            case 0x240B or 0x2C0D: Measure(now + 5); return true;  // medium: typ. 4.5 ms
            case 0x2416 or 0x2C10: Measure(now + 3); return true;  // low: typ. 2.5 ms
            case 0x30A2:
                DropAnswer();
                return true;
            default:
                return false;
        }
    }

    private void Measure(long readyAt)
    {
        Measurements++;
        Answer(Encode(_environment.Celsius, -45, 175), Encode(_environment.Humidity, 0, 100), readyAt);
    }
}
