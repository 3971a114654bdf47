using System;
using Endpoint.Core.Hardware;

namespace Endpoint.Host.Simulation;

/// <summary>Raised when a frame was sent to a simulated LED chain.</summary>
public delegate void PixelFrameHandler(SimulatedPixelOutput output, byte[] frame);

/// <summary>
/// A simulated addressable-LED output: keeps the last frame (bytes in wire order) and counts frames,
/// so a test or the simulator can see what the LEDs show. Frames are not kept (a fade sends 50 a second);
/// subscribe to <see cref="FrameWritten"/> to watch them.
/// </summary>
public sealed class SimulatedPixelOutput : IPixelOutput
{
    private readonly object _lock = new();
    private byte[] _last = [];

    /// <summary>Creates the output on <paramref name="gpio"/>, sized for frames of <paramref name="frameBytes"/>.</summary>
    public SimulatedPixelOutput(int gpio, int frameBytes)
    {
        Gpio = gpio;
        FrameBytes = frameBytes;
    }

    /// <summary>The pin.</summary>
    public int Gpio { get; }

    /// <summary>Frame length the driver declared when opening the output.</summary>
    public int FrameBytes { get; }

    /// <summary>Frames sent so far.</summary>
    public int Frames { get; private set; }

    /// <summary>Each frame as it is sent (on the endpoint's loop).</summary>
    public event PixelFrameHandler FrameWritten;

    /// <summary>A copy of the last frame, empty before the first.</summary>
    public byte[] LastFrame
    {
        get
        {
            lock (_lock)
            {
                return (byte[])_last.Clone();
            }
        }
    }

    /// <inheritdoc />
    public void Write(byte[] data, int offset, int count)
    {
        if (count > FrameBytes)
        {
            throw new ArgumentException($"frame of {count} bytes on GPIO{Gpio}, opened for {FrameBytes}");
        }

        var frame = new byte[count];
        Array.Copy(data, offset, frame, 0, count);
        lock (_lock)
        {
            _last = frame;
            Frames++;
        }

        FrameWritten?.Invoke(this, frame);
    }
}
