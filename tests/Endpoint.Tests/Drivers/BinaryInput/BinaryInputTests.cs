using System.Collections.Generic;
using Endpoint.Core.Hardware;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;
using BinaryInputDriver = Endpoint.Drivers.BinaryInput.BinaryInput;

namespace Endpoint.Tests.Drivers.BinaryInput;

public class BinaryInputTests
{
    private readonly ManualClock _clock = new();
    private readonly EventLoop _loop;
    private readonly SimulatedPin _pin = new(27, PinMode.InputPullUp);
    private readonly List<bool> _changes = new();

    public BinaryInputTests() => _loop = new EventLoop(_clock, new TestLog());

    private BinaryInputDriver Create(bool activeLow)
    {
        var input = new BinaryInputDriver(_pin, activeLow, _loop);
        input.Changed += (i, active) => _changes.Add(active);
        return input;
    }

    [Fact]
    public void InitialLevel_IsTheStateWithoutAnEvent()
    {
        var input = Create(activeLow: true); // pulled up, active-low: inactive
        Assert.False(input.IsActive);
        LoopStepper.Advance(_loop, _clock, 100);
        Assert.Empty(_changes);
    }

    [Fact]
    public void BouncingReedContact_OneChangeAfterTheDebounceTime()
    {
        var input = Create(activeLow: true);
        for (int i = 0; i < 5; i++)
        {
            _pin.SetInput(false);
            LoopStepper.Advance(_loop, _clock, 2);
            _pin.SetInput(true);
            LoopStepper.Advance(_loop, _clock, 2);
        }

        _pin.SetInput(false);
        LoopStepper.Advance(_loop, _clock, 49);
        Assert.Empty(_changes);
        LoopStepper.Advance(_loop, _clock, 1);
        Assert.Equal(new[] { true }, _changes);
        Assert.True(input.IsActive);
    }

    [Fact]
    public void Glitch_ShorterThanDebounce_IsIgnored()
    {
        Create(activeLow: true);
        _pin.SetInput(false);
        LoopStepper.Advance(_loop, _clock, 10);
        _pin.SetInput(true);
        LoopStepper.Advance(_loop, _clock, 200);
        Assert.Empty(_changes);
    }

    [Fact]
    public void ActiveHigh_PirOutput_ReportsBothEdges()
    {
        var pin = new SimulatedPin(5, PinMode.InputPullDown);
        var input = new BinaryInputDriver(pin, false, _loop) { DebounceMs = 20 };
        input.Changed += (i, active) => _changes.Add(active);
        pin.SetInput(true);
        LoopStepper.Advance(_loop, _clock, 30);
        pin.SetInput(false);
        LoopStepper.Advance(_loop, _clock, 30);
        Assert.Equal(new[] { true, false }, _changes);
    }

    [Fact]
    public void Sample_ReadsThePinNowWithoutDebouncing()
    {
        var input = Create(activeLow: true);
        _pin.SetInput(false);
        Assert.True(input.Sample());
        Assert.False(input.IsActive); // the debounced state has not moved yet
    }
}
