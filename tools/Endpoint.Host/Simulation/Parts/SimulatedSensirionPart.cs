using System;
using Endpoint.Core.Hardware;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Simulation.Parts;

/// <summary>
/// What Sensirion's humidity sensors (SHT3x, SHT4x) share at command level: a command prepares an
/// answer of two 16-bit words, each followed by its CRC-8 (poly 0x31, init 0xFF); reads before the
/// answer is ready are NACKed, as the real parts do, and an answer is read at most once.
/// </summary>
public abstract class SimulatedSensirionPart : SimulatedI2cPart
{
    private byte[] _answer;
    private long _readyAt;

    /// <summary>Creates the part.</summary>
    protected SimulatedSensirionPart(int address, IClock clock)
        : base(address, clock)
    {
    }

    /// <summary>The raw value for <paramref name="value"/> on a linear scale offset + span · raw / 65535, clamped to 16 bits.</summary>
    protected static int Encode(double value, double offset, double span) =>
        (int)Math.Clamp(Math.Round((value - offset) * 65535.0 / span), 0, 65535);

    /// <summary>Prepares the answer <paramref name="first"/>, <paramref name="second"/>, readable from <paramref name="readyAt"/> (uptime ms).</summary>
    protected void Answer(int first, int second, long readyAt)
    {
        var answer = new byte[6];
        Put(answer, 0, first);
        Put(answer, 3, second);
        _answer = answer;
        _readyAt = readyAt;
    }

    /// <summary>Drops a pending answer (a soft reset).</summary>
    protected void DropAnswer() => _answer = null;

    /// <inheritdoc />
    protected override bool OnRead(Span<byte> into)
    {
        if (_answer == null || Clock.UptimeMs < _readyAt || into.Length > _answer.Length)
        {
            return false;
        }

        _answer.AsSpan(0, into.Length).CopyTo(into);
        _answer = null;
        return true;
    }

    private static void Put(byte[] answer, int at, int word)
    {
        answer[at] = (byte)(word >> 8);
        answer[at + 1] = (byte)word;
        answer[at + 2] = Crc8.Sensirion(answer, at);
    }
}
