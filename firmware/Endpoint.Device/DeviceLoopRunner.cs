using System;
using System.Threading;
using Endpoint.Core.Runtime;

namespace Endpoint.Device
{
    /// <summary>
    /// Runs one <see cref="EventLoop"/> on the calling thread (the device's main thread) forever
    /// (DESIGN.md §3: on the device the loop runs on the main thread; adapters post into it).
    /// </summary>
    /// <remarks>
    /// Each pass runs <see cref="EventLoop.RunDue"/>, then sleeps on an <see cref="AutoResetEvent"/> until the
    /// next timer is due (at most <see cref="MaxSleepMs"/>). <see cref="EventLoop.WakeRequested"/> (raised by
    /// <see cref="EventLoop.Post"/> on the posting thread: GPIO interrupt, MQTT receive, Wi-Fi worker) sets
    /// the event, so posted work runs at once. A Post that lands between the checks and the wait has
    /// already set the event, so <c>WaitOne</c> returns immediately: no wake-up is lost.
    /// <c>WaitHandle.WaitOne(int millisecondsTimeout, bool exitContext)</c> is the nanoFramework mscorlib signature.
    /// </remarks>
    public sealed class DeviceLoopRunner
    {
        /// <summary>Longest sleep between passes, in milliseconds (bounds the effect of a clock or timer bug).</summary>
        public const int MaxSleepMs = 1000;

        private readonly EventLoop _loop;
        private readonly ILog _log;
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);

        /// <summary>Creates a runner for <paramref name="loop"/>.</summary>
        public DeviceLoopRunner(EventLoop loop)
            : this(loop, null)
        {
        }

        /// <summary>Creates a runner for <paramref name="loop"/> that reports unexpected loop failures to <paramref name="log"/>.</summary>
        public DeviceLoopRunner(EventLoop loop, ILog log)
        {
            if (loop == null)
            {
                throw new ArgumentNullException("loop");
            }

            _loop = loop;
            _log = log;
            _loop.WakeRequested += OnWakeRequested;
        }

        /// <summary>Runs the loop on the calling thread; never returns.</summary>
        public void Run()
        {
            while (true)
            {
                try
                {
                    _loop.RunDue();
                }
                catch (Exception ex)
                {
                    // EventLoop already contains callback exceptions; this only guards the runner itself.
                    if (_log != null && _log.IsEnabled(LogLevel.Error))
                    {
                        _log.Write(LogLevel.Error, "runner", "loop pass failed: " + ex.Message);
                    }
                }

                if (_loop.HasPosted)
                {
                    continue;
                }

                long next = _loop.NextDueMs;
                long wait = next == long.MaxValue ? MaxSleepMs : next - _loop.Clock.UptimeMs;
                if (wait <= 0)
                {
                    continue;
                }

                if (wait > MaxSleepMs)
                {
                    wait = MaxSleepMs;
                }

                _wake.WaitOne((int)wait, false);
            }
        }

        private void OnWakeRequested(EventLoop loop)
        {
            _wake.Set();
        }
    }
}
