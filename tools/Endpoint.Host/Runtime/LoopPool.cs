using System;
using System.Collections.Generic;
using System.Threading;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Runtime;

/// <summary>
/// Runs many endpoint loops on a few threads (DESIGN.md §3): a loop is queued when work is posted
/// to it or its next timer falls due, and a worker runs it; one timer thread keeps the deadlines of
/// all idle loops in a single priority queue. A loop never runs on two threads at once, so the core's
/// one-loop-one-thread rule holds while thousands of simulated endpoints share two cores.
/// </summary>
public sealed class LoopPool : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<Entry> _ready = new();
    private readonly PriorityQueue<Entry, long> _timers = new();
    private readonly Dictionary<EventLoop, Entry> _entries = new(ReferenceEqualityComparer.Instance);
    private readonly Thread[] _workers;
    private readonly Thread _timerThread;
    private readonly IClock _clock;
    private bool _stopping;

    /// <summary>Starts <paramref name="threads"/> workers (default: one per core) on <paramref name="clock"/>.</summary>
    public LoopPool(IClock clock, int threads = 0)
    {
        _clock = clock;
        _workers = new Thread[threads > 0 ? threads : Environment.ProcessorCount];
        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = "loop-pool-" + i };
            _workers[i].Start();
        }

        _timerThread = new Thread(WatchTimers) { IsBackground = true, Name = "loop-pool-timers" };
        _timerThread.Start();
    }

    /// <summary>Loops in the pool.</summary>
    public int Count { get; private set; }

    /// <summary>Loop passes run so far.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    private long _passes;

    /// <summary>Adds a loop; it runs at once and then whenever it has work.</summary>
    /// <exception cref="InvalidOperationException">The loop is already in the pool.</exception>
    public void Add(EventLoop loop)
    {
        var entry = new Entry(loop);
        entry.OnWake = _ => Wake(entry);
        lock (_gate)
        {
            if (!_entries.TryAdd(loop, entry))
            {
                throw new InvalidOperationException("the loop is already in the pool");
            }

            Count++;
        }

        loop.WakeRequested += entry.OnWake;
        Wake(entry);
    }

    /// <summary>
    /// Takes a loop out of the pool: its timers and posted work no longer run here (a pass in
    /// progress on another thread completes). This is how a simulated endpoint loses power: its
    /// loop simply stops. False when the loop was not in the pool.
    /// </summary>
    public bool Remove(EventLoop loop)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_entries.Remove(loop, out entry))
            {
                return false;
            }

            entry.Removed = true;
            entry.TimerVersion++; // its pending deadline, if any, is void
            Count--;
        }

        loop.WakeRequested -= entry.OnWake;
        return true;
    }

    /// <summary>Stops the threads after their current pass.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        foreach (var t in _workers)
        {
            t.Join(5000);
        }

        _timerThread.Join(5000);
    }

    private void Wake(Entry entry)
    {
        lock (_gate)
        {
            if (entry.Removed)
            {
                return;
            }

            if (entry.State == EntryState.Running)
            {
                entry.RunAgain = true;
                return;
            }

            if (entry.State == EntryState.Queued)
            {
                return;
            }

            entry.State = EntryState.Queued;
            entry.TimerVersion++; // any pending deadline is superseded
            _ready.Enqueue(entry);
            Monitor.PulseAll(_gate);
        }
    }

    private void Work()
    {
        while (true)
        {
            Entry entry;
            lock (_gate)
            {
                while (_ready.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_stopping)
                {
                    return;
                }

                entry = _ready.Dequeue();
                if (entry.Removed)
                {
                    continue;
                }

                entry.State = EntryState.Running;
                entry.RunAgain = false;
            }

            entry.Loop.RunDue();
            Interlocked.Increment(ref _passes);

            lock (_gate)
            {
                if (entry.Removed)
                {
                    entry.State = EntryState.Idle;
                    continue;
                }

                if (entry.RunAgain || entry.Loop.HasPosted || entry.Loop.NextDueMs <= _clock.UptimeMs)
                {
                    entry.State = EntryState.Queued;
                    _ready.Enqueue(entry);
                    Monitor.PulseAll(_gate);
                    continue;
                }

                entry.State = EntryState.Idle;
                long due = entry.Loop.NextDueMs;
                if (due != long.MaxValue)
                {
                    entry.TimerVersion++;
                    _timers.Enqueue(new Entry(entry, entry.TimerVersion), due);
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    private void WatchTimers()
    {
        lock (_gate)
        {
            while (!_stopping)
            {
                if (_timers.Count == 0)
                {
                    Monitor.Wait(_gate);
                    continue;
                }

                _timers.TryPeek(out var ticket, out long due);
                long now = _clock.UptimeMs;
                if (due > now)
                {
                    Monitor.Wait(_gate, (int)Math.Min(due - now, 1000));
                    continue;
                }

                _timers.Dequeue();
                var entry = ticket.Owner;
                if (ticket.Version == entry.TimerVersion && entry.State == EntryState.Idle && !entry.Removed)
                {
                    entry.State = EntryState.Queued;
                    _ready.Enqueue(entry);
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    private enum EntryState
    {
        Idle,
        Queued,
        Running,
    }

    private sealed class Entry
    {
        public Entry(EventLoop loop)
        {
            Loop = loop;
            Owner = this;
        }

        // A timer ticket: points at its loop's entry and is valid only while the version matches.
        public Entry(Entry owner, long version)
        {
            Loop = owner.Loop;
            Owner = owner;
            Version = version;
        }

        public EventLoop Loop { get; }
        public Entry Owner { get; }
        public long Version { get; }
        public EntryState State;
        public bool RunAgain;
        public bool Removed;
        public long TimerVersion;
        public LoopWakeHandler OnWake;
    }
}
