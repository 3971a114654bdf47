using Endpoint.Core.Hardware;

namespace Endpoint.Host.Simulation;

/// <summary>
/// A simulated GPIO pin. Outputs remember their level; inputs read the level set from outside
/// (<see cref="SetInput"/>, as a button or sensor would) and raise <see cref="Changed"/> on edges.
/// Internal pulls give the idle level of an unconnected input.
/// </summary>
public sealed class SimulatedPin : IGpioPin
{
    private readonly object _lock = new();
    private bool _level;

    /// <summary>Creates a pin opened in <paramref name="mode"/>.</summary>
    public SimulatedPin(int number, PinMode mode)
    {
        Number = number;
        Mode = mode;
        _level = mode == PinMode.InputPullUp;
    }

    /// <inheritdoc />
    public int Number { get; }

    /// <summary>How the pin was opened.</summary>
    public PinMode Mode { get; }

    /// <summary>Output writes so far.</summary>
    public int Writes { get; private set; }

    /// <inheritdoc />
    public event PinChangedHandler Changed;

    /// <inheritdoc />
    public bool Read()
    {
        lock (_lock)
        {
            return _level;
        }
    }

    /// <inheritdoc />
    public void Write(bool high)
    {
        lock (_lock)
        {
            _level = high;
            Writes++;
        }
    }

    /// <summary>Drives an input from outside; raises <see cref="Changed"/> when the level changes.</summary>
    public void SetInput(bool high)
    {
        lock (_lock)
        {
            if (_level == high)
            {
                return;
            }

            _level = high;
        }

        Changed?.Invoke(this, high);
    }
}
