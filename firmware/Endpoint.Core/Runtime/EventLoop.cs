using System;
using System.Collections;

namespace Endpoint.Core.Runtime
{
    /// <summary>Raised when work was posted to a loop from outside it, so its runner can wake it.</summary>
    public delegate void LoopWakeHandler(EventLoop loop);

    /// <summary>
    /// One endpoint's loop: an event queue plus timers ordered in a binary min-heap, with no thread
    /// of its own (DESIGN.md §3). A runner calls <see cref="RunDue"/> whenever the loop is woken or
    /// <see cref="NextDueMs"/> is reached: on the device the main thread, on the host a small
    /// pool shared by thousands of loops, in tests the test itself under a manual clock.
    /// A callback that throws is logged and does not stop the loop.
    /// </summary>
    public sealed class EventLoop : IScheduler
    {
        private const string Tag = "loop";

        private readonly IClock _clock;
        private readonly ILog _log;
        private readonly object _postLock = new object();
        private readonly Queue _posted = new Queue();
        private readonly Hashtable _timersById = new Hashtable();
        private TimerEntry[] _heap = new TimerEntry[8];
        private int _heapCount;
        private int _nextId = 1;
        private long _sequence;

        /// <summary>Creates a loop reading time from <paramref name="clock"/>.</summary>
        public EventLoop(IClock clock, ILog log)
        {
            _clock = clock;
            _log = log;
        }

        /// <summary>Raised (on the posting thread) by <see cref="Post"/>.</summary>
        public event LoopWakeHandler WakeRequested;

        /// <summary>The clock this loop runs on.</summary>
        public IClock Clock
        {
            get { return _clock; }
        }

        /// <summary>Uptime at which the earliest live timer is due; <see cref="long.MaxValue"/> when there is none.</summary>
        public long NextDueMs
        {
            get
            {
                DropCancelledTop();
                return _heapCount == 0 ? long.MaxValue : _heap[0].DueMs;
            }
        }

        /// <summary>True when posted work is waiting.</summary>
        public bool HasPosted
        {
            get
            {
                lock (_postLock)
                {
                    return _posted.Count > 0;
                }
            }
        }

        /// <summary>Number of live timers.</summary>
        public int TimerCount
        {
            get { return _timersById.Count; }
        }

        /// <inheritdoc />
        public int SetTimeout(long delayMs, LoopAction action)
        {
            return AddTimer(delayMs, 0, action);
        }

        /// <inheritdoc />
        public int SetInterval(long periodMs, LoopAction action)
        {
            if (periodMs <= 0)
            {
                throw new ArgumentOutOfRangeException("periodMs");
            }

            return AddTimer(periodMs, periodMs, action);
        }

        /// <inheritdoc />
        public void Cancel(int handle)
        {
            TimerEntry entry = (TimerEntry)_timersById[handle];
            if (entry != null)
            {
                entry.Cancelled = true;
                _timersById.Remove(handle);
            }
        }

        /// <inheritdoc />
        public void Post(LoopAction action)
        {
            if (action == null)
            {
                throw new ArgumentNullException("action");
            }

            lock (_postLock)
            {
                _posted.Enqueue(action);
            }

            LoopWakeHandler wake = WakeRequested;
            if (wake != null)
            {
                wake(this);
            }
        }

