using System;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Simulation.Parts;

/// <summary>
/// An SHT4x at command level (datasheet §4.5): 0xFD/0xF6/0xE0 start a measurement whose answer
/// (T word, CRC, RH word, CRC) is ready after the typical conversion time — reads before that are
/// NACKed, as the real part does —, 0x89 answers the serial number, 0x94 resets. Values come from
/// the <see cref="SimulatedEnvironment"/>, encoded with the inverse of the datasheet's §4.6 formulas.
/// </summary>
public sealed class SimulatedSht4x : SimulatedSensirionPart
{
    private readonly SimulatedEnvironment _environment;

    /// <summary>Creates the part.</summary>
    public SimulatedSht4x(int address, IClock clock, SimulatedEnvironment environment)
        : base(address, clock) => _environment = environment;

    /// <summary>The serial number it reports.</summary>
    public uint SerialNumber { get; set; } = 0x0F2A1B3C;

    /// <summary>Measurements started.</summary>
    public int Measurements { get; private set; }

    /// <inheritdoc />
    protected override bool OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.Length != 1)
        {
            return false;
        }

        long now = Clock.UptimeMs;
        switch (data[0])
        {
            case 0xFD: Measure(now + 7); return true;   // high precision: typ. 6.9 ms
            case 0xF6: Measure(now + 4); return true;   // medium: typ. 3.7 ms
            case 0xE0: Measure(now + 2); return true;   // low: typ. 1.3 ms
            case 0x89:
                Answer((int)(SerialNumber >> 16), (int)(SerialNumber & 0xFFFF), now);
                return true;
            case 0x94:
                DropAnswer();
                return true;
            default:
                return false;
        }
    }

    private void Measure(long readyAt)
    {
        Measurements++;
        int t = Encode(_environment.Celsius, -45, 175);
        int rh = Encode(_environment.Humidity, -6, 125);
        Answer(t, rh, readyAt);
    }
}
