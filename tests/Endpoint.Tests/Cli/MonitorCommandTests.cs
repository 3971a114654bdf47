using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Cli.CommandLine;
using Endpoint.Cli.Commands;
using Endpoint.Core.Hub;
using Endpoint.Host.Fleet;
using Endpoint.Host.Hub;
using Endpoint.Tests.Integration;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

/// <summary><c>endpoint monitor</c> as a process against Mosquitto, watching a small fleet.</summary>
public sealed class MonitorCommandTests : IDisposable
{
    private readonly string _csv = Path.Combine(Path.GetTempPath(), "endpoint-monitor-" + Guid.NewGuid().ToString("N") + ".csv");

    public void Dispose() => File.Delete(_csv);

    [Fact]
    public async Task Monitor_SmallFleet_CsvHoldsEveryReadingWithUnitsAndLinesShowChanges()
    {
        using var broker = MosquittoBroker.Start();
        using var fleet = new SimulatedFleet(new FleetOptions
        {
            Apps = [new FleetApp("plug", TestBoards.DevKitC())],
            Count = 3,
            IdPrefix = "mon",
            Hub = new MqttConnectOptions { Host = MosquittoBroker.Host, Port = broker.Port },
            TelemetryIntervalMs = 1000,
        });
        fleet.Start();
        Assert.True(fleet.WaitAllOnline(TimeSpan.FromSeconds(20)));
        var started = DateTime.UtcNow.AddSeconds(-1);

        using var monitor = new SimProcess("monitor", "--hub", $"mqtt://127.0.0.1:{broker.Port}", "--csv", _csv);
        monitor.WaitForLine(l => l.EndsWith("mon-3 relay OFF"));
        using (var hub = await HubProbe.ConnectAsync(broker.Port))
        {
            await hub.PublishAsync("endpoint/mon-2/relay/set", "ON");
        }

        monitor.WaitForLine(l => l.EndsWith("mon-2 relay ON"));
        WaitFor(() => Rows().Count(r => r.Entity == "rssi") >= 9); // three telemetry rounds, flushed within a second
        monitor.Interrupt();
        Assert.Equal(0, monitor.WaitForExit());
        var ended = DateTime.UtcNow.AddSeconds(1);

        var rows = ReadingCsv.Parse(File.ReadAllText(_csv));
        Assert.Equal(ReadingCsv.Header, File.ReadLines(_csv).First());
        Assert.All(rows, r => Assert.InRange(r.Time, started, ended));
        Assert.All(rows, r => Assert.Equal(DateTimeKind.Utc, r.Time.Kind));
        foreach (string id in new[] { "mon-1", "mon-2", "mon-3" })
        {
            Assert.Contains(rows, r => r.Device == id && r.Entity == "relay" && r.Value == "OFF" && r.Unit == "");
            Assert.Contains(rows, r => r.Device == id && r.Entity == "power_on_state" && r.Value == "restore");
            var rssi = rows.Where(r => r.Device == id && r.Entity == "rssi").ToList();
            Assert.True(rssi.Count >= 2, $"{id}: {rssi.Count} rssi rows");
            Assert.All(rssi, r => Assert.Equal("dBm", r.Unit));
            Assert.All(rssi, r => Assert.InRange(r.Number.Value, -90, -40));
            Assert.All(rows.Where(r => r.Device == id && r.Entity == "uptime"), r => Assert.Equal("s", r.Unit));
        }

        Assert.Contains(rows, r => r.Device == "mon-2" && r.Entity == "relay" && r.Value == "ON");
        Assert.Contains("mon-1 online", monitor.Output);
        Assert.Contains("mon-1 plug 1.0.0 on esp32-devkitc", monitor.Output);
        Assert.Contains("3 endpoints seen, 3 online", monitor.Output);
        fleet.Stop(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Run_NoHub_UsageError()
    {
        var ex = Assert.Throws<UsageException>(() => MonitorCommand.Run(["--csv", _csv]));
        Assert.Equal("endpoint monitor: --hub is required, e.g. --hub mqtt://127.0.0.1:1883", ex.Message);
        Assert.False(File.Exists(_csv));
    }

    [Fact]
    public void Run_CsvIsSomeOtherFile_RefusedAndUntouched()
    {
        File.WriteAllText(_csv, "a,b\n1,2\n");
        var ex = Assert.Throws<UsageException>(() => MonitorCommand.Run(["--hub", "mqtt://127.0.0.1:1", "--csv", _csv]));
        Assert.Contains("is not a readings CSV", ex.Message);
        Assert.Equal("a,b\n1,2\n", File.ReadAllText(_csv));
    }

    private System.Collections.Generic.List<Reading> Rows()
    {
        try
        {
            using var stream = new FileStream(_csv, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            string text = new StreamReader(stream).ReadToEnd();
            int end = text.LastIndexOf('\n');
            return end < 0 ? new() : ReadingCsv.Parse(text[..(end + 1)]);
        }
        catch (IOException)
        {
            return new();
        }
    }

    private static void WaitFor(Func<bool> condition) => Assert.True(SpinWait.SpinUntil(condition, 20_000), "condition not met in time");
}
