using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Endpoint.Cli.CommandLine;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Host.Fleet;
using Endpoint.Host.Mqtt;
using Endpoint.Host.Ota;
using Endpoint.Host.Runtime;

namespace Endpoint.Cli.Commands;

/// <summary><c>endpoint fleet</c>: many simulated endpoints in one process, with optional chaos, and a closing summary.</summary>
public static class FleetCommand
{
    public const string Help = """
        usage: endpoint fleet --app APP --count N [--hub URI] [options]

        Runs N simulated endpoints in one process, each with its own MQTT connection, identity,
        flash and state, all sharing a few threads. Ctrl-C (or --duration) stops them cleanly:
        each says offline, then a summary is printed and the hub is checked: every endpoint
        online and every retained state equal to the endpoint's own (exit code 1 when not).

          --app APP                {APPS}
          --count N                number of endpoints (1-50000)
          --hub URI                mqtt://[user:pass@]host[:port] or mqtts://…; default: an in-process hub
          --ca FILE                CA certificate (PEM) that signed the broker's certificate, for mqtts://
          --hub-port PORT          port the in-process hub listens on (default 1883, or a free one when
                                   1883 is taken; 0: any free port)
          --id-prefix P            ids P-1 … P-N (default: <app>-1, <app>-2, … per app)
          --board BOARD            board of every endpoint (default: each app's own)
          --state-dir DIR          keep each endpoint's flash in DIR/<id> (default: in memory, gone at exit)
          --telemetry-interval S   seconds between telemetry messages (default 60)
          --ota-key FILE           trust this OTA public key (ota.pub from 'endpoint ota keygen'): every
                                   endpoint then takes updates from 'endpoint ota publish'
          --ramp DURATION          start the endpoints evenly over this time (default 4 ms per endpoint)
          --duration DURATION      stop after this long (default: run until Ctrl-C)
          --press-rate RATE        button presses per endpoint, e.g. 1/min (default: none)
          --status-interval DURATION  how often a status line is printed (default 5s; 0: never)
          --seed N                 seed of the jitter, signal levels and chaos (default 1)
          --threads N              loop threads (default: one per core)
          --log-level LEVEL        endpoint log lines to show: verbose … error (default error)

        Chaos (rates per endpoint, like 2/min, 0.5/s, 10/h):
          --chaos                  drop 1/min, restart 1/min, power 0.5/min unless given below
          --chaos-drop-rate RATE   abrupt link losses (no goodbye: the broker publishes the will)
          --chaos-restart-rate RATE  clean reconnects (offline, DISCONNECT, connect again)
          --chaos-power-rate RATE  power cuts: the endpoint stops dead and boots again from its flash
          --chaos-power-off DURATION  how long the power stays off (default 3s; each cut 50-100% of it)
          --chaos-seed N           seed of the chaos schedule (default: --seed)
          --settle DURATION        after chaos, time to come back online before the check (default 60s)
        """;

    private static readonly OptionSpec[] Options =
    [
        new("app"), new("count"), new("hub"), new("ca"), new("hub-port"), new("id-prefix"), new("board"), new("state-dir"),
        new("telemetry-interval"), new("ramp"), new("duration"), new("press-rate"), new("status-interval"), new("seed"),
        new("threads"), new("log-level"), new("chaos", TakesValue: false), new("chaos-drop-rate"), new("chaos-restart-rate"),
        new("chaos-power-rate"), new("chaos-power-off"), new("chaos-seed"), new("settle"), new("ota-key"), new("help", TakesValue: false),
    ];

