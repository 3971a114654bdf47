using System;
using Endpoint.Core.Hardware;

namespace Endpoint.Host.Simulation.Parts;

/// <summary>
/// The ADC input behind a battery divider: the environment's battery voltage divided by
/// <see cref="DividerRatio"/>, converted like the ESP32's 12-bit ADC at 11 dB (0–4095 for 0–3100 mV).
/// </summary>
public sealed class SimulatedBatteryAdc : IAdcChannel
{
    private readonly SimulatedEnvironment _environment;

    /// <summary>Creates the input.</summary>
    public SimulatedBatteryAdc(SimulatedEnvironment environment, double dividerRatio)
    {
        _environment = environment;
        DividerRatio = dividerRatio;
    }

    /// <summary>Battery volts per ADC volt.</summary>
    public double DividerRatio { get; }

    /// <inheritdoc />
    public int MaxValue => 4095;

    /// <inheritdoc />
    public int FullScaleMillivolts => 3100;

    /// <inheritdoc />
    public int ReadRaw() => (int)Math.Clamp(Math.Round(_environment.Battery / DividerRatio * 1000 / FullScaleMillivolts * MaxValue), 0, MaxValue);
}
