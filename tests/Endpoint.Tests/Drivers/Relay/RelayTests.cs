using Endpoint.Core.Hardware;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Drivers.Relay;

public sealed class RelayTests
{
    [Fact]
    public void Constructor_ActiveHigh_DrivesPinLow()
    {
        var pin = new SimulatedPin(4, PinMode.Output);
        pin.Write(true); // whatever the pin held before

        var relay = new Endpoint.Drivers.Relay.Relay(pin, activeLow: false);

        Assert.False(pin.Read());
        Assert.False(relay.IsOn);
        Assert.Equal(2, pin.Writes);
    }

    [Fact]
    public void Constructor_ActiveLow_DrivesPinHigh()
    {
        var pin = new SimulatedPin(4, PinMode.Output);

        var relay = new Endpoint.Drivers.Relay.Relay(pin, activeLow: true);

        Assert.True(pin.Read());
        Assert.False(relay.IsOn);
        Assert.Equal(1, pin.Writes);
    }

    [Theory]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    public void Set_Polarity_DrivesExpectedLevel(bool activeLow, bool on, bool expectedLevel)
    {
        var pin = new SimulatedPin(4, PinMode.Output);
        var relay = new Endpoint.Drivers.Relay.Relay(pin, activeLow);
        relay.Set(!on);

        relay.Set(on);

        Assert.Equal(expectedLevel, pin.Read());
        Assert.Equal(on, relay.IsOn);
    }

    [Fact]
    public void Set_OnThenOff_ReturnsToIdleLevel()
    {
        var pin = new SimulatedPin(4, PinMode.Output);
        var relay = new Endpoint.Drivers.Relay.Relay(pin, activeLow: true);

        relay.Set(true);
        Assert.False(pin.Read());
        relay.Set(false);

        Assert.True(pin.Read());
        Assert.False(relay.IsOn);
    }
}
