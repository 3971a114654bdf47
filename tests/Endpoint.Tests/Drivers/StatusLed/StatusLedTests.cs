using System.Collections.Generic;
using Endpoint.Core.Hardware;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Drivers.StatusLed;

public sealed class StatusLedTests
{
    private readonly ManualClock _clock = new();
    private readonly EventLoop _loop;
    private readonly SimulatedPin _pin = new(2, PinMode.Output);

    // (time, lit) at every change of the watched LED, seen after each 1 ms loop step.
    private readonly List<(long At, bool Lit)> _recorded = new();
    private Endpoint.Drivers.StatusLed.StatusLed _watched;

    public StatusLedTests()
    {
        _loop = new EventLoop(_clock, null);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Constructor_Polarity_StartsOff(bool activeLow, bool idleLevel)
    {
        var led = Create(activeLow);

        Assert.False(led.IsLit);
        Assert.False(led.IsBlinking);
        Assert.Equal(idleLevel, _pin.Read());
    }

    [Fact]
    public void Set_OnAndOff_DrivesPin()
    {
        var led = Create(activeLow: false);

        led.Set(true);
        Assert.True(led.IsLit);
        Assert.True(_pin.Read());

        led.Set(false);
        Assert.False(led.IsLit);
        Assert.False(_pin.Read());
    }

    [Fact]
    public void Set_ActiveLow_InvertsPinLevel()
    {
        var led = Create(activeLow: true);

        led.Set(true);
        Assert.True(led.IsLit);
        Assert.False(_pin.Read());

        led.Set(false);
        Assert.True(_pin.Read());
    }

    [Fact]
    public void Blink_Period_LightsAtOnceAndTogglesEveryHalfPeriod()
    {
        var led = Create(activeLow: false);
        var levels = Record(led);

        led.Blink(1000);
        Assert.True(led.IsLit);
        Assert.True(led.IsBlinking);

        Advance(499);
        Assert.True(led.IsLit);
        Advance(1);
        Assert.False(led.IsLit);
        Assert.False(_pin.Read());
        Advance(500);
        Assert.True(led.IsLit);

        Advance(4000);
        Assert.Equal(10, levels.Count); // one toggle per 500 ms for 5 s
        for (int i = 0; i < levels.Count; i++)
        {
            Assert.Equal((i + 1) * 500L, levels[i].At);
            Assert.Equal(i % 2 == 1, levels[i].Lit);
        }
    }

    [Fact]
    public void Blink_ActiveLow_TogglesInvertedLevels()
    {
        var led = Create(activeLow: true);

        led.Blink(200);
        Assert.False(_pin.Read());
        Advance(100);
        Assert.True(_pin.Read());
        Advance(100);
        Assert.False(_pin.Read());
    }

    [Fact]
    public void Blink_SamePeriodAgain_KeepsThePhase()
    {
        var led = Create(activeLow: false);
        led.Blink(1000);
        Advance(300);

        led.Blink(1000);
        Advance(200);

        Assert.False(led.IsLit); // toggled at 500 as first scheduled, not at 800
        Assert.Equal(1, _loop.TimerCount);
    }

    [Fact]
    public void Blink_NewPeriod_RestartsWithTheNewCadence()
    {
        var led = Create(activeLow: false);
        led.Blink(1000);
        Advance(100);

        led.Blink(200);
        Assert.True(led.IsLit);
        Advance(100);
        Assert.False(led.IsLit);
        Advance(100);
        Assert.True(led.IsLit);
        Assert.Equal(1, _loop.TimerCount);
    }

    [Fact]
    public void Set_WhileBlinking_StopsBlinking()
    {
        var led = Create(activeLow: false);
        led.Blink(200);
        Advance(100);

        led.Set(true);
        int writes = _pin.Writes;
        Advance(5000);

        Assert.False(led.IsBlinking);
        Assert.True(led.IsLit);
        Assert.Equal(writes, _pin.Writes);
        Assert.Equal(0, _loop.TimerCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BlinkFor_FromSteady_BlinksThenReturnsToSteady(bool on)
    {
        var led = Create(activeLow: false);
        led.Set(on);

        led.BlinkFor(2000, 200);
        Assert.True(led.IsBlinking);
        Assert.True(led.IsLit);
        Advance(100);
        Assert.False(led.IsLit);
        Advance(100);
        Assert.True(led.IsLit);

        Advance(1800);

        Assert.False(led.IsBlinking);
        Assert.Equal(on, led.IsLit);
        Assert.Equal(on, _pin.Read());
        int writes = _pin.Writes;
        Advance(3000);
        Assert.Equal(writes, _pin.Writes);
        Assert.Equal(0, _loop.TimerCount);
    }

    [Fact]
    public void BlinkFor_FromContinuousBlink_ResumesTheSlowBlink()
    {
        var led = Create(activeLow: false);
        led.Blink(2000);
        Advance(300);

        led.BlinkFor(1000, 100);
        var levels = Record(led);
        Advance(1000); // overlay: toggles every 50 ms
        Assert.True(levels.Count >= 19);
        Assert.True(led.IsBlinking);
        Assert.True(led.IsLit); // the slow blink restarts lit

        levels.Clear();
        Advance(3000);
        Assert.Equal(new long[] { 2300, 3300, 4300 }, levels.ConvertAll(l => l.At));
        Assert.Equal(1, _loop.TimerCount);
    }

    [Fact]
    public void BlinkFor_SetDuringOverlay_TakesEffectAfterIt()
    {
        var led = Create(activeLow: false);
        led.Set(true);
        led.BlinkFor(1000, 200);
        Advance(300);

        led.Set(false);
        Assert.True(led.IsBlinking); // the overlay keeps showing
        Advance(700);

        Assert.False(led.IsBlinking);
        Assert.False(led.IsLit);
    }

    [Fact]
    public void BlinkFor_BlinkDuringOverlay_TakesEffectAfterIt()
    {
        var led = Create(activeLow: false);
        led.BlinkFor(1000, 100);
        Advance(500);

        led.Blink(400);
        bool lit = led.IsLit;
        Advance(50);
        Assert.NotEqual(lit, led.IsLit); // still the fast overlay, toggling every 50 ms
        Advance(450);

        Assert.True(led.IsBlinking);
        Assert.True(led.IsLit);
        Advance(199);
        Assert.True(led.IsLit);
        Advance(1);
        Assert.False(led.IsLit);
    }

    [Fact]
    public void BlinkFor_CalledAgain_RestartsTheDuration()
    {
        var led = Create(activeLow: false);
        led.BlinkFor(1000, 100);
        Advance(600);

        led.BlinkFor(1000, 100);
        Advance(900);
        Assert.True(led.IsBlinking);

        Advance(100);
        Assert.False(led.IsBlinking);
        Assert.False(led.IsLit);
        Assert.Equal(0, _loop.TimerCount);
    }

    private Endpoint.Drivers.StatusLed.StatusLed Create(bool activeLow) =>
        new(_pin, activeLow, _loop);

    private List<(long At, bool Lit)> Record(Endpoint.Drivers.StatusLed.StatusLed led)
    {
        _watched = led;
        _recorded.Clear();
        return _recorded;
    }

    private void Advance(long ms)
    {
        // Step 1 ms at a time so every toggle is seen with its time.
        for (long i = 0; i < ms; i++)
        {
            bool before = _watched?.IsLit ?? false;
            LoopStepper.Advance(_loop, _clock, 1);
            if (_watched != null && _watched.IsLit != before)
            {
                _recorded.Add((_clock.UptimeMs, _watched.IsLit));
            }
        }
    }
}
