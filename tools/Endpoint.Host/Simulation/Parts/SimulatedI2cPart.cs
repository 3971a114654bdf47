using System;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Simulation.Parts;

/// <summary>
/// A part on a <see cref="SimulatedI2cBus"/>, simulated at the level of its datasheet: commands and
/// registers, conversion times, checksums. Faults can be injected as a test or a person needs:
/// <see cref="Absent"/> (no acknowledge, like an unplugged part) and <see cref="CorruptReads"/>
/// (a bit flipped in what the next reads return, like noise on a long cable).
/// </summary>
public abstract class SimulatedI2cPart
{
    private readonly object _lock = new();

    /// <summary>Creates the part at a 7-bit <paramref name="address"/>; <paramref name="clock"/> times its conversions.</summary>
    protected SimulatedI2cPart(int address, IClock clock)
    {
        Address = address;
        Clock = clock;
    }

    /// <summary>7-bit address.</summary>
    public int Address { get; }

    /// <summary>Time for conversions.</summary>
    protected IClock Clock { get; }

    /// <summary>When true the part acknowledges nothing.</summary>
    public bool Absent { get; set; }

    /// <summary>How many of the next reads come back with one bit flipped.</summary>
    public int CorruptReads { get; set; }

    /// <summary>Transfers the part acknowledged.</summary>
    public int Transfers { get; private set; }

    /// <summary>The master writes <paramref name="count"/> bytes; false is a NACK.</summary>
    public bool Write(byte[] data, int offset, int count)
    {
        lock (_lock)
        {
            if (Absent || !OnWrite(new ReadOnlySpan<byte>(data, offset, count)))
            {
                return false;
            }

            Transfers++;
            return true;
        }
    }

    /// <summary>The master reads <paramref name="count"/> bytes; false is a NACK.</summary>
    public bool Read(byte[] buffer, int offset, int count)
    {
        lock (_lock)
        {
            var into = new Span<byte>(buffer, offset, count);
            if (Absent || !OnRead(into))
            {
                return false;
            }

            if (CorruptReads > 0 && count > 0)
            {
                CorruptReads--;
                into[0] ^= 0x01;
            }

            Transfers++;
            return true;
        }
    }

    /// <summary>Handles a write; false to NACK it.</summary>
    protected abstract bool OnWrite(ReadOnlySpan<byte> data);

    /// <summary>Fills a read; false to NACK it (nothing ready).</summary>
    protected abstract bool OnRead(Span<byte> into);
}
