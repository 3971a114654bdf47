using System;
using System.Collections.Generic;
using System.Linq;
using Endpoint.Cli.CommandLine;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Host.Fleet;
using Endpoint.Host.Hub;
using Endpoint.Host.Mqtt;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;

namespace Endpoint.Cli.Commands;

/// <summary><c>endpoint demo</c>: a small mixed fleet on a hub inside the process, and the dashboard to watch and drive it.</summary>
public static class DemoCommand
{
    public const string Help = """
        usage: endpoint demo [--port 8080]

        Starts a small mixed fleet — 3 plugs and 2 of every other app — on an MQTT hub inside this
        process, and the dashboard. Open the printed address in a browser: every device, live
        plots, switches to flip. Other MQTT clients (mosquitto_sub, Home Assistant, 'endpoint
        monitor') reach the same hub at the printed mqtt:// address. Ctrl-C stops everything.

          --port PORT              dashboard port on 127.0.0.1 (default 8080, or a free one when 8080 is taken)
          --hub-port PORT          MQTT port of the hub (default 1883, or a free one when 1883 is taken)
          --telemetry-interval S   seconds between telemetry messages (default 5)
          --log-level LEVEL        endpoint log lines to show: verbose … error (default warning)
        """;

    private static readonly OptionSpec[] Options =
    [
        new("port"), new("hub-port"), new("telemetry-interval"), new("log-level"), new("help", TakesValue: false),
    ];

    public static int Run(string[] args)
    {
        const string command = "endpoint demo";
        var a = ParsedArgs.Parse(command, args, Options);
        if (a.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        a.AtMostPositionals(0);
        int port = a.GetInt("port", 8080, 0, 65535);
        int hubPort = a.GetInt("hub-port", 1883, 0, 65535);
        int telemetry = a.GetInt("telemetry-interval", 5, 1, 3600);
        LogLevel level;
        try
        {
            level = ConsoleLog.ParseLevel(a.Get("log-level", "warning"));
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{command}: {ex.Message}");
        }

        var apps = new List<FleetApp>();
        foreach (var app in FleetApps.Resolve(command, "mix", null))
        {
            apps.AddRange(Enumerable.Repeat(app, app.Name == "plug" ? 3 : 2));
        }

        using var stop = new StopSignal();
        using var hub = new InProcessHub();
        int mqttPort = InProcessHubListener.Listen(hub, hubPort, anyIfTaken: !a.Has("hub-port"));
        var fleet = new SimulatedFleet(new FleetOptions
        {
            Apps = apps,
            Count = apps.Count,
            InProcessHub = hub,
            TelemetryIntervalMs = telemetry * 1000L,
            RampMs = 1000,
            PressesPerSecond = 1 / 60.0, // someone uses a device now and then
            Log = new ConsoleLog(level),
            Seed = Environment.TickCount,
        });
        using var observer = new HubObserver(hub.CreateTransport(), new MqttConnectOptions { Host = "in-process" });
        string hubText = $"mqtt://127.0.0.1:{mqttPort} (in this process)";
        var server = DashboardCommand.Start(observer, hubText, port, anyIfTaken: !a.Has("port"));
        try
        {
            observer.Start();
            fleet.Start();
            string mix = string.Join(", ", apps.GroupBy(x => x.Name).Select(g => $"{g.Count()} {g.Key}{(g.Count() > 1 ? "s" : "")}"));
            Console.WriteLine($"Endpoint demo: {mix} on a hub at mqtt://127.0.0.1:{mqttPort}");
            Console.WriteLine();
            Console.WriteLine($"  Dashboard: {server.Url}");
            Console.WriteLine();
            Console.WriteLine($"  Watch the hub: mosquitto_sub -p {mqttPort} -t 'endpoint/#' -v    or    endpoint monitor --hub mqtt://127.0.0.1:{mqttPort}");
            Console.WriteLine("  Ctrl-C stops.");
            stop.Wait(-1);
        }
        finally
        {
            Console.WriteLine("stopping…");
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            fleet.Stop(TimeSpan.FromSeconds(5));
            fleet.Dispose();
            observer.Stop();
        }

        return 0;
    }
}