        /// <summary>
        /// Runs the work posted before this call, then every timer due by now. Work posted or timers
        /// armed while running wait for the next call, so one call is always bounded.
        /// </summary>
        /// <returns>How many callbacks ran.</returns>
        public int RunDue()
        {
            int ran = RunPosted();
            long now = _clock.UptimeMs;

            // Timers armed by the callbacks below have a sequence from here on and wait for the next
            // call; without this, a timer that re-arms a zero-delay timeout would never let the call end.
            // A newly armed timer is never due before an older due one, so stopping at it skips nothing.
            long armedBefore = _sequence;
            while (_heapCount > 0)
            {
                TimerEntry top = _heap[0];
                if (top.Cancelled)
                {
                    PopTop();
                    continue;
                }

                if (top.DueMs > now || top.Sequence >= armedBefore)
                {
                    break;
                }

                PopTop();
                if (top.PeriodMs > 0)
                {
                    // Keep the cadence, but never try to catch up a backlog in a burst.
                    top.DueMs += top.PeriodMs;
                    if (top.DueMs <= now)
                    {
                        top.DueMs = now + top.PeriodMs;
                    }

                    Push(top);
                }
                else
                {
                    _timersById.Remove(top.Id);
                }

                Invoke(top.Action);
                ran++;
            }

            return ran;
        }

        private int RunPosted()
        {
            int count;
            lock (_postLock)
            {
                count = _posted.Count;
            }

            for (int i = 0; i < count; i++)
            {
                LoopAction action;
                lock (_postLock)
                {
                    action = (LoopAction)_posted.Dequeue();
                }

                Invoke(action);
            }

            return count;
        }

        private void Invoke(LoopAction action)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                if (_log != null && _log.IsEnabled(LogLevel.Error))
                {
                    _log.Write(LogLevel.Error, Tag, "callback failed: " + ex.Message);
                }
            }
        }

        private int AddTimer(long delayMs, long periodMs, LoopAction action)
        {
            if (action == null)
            {
                throw new ArgumentNullException("action");
            }

            if (delayMs < 0)
            {
                delayMs = 0;
            }

            TimerEntry entry = new TimerEntry();
            entry.Id = _nextId++;
            if (_nextId == int.MaxValue)
            {
                _nextId = 1;
            }

            entry.DueMs = _clock.UptimeMs + delayMs;
            entry.PeriodMs = periodMs;
            entry.Action = action;
            entry.Sequence = _sequence++;
            _timersById[entry.Id] = entry;
            Push(entry);
            return entry.Id;
        }

        private void DropCancelledTop()
        {
            while (_heapCount > 0 && _heap[0].Cancelled)
            {
                PopTop();
            }
        }

        private void Push(TimerEntry entry)
        {
            if (_heapCount == _heap.Length)
            {
                TimerEntry[] bigger = new TimerEntry[_heap.Length * 2];
                Array.Copy(_heap, bigger, _heapCount);
                _heap = bigger;
            }

            int i = _heapCount++;
            _heap[i] = entry;
            while (i > 0)
            {
                int parent = (i - 1) / 2;
                if (!Earlier(_heap[i], _heap[parent]))
                {
                    break;
                }

                Swap(i, parent);
                i = parent;
            }
        }

        private void PopTop()
        {
            _heapCount--;
            _heap[0] = _heap[_heapCount];
            _heap[_heapCount] = null;
            int i = 0;
            while (true)
            {
                int left = (2 * i) + 1;
                if (left >= _heapCount)
                {
                    break;
                }

                int smallest = left;
                int right = left + 1;
                if (right < _heapCount && Earlier(_heap[right], _heap[left]))
                {
                    smallest = right;
                }

                if (!Earlier(_heap[smallest], _heap[i]))
                {
                    break;
                }

                Swap(i, smallest);
                i = smallest;
            }
        }

        // Ties run in the order the timers were armed, so equal deadlines are deterministic.
        private static bool Earlier(TimerEntry a, TimerEntry b)
        {
            return a.DueMs < b.DueMs || (a.DueMs == b.DueMs && a.Sequence < b.Sequence);
        }

        private void Swap(int a, int b)
        {
            TimerEntry t = _heap[a];
            _heap[a] = _heap[b];
            _heap[b] = t;
        }

        private sealed class TimerEntry
        {
            public int Id;
            public long DueMs;
            public long PeriodMs;
            public long Sequence;
            public LoopAction Action;
            public bool Cancelled;
        }
    }
}
