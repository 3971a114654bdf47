using System;
using System.IO;
using Endpoint.Cli.CommandLine;
using Endpoint.Cli.Dashboard;
using Endpoint.Core.Hub;
using Endpoint.Host.Hub;
using Endpoint.Host.Mqtt;

namespace Endpoint.Cli.Commands;

/// <summary><c>endpoint dashboard</c>: a web page on 127.0.0.1 with every endpoint of a hub, live plots and controls.</summary>
public static class DashboardCommand
{
    public const string Help = """
        usage: endpoint dashboard --hub URI [--port 8080]

        Serves a web page on 127.0.0.1 with every endpoint on the hub: the device list, a live plot
        of each device's readings, switches and lights you can operate, OTA progress, and a CSV
        export of the readings. The page talks only to this tool; the broker's address and
        credentials stay here. Ctrl-C stops.

          --hub URI                mqtt://[user:pass@]host[:port] or mqtts://…
          --ca FILE                CA certificate (PEM) that signed the broker's certificate, for mqtts://
          --port PORT              port on 127.0.0.1 (default 8080; 0: any free port)
          --prefix PREFIX          topic prefix of the endpoints (default endpoint)
        """;

    private static readonly OptionSpec[] Options =
    [
        new("hub"), new("ca"), new("port"), new("prefix"), new("help", TakesValue: false),
    ];

    public static int Run(string[] args)
    {
        const string command = "endpoint dashboard";
        var a = ParsedArgs.Parse(command, args, Options);
        if (a.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        a.AtMostPositionals(0);
        var hub = HubArguments.Parse(a, required: true);
        int port = a.GetInt("port", 8080, 0, 65535);
        string prefix = a.GetTopicPrefix();
        using var stop = new StopSignal();
        using var client = new MqttClient();
        using var observer = new HubObserver(client, hub, prefix);
        var server = new DashboardServer(observer, new ReadingHistory(), MqttUri.Format(hub));
        try
        {
            server.StartAsync(port).GetAwaiter().GetResult();
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"{command}: {ex.Message}");
            return 1;
        }

        try
        {
            observer.Start();
            Console.WriteLine($"Dashboard: {server.Url}   (hub {MqttUri.Format(hub)}; Ctrl-C stops)");
            stop.Wait(-1);
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            observer.Stop();
        }

        return 0;
    }

    /// <summary>Starts a dashboard on an existing observer: on <paramref name="port"/>, or any free port when it is taken and <paramref name="anyIfTaken"/>.</summary>
    internal static DashboardServer Start(HubObserver observer, string hubText, int port, bool anyIfTaken)
    {
        var server = new DashboardServer(observer, new ReadingHistory(), hubText);
        try
        {
            server.StartAsync(port).GetAwaiter().GetResult();
        }
        catch (IOException) when (anyIfTaken && port != 0)
        {
            server = new DashboardServer(observer, new ReadingHistory(), hubText);
            server.StartAsync(0).GetAwaiter().GetResult();
        }

        return server;
    }
}
