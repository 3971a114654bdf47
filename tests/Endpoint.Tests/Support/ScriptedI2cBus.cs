using System;
using System.Collections.Generic;
using System.Linq;
using Endpoint.Core.Hardware;

namespace Endpoint.Tests.Support;

/// <summary>
/// An I2C bus for golden-byte tests: records every transfer and answers reads with scripted bytes
/// (or passes them to an inner bus, such as a simulated part, and records what it answered).
/// </summary>
public sealed class ScriptedI2cBus : II2cBus
{
    private readonly II2cBus _inner;

    public ScriptedI2cBus(II2cBus inner = null) => _inner = inner;

    public record Transfer(string Kind, int Address, byte[] Bytes, bool Acknowledged);

    public List<Transfer> Transfers { get; } = new();

    /// <summary>Answers to the next reads, in order; null answers as a NACK.</summary>
    public Queue<byte[]> Replies { get; } = new();

    public IEnumerable<byte[]> Writes(int address) => Transfers.Where(t => t.Kind == "write" && t.Address == address).Select(t => t.Bytes);

    public bool Write(int address, byte[] buffer, int offset, int count)
    {
        var bytes = buffer.AsSpan(offset, count).ToArray();
        bool ok = _inner?.Write(address, buffer, offset, count) ?? true;
        Transfers.Add(new Transfer("write", address, bytes, ok));
        return ok;
    }

    public bool Read(int address, byte[] buffer, int offset, int count)
    {
        bool ok;
        if (Replies.Count > 0)
        {
            byte[] reply = Replies.Dequeue();
            ok = reply != null;
            if (ok)
            {
                Array.Copy(reply, 0, buffer, offset, Math.Min(count, reply.Length));
            }
        }
        else
        {
            ok = _inner?.Read(address, buffer, offset, count) ?? false;
        }

        Transfers.Add(new Transfer("read", address, ok ? buffer.AsSpan(offset, count).ToArray() : null, ok));
        return ok;
    }

    public bool WriteRead(int address, byte[] write, int writeOffset, int writeCount, byte[] read, int readOffset, int readCount) =>
        Write(address, write, writeOffset, writeCount) && Read(address, read, readOffset, readCount);
}
