using System;
using Endpoint.Core.Runtime;
using nanoFramework.TestFramework;

namespace Endpoint.Core.DeviceTests
{
    /// <summary>
    /// <see cref="EventLoop"/> on the real nanoFramework runtime, driven by a <see cref="ManualClock"/>.
    /// </summary>
    [TestClass]
    public class EventLoopTests
    {
        [TestMethod]
        public void Timeouts_fire_in_deadline_order()
        {
            ManualClock clock = new ManualClock();
            EventLoop loop = new EventLoop(clock, new RecordingLog());
            string order = string.Empty;
            loop.SetTimeout(300, () => order += "c");
            loop.SetTimeout(100, () => order += "a");
            loop.SetTimeout(200, () => order += "b");

            clock.Advance(50);
            Assert.AreEqual(0, loop.RunDue());
            Assert.AreEqual(string.Empty, order);

            clock.Advance(250);
            Assert.AreEqual(3, loop.RunDue());
            Assert.AreEqual("abc", order);
            Assert.AreEqual(0, loop.TimerCount);
        }

        [TestMethod]
        public void Timeout_fires_once_when_due_and_not_before()
        {
            ManualClock clock = new ManualClock();
            EventLoop loop = new EventLoop(clock, new RecordingLog());
            int fired = 0;
            loop.SetTimeout(100, () => fired++);

            clock.Advance(99);
            loop.RunDue();
            Assert.AreEqual(0, fired);

            clock.Advance(1);
            loop.RunDue();
            Assert.AreEqual(1, fired);

            clock.Advance(1000);
            loop.RunDue();
            Assert.AreEqual(1, fired);
        }

        [TestMethod]
        public void Equal_deadlines_run_in_the_order_they_were_armed()
        {
            ManualClock clock = new ManualClock();
            EventLoop loop = new EventLoop(clock, new RecordingLog());
            string order = string.Empty;
            loop.SetTimeout(10, () => order += "1");
            loop.SetTimeout(10, () => order += "2");
            loop.SetTimeout(10, () => order += "3");

            clock.Advance(10);
            loop.RunDue();
            Assert.AreEqual("123", order);
        }

        [TestMethod]
        public void Interval_repeats_every_period()
        {
            ManualClock clock = new ManualClock();
            EventLoop loop = new EventLoop(clock, new RecordingLog());
            int ticks = 0;
            loop.SetInterval(100, () => ticks++);

            clock.Advance(99);
            loop.RunDue();
            Assert.AreEqual(0, ticks);

            for (int i = 1; i <= 5; i++)
            {
                clock.Advance(i == 1 ? 1 : 100);
                loop.RunDue();
                Assert.AreEqual(i, ticks);
            }

            Assert.AreEqual(1, loop.TimerCount);
        }

        [TestMethod]
        public void Interval_does_not_catch_up_a_backlog_in_a_burst()
        {
            ManualClock clock = new ManualClock();
            EventLoop loop = new EventLoop(clock, new RecordingLog());
            int ticks = 0;
            loop.SetInterval(100, () => ticks++);

            clock.Advance(1000);
            loop.RunDue();
            Assert.AreEqual(1, ticks);
            Assert.AreEqual(1100L, loop.NextDueMs);
        }

        [TestMethod]
        public void Cancel_stops_a_timeout_and_an_interval()
        {
            ManualClock clock = new ManualClock();
            EventLoop loop = new EventLoop(clock, new RecordingLog());
            int timeoutFired = 0;
            int intervalFired = 0;
            int timeout = loop.SetTimeout(50, () => timeoutFired++);
            int interval = loop.SetInterval(50, () => intervalFired++);

            clock.Advance(50);
            loop.RunDue();
            Assert.AreEqual(1, intervalFired);

            loop.Cancel(interval);
            clock.Advance(500);
            loop.RunDue();
            Assert.AreEqual(1, intervalFired);
            Assert.AreEqual(1, timeoutFired);
            Assert.AreEqual(0, loop.TimerCount);

            int late = loop.SetTimeout(50, () => timeoutFired++);
            loop.Cancel(late);
            clock.Advance(50);
            loop.RunDue();
            Assert.AreEqual(1, timeoutFired);

            // Unknown and already-fired handles are ignored.
            loop.Cancel(timeout);
            loop.Cancel(12345);
            Assert.AreEqual(long.MaxValue, loop.NextDueMs);
        }

