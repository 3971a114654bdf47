using System.Collections.Generic;
using System.Threading;
using Endpoint.Core.Hardware;
using Endpoint.Core.Runtime;
using Endpoint.Drivers.Button;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Drivers.Button;

public sealed class ButtonTests
{
    private readonly ManualClock _clock = new();
    private readonly EventLoop _loop;
    private readonly List<ButtonPress> _presses = new();
    private readonly List<long> _pressTimes = new();
    private SimulatedPin _pin;
    private Endpoint.Drivers.Button.Button _button;
    private bool _activeLow;

    public ButtonTests()
    {
        _loop = new EventLoop(_clock, null);
        Create(activeLow: true);
    }

    [Fact]
    public void Press_BouncingContacts_YieldOneShortPress()
    {
        // Press: five edges within 8 ms, then held.
        Bounce(pressed: true);
        Advance(100);
        Assert.True(_button.IsPressed);

        // Release: bounces again.
        Bounce(pressed: false);
        Advance(1000);

        Assert.Equal(new[] { ButtonPress.Short }, _presses);
        Assert.False(_button.IsPressed);
    }

    [Fact]
    public void Press_GlitchShorterThanDebounce_IsIgnored()
    {
        Press();
        Advance(10);
        Release();
        Advance(2000);

        Assert.Empty(_presses);
        Assert.False(_button.IsPressed);
    }

    [Fact]
    public void Press_Held_IsPressedOnlyAfterDebounce()
    {
        Press();
        Advance(_button.DebounceMs - 1);
        Assert.False(_button.IsPressed);

        Advance(1);
        Assert.True(_button.IsPressed);
    }

    [Fact]
    public void Release_ShortPress_FiresAfterDoublePressGap()
    {
        Press();
        Advance(100);
        Release();
        long released = _clock.UptimeMs;

        Advance(_button.DebounceMs + _button.DoublePressGapMs - 1);
        Assert.Empty(_presses);

        Advance(1);
        Assert.Equal(new[] { ButtonPress.Short }, _presses);
        Assert.Equal(released + _button.DebounceMs + _button.DoublePressGapMs, _pressTimes[0]);
    }

    [Fact]
    public void Release_TwoQuickPresses_FireOneDoublePressAtSecondRelease()
    {
        Press();
        Advance(80);
        Release();
        Advance(120);
        Press();
        Advance(80);
        Release();
        long secondRelease = _clock.UptimeMs;
        Advance(_button.DebounceMs);

        Assert.Equal(new[] { ButtonPress.Double }, _presses);
        Assert.Equal(secondRelease + _button.DebounceMs, _pressTimes[0]);

        Advance(2000);
        Assert.Equal(new[] { ButtonPress.Double }, _presses); // no short press left over
    }

    [Fact]
    public void Release_TwoPressesFurtherApartThanGap_FireTwoShortPresses()
    {
        Press();
        Advance(80);
        Release();
        Advance(1000);
        Press();
        Advance(80);
        Release();
        Advance(1000);

        Assert.Equal(new[] { ButtonPress.Short, ButtonPress.Short }, _presses);
    }

    [Fact]
    public void Press_HeldForLongPressTime_FiresLongWhileHeldAndReleaseIsNotShort()
    {
        Press();
        long pressed = _clock.UptimeMs;
        Advance(_button.DebounceMs + _button.LongPressMs - 1);
        Assert.Empty(_presses);

        Advance(1);
        Assert.Equal(new[] { ButtonPress.Long }, _presses);
        Assert.Equal(pressed + _button.DebounceMs + _button.LongPressMs, _pressTimes[0]);
        Assert.True(_button.IsPressed); // still held

        Advance(3000);
        Release();
        Advance(2000);

        Assert.Equal(new[] { ButtonPress.Long }, _presses);
        Assert.False(_button.IsPressed);
    }

