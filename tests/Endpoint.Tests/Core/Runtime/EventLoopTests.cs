using System;
using System.Collections.Generic;
using System.Threading;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;

namespace Endpoint.Tests.Core.Runtime;

public sealed class EventLoopTests
{
    private readonly ManualClock _clock = new();
    private readonly RecordingLog _log = new();
    private readonly EventLoop _loop;

    public EventLoopTests()
    {
        _loop = new EventLoop(_clock, _log);
    }

    [Fact]
    public void SetTimeout_DifferentDelays_FireInDeadlineOrder()
    {
        var fired = new List<string>();
        _loop.SetTimeout(300, () => fired.Add("300"));
        _loop.SetTimeout(100, () => fired.Add("100"));
        _loop.SetTimeout(200, () => fired.Add("200"));
        _loop.SetTimeout(50, () => fired.Add("50"));

        LoopStepper.Advance(_loop, _clock, 1000);

        Assert.Equal(new[] { "50", "100", "200", "300" }, fired);
    }

    [Fact]
    public void SetTimeout_FiresAtItsDeadlineNotBefore()
    {
        var firedAt = new List<long>();
        _loop.SetTimeout(250, () => firedAt.Add(_clock.UptimeMs));

        LoopStepper.Advance(_loop, _clock, 249);
        Assert.Empty(firedAt);

        LoopStepper.Advance(_loop, _clock, 1);
        Assert.Equal(new long[] { 250 }, firedAt);
        Assert.Equal(0, _loop.TimerCount);
    }

    [Fact]
    public void SetTimeout_EqualDeadlines_FireInArmingOrder()
    {
        var fired = new List<int>();
        for (int i = 0; i < 20; i++)
        {
            int n = i;
            _loop.SetTimeout(i % 2 == 0 ? 100 : 200, () => fired.Add(n));
        }

        LoopStepper.Advance(_loop, _clock, 500);

        var expected = new List<int>();
        for (int i = 0; i < 20; i += 2)
        {
            expected.Add(i);
        }

        for (int i = 1; i < 20; i += 2)
        {
            expected.Add(i);
        }

        Assert.Equal(expected, fired);
    }

    [Fact]
    public void RunDue_ManyTimersDueAtOnce_RunInDeadlineThenArmingOrder()
    {
        var random = new Random(42);
        var armed = new List<(long Due, int Seq)>();
        var fired = new List<int>();
        for (int i = 0; i < 200; i++)
        {
            long delay = random.Next(0, 50);
            int n = i;
            armed.Add((delay, n));
            _loop.SetTimeout(delay, () => fired.Add(n));
        }

        _clock.Advance(100);
        int ran = _loop.RunDue();

        armed.Sort((a, b) => a.Due != b.Due ? a.Due.CompareTo(b.Due) : a.Seq.CompareTo(b.Seq));
        Assert.Equal(200, ran);
        Assert.Equal(armed.ConvertAll(a => a.Seq), fired);
    }

    [Fact]
    public void SetInterval_Periodic_FiresAtEveryPeriod()
    {
        var firedAt = new List<long>();
        _loop.SetInterval(100, () => firedAt.Add(_clock.UptimeMs));

        LoopStepper.Advance(_loop, _clock, 450);

        Assert.Equal(new long[] { 100, 200, 300, 400 }, firedAt);
        Assert.Equal(500, _loop.NextDueMs);
    }

    [Fact]
    public void SetInterval_LateRun_KeepsCadenceWithoutDrift()
    {
        var firedAt = new List<long>();
        _loop.SetInterval(100, () => firedAt.Add(_clock.UptimeMs));

        _clock.Advance(130); // the runner was 30 ms late
        _loop.RunDue();

        Assert.Equal(new long[] { 130 }, firedAt);
        Assert.Equal(200, _loop.NextDueMs);
    }

    [Fact]
    public void SetInterval_LongGap_RunsOnceAndDoesNotBurstCatchUp()
    {
        int count = 0;
        _loop.SetInterval(100, () => count++);

        _clock.Advance(1050); // ten periods missed
        int ran = _loop.RunDue();

        Assert.Equal(1, ran);
        Assert.Equal(1, count);
        Assert.Equal(1150, _loop.NextDueMs);

        _clock.Advance(100);
        _loop.RunDue();
        Assert.Equal(2, count);
    }