        [TestMethod]
        public void An_interval_can_cancel_itself_from_its_callback()
        {
            ManualClock clock = new ManualClock();
            EventLoop loop = new EventLoop(clock, new RecordingLog());
            int ticks = 0;
            int handle = 0;
            handle = loop.SetInterval(10, () =>
            {
                ticks++;
                if (ticks == 2)
                {
                    loop.Cancel(handle);
                }
            });

            for (int i = 0; i < 5; i++)
            {
                clock.Advance(10);
                loop.RunDue();
            }

            Assert.AreEqual(2, ticks);
            Assert.AreEqual(0, loop.TimerCount);
        }

        [TestMethod]
        public void Cancelling_the_earliest_timer_moves_NextDueMs()
        {
            ManualClock clock = new ManualClock();
            EventLoop loop = new EventLoop(clock, new RecordingLog());
            Assert.AreEqual(long.MaxValue, loop.NextDueMs);

            int first = loop.SetTimeout(100, () => { });
            loop.SetTimeout(250, () => { });
            Assert.AreEqual(100L, loop.NextDueMs);

            loop.Cancel(first);
            Assert.AreEqual(250L, loop.NextDueMs);
        }

        [TestMethod]
        public void A_throwing_timer_does_not_stop_the_loop()
        {
            ManualClock clock = new ManualClock();
            RecordingLog log = new RecordingLog();
            EventLoop loop = new EventLoop(clock, log);
            int after = 0;
            int ticks = 0;
            loop.SetTimeout(10, () => { throw new InvalidOperationException("boom"); });
            loop.SetTimeout(10, () => after++);
            loop.SetInterval(10, () =>
            {
                ticks++;
                throw new Exception("interval boom");
            });

            clock.Advance(10);
            Assert.AreEqual(3, loop.RunDue());
            Assert.AreEqual(1, after);
            Assert.AreEqual(2, log.Errors);

            // The throwing interval stays armed.
            clock.Advance(10);
            loop.RunDue();
            Assert.AreEqual(2, ticks);
        }

        [TestMethod]
        public void A_throwing_posted_action_does_not_stop_the_loop()
        {
            ManualClock clock = new ManualClock();
            RecordingLog log = new RecordingLog();
            EventLoop loop = new EventLoop(clock, log);
            int ran = 0;
            loop.Post(() => { throw new Exception("boom"); });
            loop.Post(() => ran++);

            Assert.IsTrue(loop.HasPosted);
            Assert.AreEqual(2, loop.RunDue());
            Assert.AreEqual(1, ran);
            Assert.AreEqual(1, log.Errors);
            Assert.IsFalse(loop.HasPosted);
        }

        [TestMethod]
        public void Post_wakes_the_runner_and_runs_on_the_next_pass()
        {
            ManualClock clock = new ManualClock();
            EventLoop loop = new EventLoop(clock, new RecordingLog());
            int wakes = 0;
            int ran = 0;
            loop.WakeRequested += (EventLoop l) => wakes++;

            loop.Post(() =>
            {
                ran++;

                // Work posted while running waits for the next pass.
                loop.Post(() => ran++);
            });
            Assert.AreEqual(1, wakes);

            loop.RunDue();
            Assert.AreEqual(1, ran);
            Assert.AreEqual(2, wakes);

            loop.RunDue();
            Assert.AreEqual(2, ran);
        }
    }
}
