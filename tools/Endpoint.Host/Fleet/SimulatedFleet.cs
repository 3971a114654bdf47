using System;
using System.Collections.Generic;
using System.Threading;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;

namespace Endpoint.Host.Fleet;

/// <summary>
/// Many simulated endpoints in one process (DESIGN.md §3): every endpoint has its own loop, MQTT
/// connection, identity and flash, and all loops share one <see cref="LoopPool"/> (a few threads,
/// one timer queue). A supervisor loop in the same pool starts the endpoints along a connect ramp,
/// injects chaos and simulated button presses at random (Poisson) times, and boots endpoints again
/// after reboots and power cuts.
/// </summary>
public sealed class SimulatedFleet : IDisposable
{
    private readonly List<FleetMember> _members = new();
    private readonly Random _chaosRandom;
    private readonly Random _random;
    private int _firstOnlineCount;
    private long _allOnlineMs = -1;
    private string _lastProblem;
    private bool _running;
    private bool _chaosOn;

    /// <summary>Creates the fleet (nothing runs until <see cref="Start"/>).</summary>
    /// <exception cref="ArgumentException">Invalid options (no app, bad count, an id that is not valid).</exception>
    public SimulatedFleet(FleetOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Apps.Count == 0)
        {
            throw new ArgumentException("a fleet needs at least one app");
        }

        if (options.Count < 1)
        {
            throw new ArgumentException("a fleet needs at least one endpoint");
        }

        if (options.Hub == null && options.InProcessHub == null)
        {
            throw new ArgumentException("a fleet needs a broker (Hub) or an in-process hub");
        }