    public static int Run(string[] args)
    {
        const string command = "endpoint fleet";
        var a = ParsedArgs.Parse(command, args, Options);
        if (a.Has("help"))
        {
            Console.WriteLine(Help.Replace("{APPS}", FleetApps.Choices));
            return 0;
        }

        a.AtMostPositionals(0);
        string app = a.Get("app") ?? throw new UsageException($"{command}: --app is required ({FleetApps.Choices})");
        if (!a.Has("count"))
        {
            throw new UsageException($"{command}: --count is required, e.g. --count 200");
        }

        var options = new FleetOptions
        {
            Apps = FleetApps.Resolve(command, app, a.Get("board")),
            Count = a.GetInt("count", 1, 1, 50_000),
            IdPrefix = a.Get("id-prefix"),
            Hub = HubArguments.Parse(a, required: false),
            TelemetryIntervalMs = a.GetInt("telemetry-interval", 60, 1, 86_400) * 1000L,
            Threads = a.GetInt("threads", 0, 1, 256),
            Seed = a.GetInt("seed", 1, 0, int.MaxValue),
        };
        if (options.IdPrefix != null && !DeviceIdentity.IsValidId(options.IdPrefix + "-" + options.Count))
        {
            throw new UsageException($"{command}: --id-prefix '{options.IdPrefix}' does not make valid ids (<prefix>-<n>): use {DeviceIdentity.IdRule}");
        }

        if (a.Has("hub-port") && options.Hub != null)
        {
            throw new UsageException($"{command}: --hub-port is for the in-process hub; it cannot go with --hub");
        }

        options.RampMs = a.GetDuration("ramp", 4L * options.Count);
        options.PressesPerSecond = a.GetRate("press-rate", 0);
        bool chaos = a.Has("chaos");
        options.Chaos = new ChaosOptions
        {
            DropsPerSecond = a.GetRate("chaos-drop-rate", chaos ? 1 / 60.0 : 0),
            RestartsPerSecond = a.GetRate("chaos-restart-rate", chaos ? 1 / 60.0 : 0),
            PowerCutsPerSecond = a.GetRate("chaos-power-rate", chaos ? 0.5 / 60 : 0),
            PowerOffMs = a.GetDuration("chaos-power-off", 3000),
            Seed = a.Has("chaos-seed") ? a.GetInt("chaos-seed", 1, 0, int.MaxValue) : null,
        };
        long durationMs = a.GetDuration("duration", -1);
        long statusMs = a.GetDuration("status-interval", 5000);
        long settleMs = a.GetDuration("settle", 60_000);
        int hubPort = a.GetInt("hub-port", 1883, 0, 65535);
        LogLevel level;
        try
        {
            level = ConsoleLog.ParseLevel(a.Get("log-level", "error"));
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{command}: {ex.Message}");
        }

        options.Log = new ConsoleLog(level);
        if (a.Get("ota-key") != null)
        {
            try
            {
                options.OtaPublicKey = OtaKeys.ReadPublicKey(a.Get("ota-key"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                throw new UsageException($"{command}: --ota-key: {ex.Message}");
            }
        }

        if (a.Get("state-dir") != null)
        {
            options.StateRoot = Path.GetFullPath(a.Get("state-dir"));
            try
            {
                Directory.CreateDirectory(options.StateRoot);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{command}: --state-dir: cannot use '{options.StateRoot}': {ex.Message}");
            }
        }

        using var stop = new StopSignal();
        using var inProcess = options.Hub == null ? new InProcessHub() : null;
        string hubText;
        if (inProcess != null)
        {
            options.InProcessHub = inProcess;
            int port = InProcessHubListener.Listen(inProcess, hubPort, anyIfTaken: !a.Has("hub-port"));
            hubText = $"an in-process hub (other MQTT clients: mqtt://127.0.0.1:{port})";
        }
        else
        {
            hubText = MqttUri.Format(options.Hub);
        }

        SimulatedFleet fleet;
        try
        {
            fleet = new SimulatedFleet(options);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"{command}: {ex.Message}");
        }

        var last = fleet.Members[^1];
        Console.WriteLine($"Fleet: {options.Count} endpoints ({fleet.Members[0].Id} … {last.Id}) on {hubText}");
        Console.WriteLine($"  ramp {FleetReport.Duration(options.RampMs)}, telemetry every {options.TelemetryIntervalMs / 1000} s"
            + (options.Chaos.Enabled ? $", chaos: drops {Rate.Format(options.Chaos.DropsPerSecond)}, restarts {Rate.Format(options.Chaos.RestartsPerSecond)}, power cuts {Rate.Format(options.Chaos.PowerCutsPerSecond)} per endpoint" : "")
            + (durationMs >= 0 ? $"; stops after {FleetReport.Duration(durationMs)}" : "; Ctrl-C stops"));
        return Run(fleet, inProcess, stop, durationMs, statusMs, settleMs);
    }

    private static int Run(SimulatedFleet fleet, InProcessHub inProcess, StopSignal stop, long durationMs, long statusMs, long settleMs)
    {
        var clock = Stopwatch.StartNew();
        fleet.Start();
        try
        {
            string lastProblem = null;
            while (true)
            {
                long left = durationMs < 0 ? long.MaxValue : durationMs - clock.ElapsedMilliseconds;
                long wait = Math.Min(left, statusMs > 0 ? statusMs : long.MaxValue);
                if (left <= 0 || stop.Wait((int)Math.Min(wait, int.MaxValue)))
                {
                    break;
                }

                if (statusMs > 0)
                {
                    string problem = fleet.LastProblem;
                    Console.WriteLine($"{DateTime.Now:HH:mm:ss} {FleetReport.StatusLine(fleet)}" + (problem != null && problem != lastProblem ? $" · last problem: {problem}" : ""));
                    lastProblem = problem;
                }
            }

            var ran = clock.Elapsed;
            FleetVerification verification = null;
            bool unverifiable = false;
            if (fleet.Options.Chaos.Enabled)
            {
                fleet.StopChaos();
                Console.WriteLine($"chaos stopped; waiting up to {FleetReport.Duration(settleMs)} for every endpoint to be online (Ctrl-C: don't wait)");
                fleet.WaitAllOnline(TimeSpan.FromMilliseconds(settleMs), stop.Aborting);
            }

            if (!stop.Aborting.IsCancellationRequested)
            {
                Console.WriteLine("checking every endpoint's status and retained states at the hub…");
                verification = Verify(fleet, inProcess, stop.Aborting, out unverifiable);
            }

            int online = fleet.OnlineCount;
            fleet.Stop(TimeSpan.FromSeconds(10));
            FleetReport.Write(Console.Out, fleet, ran, online, verification);
            // A hub the check cannot reach proves nothing: that is a failure, not a pass.
            return unverifiable || (verification != null && !verification.Passed) ? 1 : 0;
        }
        finally
        {
            fleet.Dispose();
        }
    }

    private static FleetVerification Verify(SimulatedFleet fleet, InProcessHub inProcess, CancellationToken cancel, out bool unverifiable)
    {
        unverifiable = false;
        IMqttTransport transport = inProcess != null ? inProcess.CreateTransport() : new MqttClient();
        var hub = fleet.Options.Hub;
        var connect = hub == null ? new MqttConnectOptions { Host = "in-process" } : new MqttConnectOptions
        {
            Host = hub.Host,
            Port = hub.Port,
            UseTls = hub.UseTls,
            CaCertificatePem = hub.CaCertificatePem,
            Username = hub.Username,
            Password = hub.Password,
        };
        try
        {
            return FleetVerifier.VerifyAsync(fleet, transport, connect, TimeSpan.FromSeconds(fleet.Options.Chaos.Enabled ? 30 : 15), cancel).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine("endpoint fleet: " + ex.Message);
            unverifiable = true;
            return null;
        }
        finally
        {
            (transport as IDisposable)?.Dispose();
        }
    }
}