    [Fact]
    public void SetInterval_NonPositivePeriod_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _loop.SetInterval(0, () => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _loop.SetInterval(-5, () => { }));
        Assert.Equal(0, _loop.TimerCount);
    }

    [Fact]
    public void SetTimeout_NullAction_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _loop.SetTimeout(10, null));
        Assert.Throws<ArgumentNullException>(() => _loop.Post(null));
    }

    [Fact]
    public void SetTimeout_NegativeDelay_RunsOnNextRunDue()
    {
        int count = 0;
        _loop.SetTimeout(-100, () => count++);

        _loop.RunDue();

        Assert.Equal(1, count);
    }

    [Fact]
    public void Cancel_PendingTimeout_NeverFires()
    {
        int count = 0;
        int handle = _loop.SetTimeout(100, () => count++);
        _loop.SetTimeout(200, () => { });

        _loop.Cancel(handle);
        LoopStepper.Advance(_loop, _clock, 1000);

        Assert.Equal(0, count);
        Assert.Equal(0, _loop.TimerCount);
    }

    [Fact]
    public void Cancel_Interval_StopsRepeating()
    {
        int count = 0;
        int handle = _loop.SetInterval(100, () => count++);

        LoopStepper.Advance(_loop, _clock, 350);
        _loop.Cancel(handle);
        LoopStepper.Advance(_loop, _clock, 1000);

        Assert.Equal(3, count);
        Assert.Equal(0, _loop.TimerCount);
    }

    [Fact]
    public void Cancel_IntervalFromItsOwnCallback_StopsRepeating()
    {
        int count = 0;
        int handle = 0;
        handle = _loop.SetInterval(100, () =>
        {
            count++;
            if (count == 2)
            {
                _loop.Cancel(handle);
            }
        });

        LoopStepper.Advance(_loop, _clock, 1000);

        Assert.Equal(2, count);
        Assert.Equal(long.MaxValue, _loop.NextDueMs);
    }

    [Fact]
    public void Cancel_OtherTimerDueNowFromCallback_PreventsIt()
    {
        var fired = new List<string>();
        int second = 0;
        _loop.SetTimeout(100, () =>
        {
            fired.Add("first");
            _loop.Cancel(second);
        });
        second = _loop.SetTimeout(100, () => fired.Add("second"));

        _clock.Advance(100);
        _loop.RunDue();

        Assert.Equal(new[] { "first" }, fired);
    }

    [Fact]
    public void Cancel_UnknownOrFiredHandle_IsIgnored()
    {
        int count = 0;
        int fired = _loop.SetTimeout(10, () => { });
        _loop.SetTimeout(100, () => count++);
        LoopStepper.Advance(_loop, _clock, 20);

        _loop.Cancel(fired);
        _loop.Cancel(12345);
        _loop.Cancel(0);
        LoopStepper.Advance(_loop, _clock, 100);

        Assert.Equal(1, count);
    }

    [Fact]
    public void SetTimeout_Handles_AreDistinct()
    {
        var handles = new HashSet<int>();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(handles.Add(_loop.SetTimeout(i, () => { })));
        }

        Assert.DoesNotContain(0, handles);
        Assert.Equal(100, _loop.TimerCount);
    }

    [Fact]
    public void Post_FromAnotherThread_RaisesWakeAndRunsOnNextRunDue()
    {
        var wakes = 0;
        EventLoop woken = null;
        _loop.WakeRequested += l =>
        {
            Interlocked.Increment(ref wakes);
            woken = l;
        };
        int ranOn = -1;
        int loopThread = Environment.CurrentManagedThreadId;

        var poster = new Thread(() => _loop.Post(() => ranOn = Environment.CurrentManagedThreadId));
        poster.Start();
        poster.Join();

        Assert.Equal(1, wakes);
        Assert.Same(_loop, woken);
        Assert.True(_loop.HasPosted);
        Assert.Equal(-1, ranOn);

        int ran = _loop.RunDue();

        Assert.Equal(1, ran);
        Assert.Equal(loopThread, ranOn);
        Assert.False(_loop.HasPosted);
    }

    [Fact]
    public void Post_ManyThreads_EveryActionRunsOnce()
    {
        int count = 0;
        var threads = new Thread[4];
        for (int t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                for (int i = 0; i < 250; i++)
                {
                    _loop.Post(() => count++); // runs on the loop: no lock needed
                }
            });
            threads[t].Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        _loop.RunDue();

        Assert.Equal(1000, count);
    }

    [Fact]
    public void Post_Actions_RunInPostingOrderBeforeDueTimers()
    {
        var fired = new List<string>();
        _loop.SetTimeout(0, () => fired.Add("timer"));
        _loop.Post(() => fired.Add("a"));
        _loop.Post(() => fired.Add("b"));

        _loop.RunDue();

        Assert.Equal(new[] { "a", "b", "timer" }, fired);
    }

    [Fact]
    public void RunDue_WorkPostedWhileRunning_WaitsForNextCall()
    {
        var fired = new List<string>();
        _loop.Post(() =>
        {
            fired.Add("first");
            _loop.Post(() => fired.Add("second"));
        });

        int ran = _loop.RunDue();

        Assert.Equal(1, ran);
        Assert.Equal(new[] { "first" }, fired);
        Assert.True(_loop.HasPosted);

        _loop.RunDue();
        Assert.Equal(new[] { "first", "second" }, fired);
    }

    [Fact]
    public void RunDue_WorkPostedByTimer_WaitsForNextCall()
    {
        var fired = new List<string>();
        _loop.SetTimeout(10, () =>
        {
            fired.Add("timer");
            _loop.Post(() => fired.Add("posted"));
        });
        _clock.Advance(10);

        _loop.RunDue();
        Assert.Equal(new[] { "timer" }, fired);

        _loop.RunDue();
        Assert.Equal(new[] { "timer", "posted" }, fired);
    }

    [Fact]
    public void RunDue_TimerArmedWhileRunning_WaitsForNextCall()
    {
        int count = 0;
        LoopAction again = null;
        again = () =>
        {
            count++;
            if (count < 1000)
            {
                _loop.SetTimeout(0, again);
            }
        };
        _loop.SetTimeout(0, again);

        int ran = _loop.RunDue();

        Assert.Equal(1, ran);
        Assert.Equal(1, count);

        _loop.RunDue();
        Assert.Equal(2, count);
    }

    [Fact]
    public void RunDue_TimerArmedWhileRunning_DoesNotDelayOtherDueTimers()
    {
        var fired = new List<string>();
        _loop.SetTimeout(10, () =>
        {
            fired.Add("a");
            _loop.SetTimeout(0, () => fired.Add("armed"));
        });
        _loop.SetTimeout(20, () => fired.Add("b"));
        _clock.Advance(30);

        _loop.RunDue();
        Assert.Equal(new[] { "a", "b" }, fired);

        _loop.RunDue();
        Assert.Equal(new[] { "a", "b", "armed" }, fired);
    }

    [Fact]
    public void RunDue_ThrowingCallback_IsLoggedAndLoopContinues()
    {
        var fired = new List<string>();
        _loop.Post(() => throw new InvalidOperationException("posted boom"));
        _loop.Post(() => fired.Add("posted ok"));
        _loop.SetTimeout(10, () => throw new InvalidOperationException("timer boom"));
        _loop.SetTimeout(10, () => fired.Add("timer ok"));
        int interval = 0;
        _loop.SetInterval(10, () =>
        {
            interval++;
            throw new InvalidOperationException("interval boom");
        });

        LoopStepper.Advance(_loop, _clock, 30);

        Assert.Equal(new[] { "posted ok", "timer ok" }, fired);
        Assert.Equal(3, interval);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("posted boom"));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("timer boom"));
        Assert.Equal(3, _log.Entries.FindAll(e => e.Message.Contains("interval boom")).Count);
        Assert.All(_log.Entries, e => Assert.Equal("loop", e.Tag));
    }

    [Fact]
    public void RunDue_ThrowingCallbackWithoutLog_DoesNotThrow()
    {
        var loop = new EventLoop(_clock, null);
        int count = 0;
        loop.Post(() => throw new Exception("x"));
        loop.Post(() => count++);

        loop.RunDue();

        Assert.Equal(1, count);
    }

    [Fact]
    public void RunDue_NothingDue_ReturnsZeroAndRunsNothing()
    {
        int count = 0;
        _loop.SetTimeout(100, () => count++);

        Assert.Equal(0, _loop.RunDue());
        Assert.Equal(0, count);
    }

    [Fact]
    public void NextDueMs_NoTimers_IsMaxValue()
    {
        Assert.Equal(long.MaxValue, _loop.NextDueMs);

        _loop.Post(() => { });
        Assert.Equal(long.MaxValue, _loop.NextDueMs);
    }

    [Fact]
    public void NextDueMs_CancelledEarliest_IsIgnored()
    {
        _clock.Advance(1000);
        int early = _loop.SetTimeout(100, () => { });
        _loop.SetTimeout(300, () => { });
        Assert.Equal(1100, _loop.NextDueMs);

        _loop.Cancel(early);
        Assert.Equal(1300, _loop.NextDueMs);
    }

    [Fact]
    public void NextDueMs_AllCancelled_IsMaxValue()
    {
        int a = _loop.SetTimeout(100, () => { });
        int b = _loop.SetInterval(50, () => { });

        _loop.Cancel(a);
        _loop.Cancel(b);

        Assert.Equal(long.MaxValue, _loop.NextDueMs);
        Assert.Equal(0, _loop.TimerCount);
    }

    [Fact]
    public void SetTimeout_HeapGrowsPastInitialSize_KeepsOrder()
    {
        var fired = new List<long>();
        for (int i = 100; i > 0; i--)
        {
            long delay = i * 10;
            _loop.SetTimeout(delay, () => fired.Add(delay));
        }

        LoopStepper.Advance(_loop, _clock, 2000);

        Assert.Equal(100, fired.Count);
        for (int i = 1; i < fired.Count; i++)
        {
            Assert.True(fired[i - 1] < fired[i]);
        }
    }

    private sealed class RecordingLog : ILog
    {
        public List<(LogLevel Level, string Tag, string Message)> Entries { get; } = new();

        public bool IsEnabled(LogLevel level) => true;

        public void Write(LogLevel level, string tag, string message) => Entries.Add((level, tag, message));
    }
}
