using System;
using System.Collections.Generic;
using Endpoint.Core.Hardware;

namespace Endpoint.Tests.Support;

/// <summary>
/// A null-modem cable in memory: what the device writes is recorded for the test, and the test's bytes reach
/// the device's <see cref="ISerialPort.DataReceived"/> at once, on the caller's thread.
/// </summary>
public sealed class SerialPair : ISerialPort
{
    private readonly List<byte> _fromDevice = new();
    private readonly object _lock = new();

    public event SerialDataHandler DataReceived;

    /// <summary>The device wrote something (raised on the device's thread).</summary>
    public event Action Wrote;

    /// <summary>Everything the device wrote so far.</summary>
    public byte[] FromDevice
    {
        get
        {
            lock (_lock)
            {
                return _fromDevice.ToArray();
            }
        }
    }

    /// <summary>Packets the device wrote so far.</summary>
    public List<ImprovSpec.Frame> Frames => ImprovSpec.Decode(FromDevice);

    public void Write(byte[] data, int offset, int count)
    {
        lock (_lock)
        {
            _fromDevice.AddRange(new ArraySegment<byte>(data, offset, count));
        }

        Wrote?.Invoke();
    }

    /// <summary>The test (the client) sends bytes to the device.</summary>
    public void Send(params byte[] bytes)
    {
        // A fresh array per call: the device must copy it before its loop runs anyway.
        var copy = (byte[])bytes.Clone();
        DataReceived?.Invoke(copy, copy.Length);
    }

    public void Clear()
    {
        lock (_lock)
        {
            _fromDevice.Clear();
        }
    }
}
