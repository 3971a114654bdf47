using System;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Host.Simulation.Parts;

namespace Endpoint.Tests.Support;

/// <summary>
/// The rig of the I2C driver tests: one simulated part in a still climate (no daily swing, no noise)
/// on a manual clock, on a simulated bus behind a <see cref="ScriptedI2cBus"/> that records every transfer.
/// </summary>
public sealed class I2cPartRig<TPart> where TPart : SimulatedI2cPart
{
    /// <summary>Builds the rig with the climate at <paramref name="celsius"/> and <paramref name="humidity"/> %RH.</summary>
    public I2cPartRig(double celsius, double humidity, Func<IClock, SimulatedEnvironment, TPart> createPart)
    {
        World = new SimulatedEnvironment(Clock) { SwingCelsius = 0, Noise = 0, MeanCelsius = celsius, MeanHumidity = humidity };
        Part = createPart(Clock, World);
        var bus = new SimulatedI2cBus();
        bus.Add(Part);
        Bus = new ScriptedI2cBus(bus);
    }

    public ManualClock Clock { get; } = new();

    public SimulatedEnvironment World { get; }

    public TPart Part { get; }

    /// <summary>The bus the driver under test uses.</summary>
    public ScriptedI2cBus Bus { get; }
}
