using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Core.Text;
using Endpoint.Host.Mqtt;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;

namespace Endpoint.Host.Fleet;

/// <summary>
/// One endpoint of a <see cref="SimulatedFleet"/> across its boots: identity, flash, the endpoint of the
/// current boot (none while its power is off) and what it went through. Every action on the
/// endpoint is posted into its own loop, so it never races the device logic.
/// </summary>
public sealed class FleetMember
{
    private readonly SimulatedFleet _fleet;
    private readonly MemoryFlash _memory;
    private readonly string _stateDir;
    private readonly int _baseRssi;
    private readonly SimulatedEnvironment _environment;
    private SimulatedEndpoint _current;
    private IMqttTransport _transport;

    // Counters of ended boots; the current boot's are added on read.
    private long _published, _connects, _connectionLosses, _commandsApplied, _commandsRefused;
    private int _boots, _drops, _restarts, _powerCuts, _reboots, _presses, _errors, _sleeps;
    private long _offlineSinceMs = -1, _longestOfflineMs, _firstOnlineMs = -1;
    private string _lastProblem;
    private bool _asleep;

    internal FleetMember(SimulatedFleet fleet, int index, string id, FleetApp app, string stateRoot, int seed)
    {
        _fleet = fleet;
        Index = index;
        Id = id;
        App = app;
        Seed = seed;
        if (stateRoot != null)
        {
            _stateDir = Path.Combine(stateRoot, id);
        }
        else
        {
            _memory = new MemoryFlash();
        }

        // Each endpoint sits somewhere else in the building: its own mean signal, its own room.
        _baseRssi = -45 - new Random(seed).Next(0, 41);
        _environment = new SimulatedEnvironment(fleet.Clock, seed);
        Log = new MemberLog(this, fleet.Options.Log);
    }

    /// <summary>Position in the fleet (0-based).</summary>
    public int Index { get; }

    /// <summary>Device id.</summary>
    public string Id { get; }

    /// <summary>App and board.</summary>
    public FleetApp App { get; }

    /// <summary>Seed of this endpoint's randomness.</summary>
    public int Seed { get; }

    /// <summary>The endpoint of the current boot, or null while the power is off (or before the first boot).</summary>
    public SimulatedEndpoint Endpoint => Volatile.Read(ref _current);

    /// <summary>True while the current boot is online at the hub.</summary>
    public bool IsOnline => Endpoint?.Runtime.Hub.State == HubState.Online;

    /// <summary>True while in deep sleep (a battery sensor between readings): away on purpose, its status still <c>online</c>.</summary>
    public bool IsAsleep => Volatile.Read(ref _asleep);

    /// <summary>Deep sleeps so far.</summary>
    public int Sleeps => Volatile.Read(ref _sleeps);

    /// <summary>Boots so far (first boot, reboots, power-ons).</summary>
    public int Boots => Volatile.Read(ref _boots);

    /// <summary>Abrupt link losses injected.</summary>
    public int Drops => Volatile.Read(ref _drops);

    /// <summary>Clean connection restarts injected.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Power cuts injected.</summary>
    public int PowerCuts => Volatile.Read(ref _powerCuts);

    /// <summary>Software reboots (the <c>restart</c> command).</summary>
    public int Reboots => Volatile.Read(ref _reboots);

    /// <summary>Button presses simulated.</summary>
    public int Presses => Volatile.Read(ref _presses);

    /// <summary>Error log lines of this endpoint.</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>The last warning or error it logged, or null.</summary>
    public string LastProblem => Volatile.Read(ref _lastProblem);

    /// <summary>Messages handed to the broker, over all boots.</summary>
    public long Published => Interlocked.Read(ref _published) + (Endpoint?.Runtime.Hub.Published ?? 0);

    /// <summary>Accepted connections, over all boots.</summary>
    public long Connects => Interlocked.Read(ref _connects) + (Endpoint?.Runtime.Hub.Connects ?? 0);