        _random = new Random(options.Seed);
        _chaosRandom = new Random(options.Chaos.Seed ?? options.Seed);
        var perApp = new Dictionary<string, int>();
        for (int i = 0; i < options.Count; i++)
        {
            var app = options.Apps[i % options.Apps.Count];
            perApp[app.Name] = perApp.GetValueOrDefault(app.Name) + 1;
            string id = options.IdPrefix != null ? $"{options.IdPrefix}-{i + 1}" : $"{app.Name}-{perApp[app.Name]}";
            if (!DeviceIdentity.IsValidId(id))
            {
                throw new ArgumentException($"'{id}' is not a valid device id: use {DeviceIdentity.IdRule}");
            }

            _members.Add(new FleetMember(this, i, id, app, options.StateRoot, unchecked(options.Seed * 1_000_003 + i)));
        }
    }

    /// <summary>The options.</summary>
    public FleetOptions Options { get; }

    /// <summary>The endpoints, in order.</summary>
    public IReadOnlyList<FleetMember> Members => _members;

    /// <summary>The clock every endpoint runs on.</summary>
    public IClock Clock { get; } = new SystemClock();

    /// <summary>Fleet uptime (ms) when every endpoint had been online at least once, or -1.</summary>
    public long AllOnlineMs => Interlocked.Read(ref _allOnlineMs);

    /// <summary>The most recent warning or error of any endpoint (for a status line), or null.</summary>
    public string LastProblem => Volatile.Read(ref _lastProblem);

    /// <summary>Endpoints online right now.</summary>
    public int OnlineCount
    {
        get
        {
            int n = 0;
            foreach (var m in _members)
            {
                if (m.IsOnline)
                {
                    n++;
                }
            }

            return n;
        }
    }

    internal LoopPool Pool { get; private set; }

    internal EventLoop Supervisor { get; private set; }

    /// <summary>Starts the pool, the endpoints along the ramp, and chaos and presses when asked for.</summary>
    public void Start()
    {
        if (Pool != null)
        {
            throw new InvalidOperationException("the fleet was already started");
        }

        _running = true;
        Pool = new LoopPool(Clock, Options.Threads);
        Supervisor = new EventLoop(Clock, Options.Log);
        Pool.Add(Supervisor);
        Supervisor.Post(() =>
        {
            long ramp = Math.Max(0, Options.RampMs);
            int n = _members.Count;
            foreach (var m in _members)
            {
                // Evenly along the ramp, each with its own jitter: connects and telemetry phases spread out.
                long at = n == 1 || ramp == 0 ? 0 : (long)(ramp * (m.Index + _random.NextDouble()) / n);
                var member = m;
                Supervisor.SetTimeout(at, () => BootIfRunning(member, "power_on"));
            }

            var chaos = Options.Chaos;
            _chaosOn = chaos.Enabled;
            Every(chaos.DropsPerSecond, m => m.DropLink(), chaosEvent: true);
            Every(chaos.RestartsPerSecond, m => m.RestartConnection(), chaosEvent: true);
            Every(chaos.PowerCutsPerSecond, m => m.CutPower((long)(chaos.PowerOffMs * (0.5 + (_chaosRandom.NextDouble() / 2)))), chaosEvent: true);
            Every(Options.PressesPerSecond, m => m.Press(), chaosEvent: false);
        });
    }

    /// <summary>Stops injecting faults (endpoints powered off still come back).</summary>
    public void StopChaos()
    {
        using var done = new ManualResetEventSlim();
        Supervisor?.Post(() =>
        {
            _chaosOn = false;
            done.Set();
        });
        done.Wait(5000);
    }

    /// <summary>Waits until every endpoint is online (or asleep on purpose) at the same time; false on timeout or cancellation.</summary>
    public bool WaitAllOnline(TimeSpan timeout, CancellationToken cancel = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_members.TrueForAll(m => m.IsOnline || m.IsAsleep))
        {
            if (DateTime.UtcNow >= deadline || cancel.WaitHandle.WaitOne(100))
            {
                return _members.TrueForAll(m => m.IsOnline || m.IsAsleep);
            }
        }

        return true;
    }

    /// <summary>
    /// A clean shutdown: no more boots or chaos; every endpoint announces offline and disconnects.
    /// Returns once all links are closed or <paramref name="timeout"/> passed.
    /// </summary>
    public void Stop(TimeSpan timeout)
    {
        if (Pool == null)
        {
            return;
        }

        using var stopped = new ManualResetEventSlim();
        Supervisor.Post(() =>
        {
            _running = false;
            _chaosOn = false;
            foreach (var m in _members)
            {
                m.Stop();
            }

            stopped.Set();
        });
        stopped.Wait(5000);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_members.TrueForAll(m => m.IsDisconnected))
        {
            Thread.Sleep(50);
        }
    }

    /// <summary>Stops the loop threads (call <see cref="Stop"/> first for a clean goodbye).</summary>
    public void Dispose()
    {
        Pool?.Dispose();
    }

    /// <summary>The fleet's counters summed over all endpoints.</summary>
    public FleetTotals Totals()
    {
        var t = new FleetTotals { Endpoints = _members.Count };
        foreach (var m in _members)
        {
            t.Online += m.IsOnline ? 1 : 0;
            t.EverOnline += m.FirstOnlineMs >= 0 ? 1 : 0;
            t.Messages += m.Published;
            t.Commands += m.CommandsApplied;
            t.CommandsRefused += m.CommandsRefused;
            t.Reconnects += m.Reconnects;
            t.ConnectionLosses += m.ConnectionLosses;
            t.Errors += m.Errors;
            t.Drops += m.Drops;
            t.Restarts += m.Restarts;
            t.PowerCuts += m.PowerCuts;
            t.Reboots += m.Reboots;
            t.Presses += m.Presses;
            t.Sleeps += m.Sleeps;
        }

        return t;
    }

    internal void BootIfRunning(FleetMember member, string resetReason)
    {
        if (_running && member.Endpoint == null)
        {
            try
            {
                member.Boot(resetReason);
            }
            catch (Exception ex)
            {
                member.NoteLog(LogLevel.Error, "boot failed: " + ex.Message);
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> on the supervisor loop (its timers may only be armed there).</summary>
    internal void OnSupervisor(LoopAction action) => Supervisor.Post(action);

    internal void NoteProblem(string text) => Volatile.Write(ref _lastProblem, text);

    internal void NoteFirstOnline(long nowMs)
    {
        if (Interlocked.Increment(ref _firstOnlineCount) == _members.Count)
        {
            Interlocked.Exchange(ref _allOnlineMs, nowMs);
        }
    }

    // Events at random times with the given rate per endpoint: the fleet-wide process is Poisson with
    // n × rate, each event hitting an endpoint chosen uniformly, so each endpoint sees its own rate.
    private void Every(double perEndpointPerSecond, Action<FleetMember> action, bool chaosEvent)
    {
        if (perEndpointPerSecond <= 0)
        {
            return;
        }

        double fleetRate = perEndpointPerSecond * _members.Count / 1000.0; // per ms
        void Next()
        {
            long wait = (long)Math.Ceiling(-Math.Log(1 - _chaosRandom.NextDouble()) / fleetRate);
            Supervisor.SetTimeout(wait, () =>
            {
                if (!_running || (chaosEvent && !_chaosOn))
                {
                    return;
                }

                action(_members[_chaosRandom.Next(_members.Count)]);
                Next();
            });
        }

        Next();
    }
}

/// <summary>Counters summed over a fleet.</summary>
public sealed class FleetTotals
{
    /// <summary>Endpoints in the fleet.</summary>
    public int Endpoints;

    /// <summary>Online right now.</summary>
    public int Online;

    /// <summary>Online at least once.</summary>
    public int EverOnline;

    /// <summary>Messages the endpoints handed to the broker.</summary>
    public long Messages;

    /// <summary>Commands applied.</summary>
    public long Commands;

    /// <summary>Commands refused with an error reply.</summary>
    public long CommandsRefused;

    /// <summary>Connections after each endpoint's first.</summary>
    public long Reconnects;

    /// <summary>Failed or lost connections the endpoints saw.</summary>
    public long ConnectionLosses;

    /// <summary>Error log lines.</summary>
    public long Errors;

    /// <summary>Injected link drops.</summary>
    public long Drops;

    /// <summary>Injected connection restarts.</summary>
    public long Restarts;

    /// <summary>Injected power cuts.</summary>
    public long PowerCuts;

    /// <summary>Software reboots.</summary>
    public long Reboots;

    /// <summary>Simulated button presses.</summary>
    public long Presses;

    /// <summary>Deep sleeps (battery sensors between readings).</summary>
    public long Sleeps;
}
