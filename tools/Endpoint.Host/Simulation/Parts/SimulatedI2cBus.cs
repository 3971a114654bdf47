using System.Collections.Generic;
using Endpoint.Core.Hardware;

namespace Endpoint.Host.Simulation.Parts;

/// <summary>An I2C bus that routes each transfer to the simulated part at its address; an empty address NACKs.</summary>
public sealed class SimulatedI2cBus : II2cBus
{
    private readonly Dictionary<int, SimulatedI2cPart> _parts = new();

    /// <summary>Attaches <paramref name="part"/> at its address.</summary>
    public void Add(SimulatedI2cPart part) => _parts[part.Address] = part;

    /// <summary>The part at <paramref name="address"/>, or null.</summary>
    public SimulatedI2cPart At(int address) => _parts.TryGetValue(address, out var p) ? p : null;

    /// <inheritdoc />
    public bool Write(int address, byte[] buffer, int offset, int count) => At(address)?.Write(buffer, offset, count) ?? false;

    /// <inheritdoc />
    public bool Read(int address, byte[] buffer, int offset, int count) => At(address)?.Read(buffer, offset, count) ?? false;

    /// <inheritdoc />
    public bool WriteRead(int address, byte[] write, int writeOffset, int writeCount, byte[] read, int readOffset, int readCount)
    {
        var part = At(address);
        return part != null && part.Write(write, writeOffset, writeCount) && part.Read(read, readOffset, readCount);
    }
}