    /// <summary>Connections after the first one (after drops, restarts, reboots, power cuts or broker restarts).</summary>
    public long Reconnects => Math.Max(0, Connects - 1);

    /// <summary>Failed or lost connections seen by the endpoint, over all boots.</summary>
    public long ConnectionLosses => Interlocked.Read(ref _connectionLosses) + (Endpoint?.Runtime.Hub.Disconnects ?? 0);

    /// <summary>Commands applied.</summary>
    public long CommandsApplied => Interlocked.Read(ref _commandsApplied) + (Endpoint?.Runtime.Hub.CommandsApplied ?? 0);

    /// <summary>Commands refused with an error reply.</summary>
    public long CommandsRefused => Interlocked.Read(ref _commandsRefused) + (Endpoint?.Runtime.Hub.CommandsRefused ?? 0);

    /// <summary>Longest time between going offline (link loss, power cut, …) and being online again, so far.</summary>
    public long LongestOfflineMs
    {
        get
        {
            long longest = Interlocked.Read(ref _longestOfflineMs);
            long since = Interlocked.Read(ref _offlineSinceMs);
            return since < 0 ? longest : Math.Max(longest, _fleet.Clock.UptimeMs - since);
        }
    }

    /// <summary>Fleet uptime (ms) when this endpoint was first online, or -1.</summary>
    public long FirstOnlineMs => Interlocked.Read(ref _firstOnlineMs);

    internal ILog Log { get; }