    [Fact]
    public void Press_ShortAfterLongPress_IsRecognisedAgain()
    {
        Press();
        Advance(6000);
        Release();
        Advance(1000);

        Press();
        Advance(100);
        Release();
        Advance(1000);

        Assert.Equal(new[] { ButtonPress.Long, ButtonPress.Short }, _presses);
    }

    [Fact]
    public void Press_ReleasedJustBeforeLongPressTime_IsShort()
    {
        _button.LongPressMs = 1000;
        Press();
        Advance(999); // both edges are seen DebounceMs late: held 999 ms as debounced
        Release();
        Advance(2000);

        Assert.Equal(new[] { ButtonPress.Short }, _presses);
    }

    [Fact]
    public void Release_DoublePressGapZero_FiresShortAtRelease()
    {
        _button.DoublePressGapMs = 0;
        Press();
        Advance(100);
        Release();

        Advance(_button.DebounceMs - 1);
        Assert.Empty(_presses);
        Advance(1);
        Assert.Equal(new[] { ButtonPress.Short }, _presses);

        // Two quick presses are two short presses, never a double.
        Press();
        Advance(50);
        Release();
        Advance(50);
        Press();
        Advance(50);
        Release();
        Advance(1000);
        Assert.Equal(new[] { ButtonPress.Short, ButtonPress.Short, ButtonPress.Short }, _presses);
    }

    [Fact]
    public void Press_ActiveHigh_HighLevelIsPressed()
    {
        Create(activeLow: false);
        Assert.False(_pin.Read()); // pull-down idle

        Press();
        Advance(100);
        Assert.True(_pin.Read());
        Assert.True(_button.IsPressed);
        Release();
        Advance(1000);

        Assert.Equal(new[] { ButtonPress.Short }, _presses);
        Assert.False(_button.IsPressed);
    }

    [Fact]
    public void Press_ActiveLow_LowLevelIsPressed()
    {
        Assert.True(_pin.Read()); // pull-up idle

        Press();
        Advance(100);
        Assert.False(_pin.Read());
        Assert.True(_button.IsPressed);
        Release();
        Advance(1000);

        Assert.Equal(new[] { ButtonPress.Short }, _presses);
    }

    [Fact]
    public void Edge_PulseBackToIdleBeforeLoopRuns_IsNotAPress()
    {
        // Both edges are queued before the loop runs: the debounced sample sees the idle level.
        _pin.SetInput(false);
        _pin.SetInput(true); // an edge back to idle
        Advance(6000);

        Assert.Empty(_presses);
        Assert.False(_button.IsPressed);
    }

    [Fact]
    public void Edge_FromInterruptThread_IsPostedIntoTheLoop()
    {
        int wakes = 0;
        _loop.WakeRequested += _ => Interlocked.Increment(ref wakes);

        var isr = new Thread(() => _pin.SetInput(false));
        isr.Start();
        isr.Join();

        Assert.Equal(1, wakes);
        Assert.True(_loop.HasPosted);
        Assert.False(_button.IsPressed);

        Advance(_button.DebounceMs);
        Assert.True(_button.IsPressed);
    }

    private void Create(bool activeLow)
    {
        _activeLow = activeLow;
        _pin = new SimulatedPin(9, activeLow ? PinMode.InputPullUp : PinMode.InputPullDown);
        _button = new Endpoint.Drivers.Button.Button(_pin, activeLow, _loop);
        _button.Pressed += (b, press) =>
        {
            Assert.Same(_button, b);
            _presses.Add(press);
            _pressTimes.Add(_clock.UptimeMs);
        };
    }

    private void Press() => _pin.SetInput(!_activeLow);

    private void Release() => _pin.SetInput(_activeLow);

    private void Bounce(bool pressed)
    {
        for (int i = 0; i < 5; i++)
        {
            _pin.SetInput(pressed == (i % 2 == 0) ? !_activeLow : _activeLow);
            Advance(2);
        }

        if (pressed)
        {
            Press();
        }
        else
        {
            Release();
        }
    }

    private void Advance(long ms) => LoopStepper.Advance(_loop, _clock, ms);
}
