using System;
using System.IO;
using System.Linq;
using Endpoint.Cli.CommandLine;
using Endpoint.Cli.Monitor;
using Endpoint.Core.Hub;
using Endpoint.Host.Hub;
using Endpoint.Host.Mqtt;

namespace Endpoint.Cli.Commands;

/// <summary><c>endpoint monitor</c>: every endpoint on a hub in a live table; with <c>--csv</c>, every reading recorded.</summary>
public static class MonitorCommand
{
    public const string Help = """
        usage: endpoint monitor --hub URI [--csv FILE]

        Shows every endpoint on the hub in a table refreshed in place: id, type, firmware, online,
        last seen, RSSI, main readings, OTA state. When the output is not a terminal, prints each
        change as a line instead. Ctrl-C quits.

          --hub URI                mqtt://[user:pass@]host[:port] or mqtts://…
          --ca FILE                CA certificate (PEM) that signed the broker's certificate, for mqtts://
          --csv FILE               record every reading as a row: time,device,entity,value,unit
                                   (time in ISO 8601 UTC; an existing readings file is continued)
          --refresh DURATION       how often the table is redrawn (default 1s)
          --prefix PREFIX          topic prefix of the endpoints (default endpoint)
        """;

    private static readonly OptionSpec[] Options =
    [
        new("hub"), new("ca"), new("csv"), new("refresh"), new("prefix"), new("help", TakesValue: false),
    ];

    public static int Run(string[] args)
    {
        const string command = "endpoint monitor";
        var a = ParsedArgs.Parse(command, args, Options);
        if (a.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        a.AtMostPositionals(0);
        var hub = HubArguments.Parse(a, required: true);
        long refreshMs = a.GetDuration("refresh", 1000);
        if (refreshMs < 100)
        {
            throw new UsageException($"{command}: --refresh must be at least 100ms");
        }

        string prefix = a.GetTopicPrefix();
        CsvRecorder csv = null;
        if (a.Get("csv") != null)
        {
            try
            {
                csv = new CsvRecorder(a.Get("csv"));
            }
            catch (IOException ex)
            {
                throw new UsageException($"{command}: --csv: {ex.Message}");
            }
        }

        using var stop = new StopSignal();
        using var client = new MqttClient();
        using var observer = new HubObserver(client, hub, prefix);
        bool table = !Console.IsOutputRedirected;
        var lines = new MonitorLines();
        var gate = new object();
        if (csv != null)
        {
            observer.ReadingReceived += csv.Add;
        }

        if (!table)
        {
            Console.WriteLine($"endpoint monitor: {MqttUri.Format(hub)}" + (csv != null ? $", recording readings to {csv.Path}" : ""));
            observer.ConnectionChanged += (up, detail) =>
            {
                lock (gate)
                {
                    Console.WriteLine($"{DateTime.Now:HH:mm:ss} hub {(up ? "connected" : detail)}");
                }
            };
            observer.DeviceChanged += id =>
            {
                var d = observer.Device(id);
                lock (gate)
                {
                    foreach (string line in lines.Changes(d))
                    {
                        Console.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
                    }
                }
            };
        }

        observer.Start();
        try
        {
            if (table)
            {
                Console.Write("\u001b[?1049h\u001b[?25l"); // the terminal's alternate screen, no cursor
                while (!stop.Wait((int)refreshMs))
                {
                    Draw(observer, hub, csv);
                }
            }
            else
            {
                stop.Wait(-1);
            }
        }
        finally
        {
            if (table)
            {
                Console.Write("\u001b[?25h\u001b[?1049l");
            }

            observer.Stop();
            csv?.Dispose();
        }

        var devices = observer.Devices();
        Console.WriteLine($"{devices.Count} endpoints seen, {devices.Count(d => d.Online == true)} online"
            + (csv != null ? $"; {csv.Rows:#,0} readings recorded in {csv.Path}" : ""));
        return 0;
    }

    private static void Draw(HubObserver observer, MqttConnectOptions hub, CsvRecorder csv)
    {
        int width = Math.Max(40, SafeWindow(() => Console.WindowWidth, 120));
        int height = Math.Max(6, SafeWindow(() => Console.WindowHeight, 40));
        var devices = observer.Devices();
        string state = observer.IsConnected ? "connected" : "not connected" + (observer.LastError != null ? ": " + observer.LastError : "");
        var output = new System.Text.StringBuilder("\u001b[H");
        void Add(string line) => output.Append(line.Length > width ? line[..(width - 1)] + "…" : line).Append("\u001b[K\n");
        Add($"Endpoint monitor · {MqttUri.Format(hub)} {state} · {devices.Count} endpoints, {devices.Count(d => d.Online == true)} online · {DateTime.Now:HH:mm:ss} · Ctrl-C quits");
        Add(csv != null ? $"recording {csv.Rows:#,0} readings to {csv.Path}" : "");
        foreach (string line in MonitorTable.Render(devices, DateTime.UtcNow, width, height - 4))
        {
            Add(line);
        }

        output.Append("\u001b[J");
        Console.Write(output.ToString());
    }

    private static int SafeWindow(Func<int> read, int fallback)
    {
        try
        {
            int v = read();
            return v > 0 ? v : fallback;
        }
        catch (IOException)
        {
            return fallback;
        }
    }
}