    /// <summary>Boots the endpoint (first boot, after a reboot, after a power cut).</summary>
    internal void Boot(string resetReason)
    {
        var options = _fleet.Options;
        _transport = options.Hub != null ? new MqttClient() : options.InProcessHub.CreateTransport();
        var endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
        {
            App = App.Name,
            Id = Id,
            Board = App.Board,
            StateDir = _stateDir,
            MemoryFlash = _memory,
            Transport = _transport,
            Hub = options.Hub != null ? Copy(options.Hub) : new MqttConnectOptions { Host = "in-process", Port = 0 },
            HubOptions = new HubOptions { TelemetryIntervalMs = options.TelemetryIntervalMs, TopicPrefix = options.TopicPrefix },
            // The device's uptime starts at its boot; the world's time (WorldClock) goes on.
            Clock = new OffsetClock(_fleet.Clock, -_fleet.Clock.UptimeMs),
            Log = Log,
            FirmwareVersion = options.FirmwareVersion,
            ResetReason = resetReason,
            Seed = Seed + (Boots * 7919),
            Environment = _environment,
            WorldClock = _fleet.Clock,
            OtaPublicKey = options.OtaPublicKey,
        });
        endpoint.Wifi.BaseRssi = _baseRssi;
        endpoint.Runtime.Hub.StateChanged += (state, detail) => OnHubState(state);
        endpoint.System.RebootRequested += _ => OnRebootRequested(endpoint);
        endpoint.System.DeepSleepRequested += ms => OnDeepSleep(endpoint, ms);
        Volatile.Write(ref _asleep, false);
        Interlocked.Increment(ref _boots);
        Volatile.Write(ref _current, endpoint);
        _fleet.Pool.Add(endpoint.Loop);
        endpoint.Start();
    }

    /// <summary>Chaos: the link drops without a goodbye; the endpoint notices and reconnects by itself.</summary>
    internal void DropLink()
    {
        var endpoint = Endpoint;
        var transport = _transport;
        endpoint?.Loop.Post(() =>
        {
            if (Endpoint == endpoint && endpoint.Runtime.Hub.State == HubState.Online)
            {
                Interlocked.Increment(ref _drops);
                Kill(transport);
            }
        });
    }

    /// <summary>Chaos: a clean restart of the broker connection (offline, DISCONNECT, connect again).</summary>
    internal void RestartConnection()
    {
        var endpoint = Endpoint;
        var transport = _transport;
        endpoint?.Loop.Post(() =>
        {
            var hub = endpoint.Runtime.Hub;
            if (Endpoint != endpoint || hub.State != HubState.Online)
            {
                return;
            }

            Interlocked.Increment(ref _restarts);
            hub.Stop();
            long deadline = _fleet.Clock.UptimeMs + 5000;
            int timer = 0;
            timer = endpoint.Loop.SetInterval(50, () =>
            {
                if (transport.IsConnected && _fleet.Clock.UptimeMs < deadline)
                {
                    return;
                }

                endpoint.Loop.Cancel(timer);
                if (Endpoint == endpoint)
                {
                    hub.Start();
                }
            });
        });
    }

    /// <summary>Chaos: the power goes: the loop stops dead, the link dies, and the endpoint boots again from its flash after <paramref name="offMs"/>.</summary>
    internal void CutPower(long offMs)
    {
        var endpoint = Endpoint;
        var transport = _transport;
        endpoint?.Loop.Post(() =>
        {
            if (Endpoint != endpoint)
            {
                return;
            }

            Interlocked.Increment(ref _powerCuts);
            Kill(transport);
            EndBoot(endpoint);
            _fleet.OnSupervisor(() => _fleet.Supervisor.SetTimeout(offMs, () => _fleet.BootIfRunning(this, "power_on")));
        });
    }

    /// <summary>Someone presses the button (when the board has one and the app uses it).</summary>
    internal void Press()
    {
        var endpoint = Endpoint;
        if (endpoint == null || !App.Board.HasPin("user_button"))
        {
            return;
        }

        try
        {
            endpoint.PressButton(120);
            Interlocked.Increment(ref _presses);
        }
        catch (InvalidOperationException)
        {
            // The app never opened the button pin (a sensor on a board with a BOOT button): nothing to press.
        }
    }

    /// <summary>A clean shutdown: offline, DISCONNECT.</summary>
    internal void Stop()
    {
        var endpoint = Endpoint;
        endpoint?.Loop.Post(endpoint.Runtime.Stop);
    }

    /// <summary>True when the current boot's transport has no connection (nothing left to close).</summary>
    internal bool IsDisconnected => !(_transport?.IsConnected ?? false);

    /// <summary>
    /// The retained state the endpoint's model says each entity has (state topic → payload), read on
    /// its loop; null while the power is off.
    /// </summary>
    public Task<Dictionary<string, string>> ReadModelAsync()
    {
        var endpoint = Endpoint;
        if (endpoint == null)
        {
            return Task.FromResult<Dictionary<string, string>>(null);
        }

        var done = new TaskCompletionSource<Dictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        endpoint.Loop.Post(() =>
        {
            if (Endpoint != endpoint)
            {
                done.TrySetResult(null);
                return;
            }

            var states = new Dictionary<string, string>(StringComparer.Ordinal);
            var buffer = new ByteBuffer(64);
            foreach (var e in endpoint.Runtime.Hub.Entities)
            {
                if (e.HasState && e.HasValue && e.StateTopic != null)
                {
                    buffer.Clear();
                    e.WriteState(buffer);
                    states[e.StateTopic] = System.Text.Encoding.UTF8.GetString(buffer.Data, 0, buffer.Length);
                }
            }

            done.TrySetResult(states);
        });
        return done.Task;
    }

    internal void NoteLog(LogLevel level, string message)
    {
        if (level >= LogLevel.Error)
        {
            Interlocked.Increment(ref _errors);
        }

        if (level >= LogLevel.Warning)
        {
            Volatile.Write(ref _lastProblem, message);
            _fleet.NoteProblem(Id + ": " + message);
        }
    }

    private void OnHubState(HubState state)
    {
        long now = _fleet.Clock.UptimeMs;
        if (state == HubState.Online)
        {
            long since = Interlocked.Exchange(ref _offlineSinceMs, -1);
            if (since >= 0)
            {
                InterlockedMax(ref _longestOfflineMs, now - since);
            }

            if (Interlocked.CompareExchange(ref _firstOnlineMs, now, -1) == -1)
            {
                _fleet.NoteFirstOnline(now);
            }
        }
        else if (Interlocked.Read(ref _firstOnlineMs) >= 0)
        {
            Interlocked.CompareExchange(ref _offlineSinceMs, now, -1);
        }
    }

    // On the endpoint's loop: the runtime has said offline and disconnected; boot again once the link is closed.
    private void OnRebootRequested(SimulatedEndpoint endpoint)
    {
        if (Endpoint != endpoint)
        {
            return;
        }

        Interlocked.Increment(ref _reboots);
        var transport = _transport;
        EndBoot(endpoint);
        long deadline = _fleet.Clock.UptimeMs + 5000;
        _fleet.OnSupervisor(() =>
        {
            int timer = 0;
            timer = _fleet.Supervisor.SetInterval(50, () =>
            {
                if (!transport.IsConnected || _fleet.Clock.UptimeMs > deadline)
                {
                    _fleet.Supervisor.Cancel(timer);
                    _fleet.BootIfRunning(this, "software");
                }
            });
        });
    }

    // On the endpoint's loop: the app said goodbye (without "offline") and sleeps; the chip wakes from reset.
    private void OnDeepSleep(SimulatedEndpoint endpoint, long ms)
    {
        if (Endpoint != endpoint)
        {
            return;
        }

        Interlocked.Increment(ref _sleeps);
        EndBoot(endpoint, asleep: true);
        Interlocked.Exchange(ref _offlineSinceMs, -1); // asleep on purpose, not offline
        _fleet.OnSupervisor(() => _fleet.Supervisor.SetTimeout(ms, () => _fleet.BootIfRunning(this, "deep_sleep")));
    }

    // The boot ends: keep its counters, stop its loop.
    private void EndBoot(SimulatedEndpoint endpoint, bool asleep = false)
    {
        var hub = endpoint.Runtime.Hub;
        Interlocked.Add(ref _published, hub.Published);
        Interlocked.Add(ref _connects, hub.Connects);
        Interlocked.Add(ref _connectionLosses, hub.Disconnects);
        Interlocked.Add(ref _commandsApplied, hub.CommandsApplied);
        Interlocked.Add(ref _commandsRefused, hub.CommandsRefused);
        if (Interlocked.Read(ref _firstOnlineMs) >= 0 && !asleep)
        {
            Interlocked.CompareExchange(ref _offlineSinceMs, _fleet.Clock.UptimeMs, -1);
        }

        Volatile.Write(ref _asleep, asleep);
        Volatile.Write(ref _current, null);
        _fleet.Pool.Remove(endpoint.Loop);
    }

    private static void Kill(IMqttTransport transport)
    {
        switch (transport)
        {
            case MqttClient client:
                client.Kill();
                break;
            case InProcessTransport inProcess:
                inProcess.Kill();
                break;
        }
    }

    private static MqttConnectOptions Copy(MqttConnectOptions o) => new()
    {
        Host = o.Host,
        Port = o.Port,
        UseTls = o.UseTls,
        CaCertificatePem = o.CaCertificatePem,
        Username = o.Username,
        Password = o.Password,
        KeepAliveSeconds = o.KeepAliveSeconds,
        ConnectTimeoutMs = o.ConnectTimeoutMs,
    };

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>Counts this endpoint's errors and forwards its lines, tagged with its id, to the fleet's log.</summary>
    private sealed class MemberLog(FleetMember member, ILog inner) : ILog
    {
        public bool IsEnabled(LogLevel level) => level >= LogLevel.Warning || (inner != null && inner.IsEnabled(level));

        public void Write(LogLevel level, string tag, string message)
        {
            member.NoteLog(level, message);
            if (inner != null && inner.IsEnabled(level))
            {
                inner.Write(level, tag, member.Id + ": " + message);
            }
        }
    }
}
