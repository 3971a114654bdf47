using System;
using System.Collections.Generic;
using Endpoint.Core.Hardware;

namespace Endpoint.Host.Simulation;

/// <summary>Simulated peripherals of one endpoint. Pins are kept so a test or a person can press buttons and watch outputs.</summary>
public sealed class SimulatedHardware : IHardware
{
    private readonly Dictionary<int, SimulatedPin> _pins = new();
    private readonly Dictionary<int, SimulatedPwm> _pwms = new();
    private readonly Dictionary<int, SimulatedPixelOutput> _pixels = new();

    /// <summary>I2C buses to hand out, by bus id (tests and the simulator attach simulated parts).</summary>
    public Dictionary<int, II2cBus> I2cBuses { get; } = new();

    /// <summary>ADC inputs to hand out, by GPIO.</summary>
    public Dictionary<int, IAdcChannel> AdcChannels { get; } = new();

    /// <summary>Pulse counters to hand out, by GPIO (the simulator attaches a simulated metering chip's outputs).</summary>
    public Dictionary<int, IPulseCounter> PulseCounters { get; } = new();

    /// <summary>The opened pin with <paramref name="gpio"/>.</summary>
    public SimulatedPin Pin(int gpio) => _pins.TryGetValue(gpio, out var pin) ? pin : throw new InvalidOperationException($"GPIO{gpio} was not opened");

    /// <summary>The opened PWM output on <paramref name="gpio"/>.</summary>
    public SimulatedPwm Pwm(int gpio) => _pwms.TryGetValue(gpio, out var pwm) ? pwm : throw new InvalidOperationException($"no PWM on GPIO{gpio}");

    /// <summary>The opened addressable-LED output on <paramref name="gpio"/>.</summary>
    public SimulatedPixelOutput Pixels(int gpio) => _pixels.TryGetValue(gpio, out var p) ? p : throw new InvalidOperationException($"no pixel output on GPIO{gpio}");

    /// <inheritdoc />
    public IGpioPin OpenPin(int pin, PinMode mode)
    {
        CheckFree(pin);

        var p = new SimulatedPin(pin, mode);
        _pins[pin] = p;
        return p;
    }

    /// <inheritdoc />
    public IPwmChannel OpenPwm(int pin, int frequency)
    {
        CheckFree(pin);

        var p = new SimulatedPwm(frequency);
        _pwms[pin] = p;
        return p;
    }

    /// <inheritdoc />
    public II2cBus OpenI2c(int busId, int sdaPin, int sclPin, int frequency) =>
        I2cBuses.TryGetValue(busId, out var bus) ? bus : throw new InvalidOperationException($"no simulated parts on I2C bus {busId}");

    /// <inheritdoc />
    public IAdcChannel OpenAdc(int pin) =>
        AdcChannels.TryGetValue(pin, out var adc) ? adc : throw new InvalidOperationException($"no simulated ADC input on GPIO{pin}");

    /// <inheritdoc />
    public IPixelOutput OpenPixelOutput(int pin, int frameBytes)
    {
        CheckFree(pin);
        var p = new SimulatedPixelOutput(pin, frameBytes);
        _pixels[pin] = p;
        return p;
    }

    /// <inheritdoc />
    public IPulseCounter OpenPulseCounter(int pin) =>
        PulseCounters.TryGetValue(pin, out var counter) ? counter : throw new InvalidOperationException($"no simulated pulse source on GPIO{pin}");

    private void CheckFree(int pin)
    {
        if (_pins.ContainsKey(pin) || _pwms.ContainsKey(pin) || _pixels.ContainsKey(pin))
        {
            throw new InvalidOperationException($"GPIO{pin} is already in use");
        }
    }
}

/// <summary>A simulated PWM output.</summary>
public sealed class SimulatedPwm : IPwmChannel
{
    /// <summary>Creates the output.</summary>
    public SimulatedPwm(int frequency) => Frequency = frequency;

    /// <inheritdoc />
    public double DutyCycle { get; set; }

    /// <inheritdoc />
    public int Frequency { get; }
}
