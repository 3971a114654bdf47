using System;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Simulation;

public class SimParametersTests
{
    [Fact]
    public void Parse_MeteringBoard_ValuesAndDefaults()
    {
        var values = SimParameters.Parse(["load=1200", " voltage = 120.5 "], RealBoards.PlusPlugS());
        Assert.Equal(1200, SimParameters.Get(values, SimParameters.Load));
        Assert.Equal(120.5, SimParameters.Get(values, SimParameters.Voltage));
        Assert.Equal(1, SimParameters.Get(values, SimParameters.PowerFactor));
    }

    [Theory]
    [InlineData("load", "expected name=value")]
    [InlineData("=5", "expected name=value")]
    [InlineData("load=", "expected name=value")]
    [InlineData("load=lots", "'lots' is not a number from 0 to 5000 W")]
    [InlineData("load=-1", "is not a number from 0 to 5000 W")]
    [InlineData("load=NaN", "'NaN' is not a number from 0 to 5000 W")]
    [InlineData("load=-NaN", "is not a number from 0 to 5000 W")]
    [InlineData("voltage=500", "is not a number from 90 to 260 V")]
    [InlineData("power_factor=0", "is not a number from 0.1 to 1")]
    [InlineData("temperature=20", "board shelly-plus-plug-s has no simulated part with that parameter (it takes load, voltage, power_factor, variation)")]
    public void Parse_Bad_OneClearLine(string item, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => SimParameters.Parse([item], RealBoards.PlusPlugS()));
        Assert.Contains(message, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Parse_BoardWithoutSimulatedParts_RefusesAnyParameter()
    {
        var ex = Assert.Throws<ArgumentException>(() => SimParameters.Parse(["load=10"], TestBoards.DevKitC()));
        Assert.Contains("(it takes none)", ex.Message);
    }

    [Fact]
    public void SimulatedLoad_SameSeedSameReadings_AndWanderStaysInBounds()
    {
        var a = new SimulatedLoad(1000, 230, 1, 0.02, 7);
        var b = new SimulatedLoad(1000, 230, 1, 0.02, 7);
        for (long t = 0; t < 100_000; t += 250)
        {
            a.At(t, out double wa, out double va, out double ia);
            b.At(t, out double wb, out double vb, out _);
            Assert.Equal((wa, va), (wb, vb));
            Assert.InRange(wa, 980, 1020);
            Assert.InRange(va, 227.7, 232.3);
            Assert.Equal(wa / va, ia, 9);
        }

        a.IsConnected = () => false;
        a.At(5000, out double w, out _, out double i);
        Assert.Equal((0.0, 0.0), (w, i));
    }
}
