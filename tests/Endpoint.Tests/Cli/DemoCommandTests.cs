using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

/// <summary><c>endpoint demo</c> as a user starts it: a mixed fleet, the dashboard's address, a clean Ctrl-C.</summary>
public class DemoCommandTests
{
    [Fact]
    public async Task Demo_StartsMixedFleetServesDashboardAndStopsCleanly()
    {
        using var demo = new SimProcess("demo", "--port", "0", "--hub-port", "0");
        string line = demo.WaitForLine(l => l.Contains("Dashboard: http://127.0.0.1:"), 30_000);
        string url = Regex.Match(line, @"http://127\.0\.0\.1:\d+/").Value;
        Assert.Contains("3 plugs", demo.Output);

        using var http = new HttpClient();
        int expected = 3 + (2 * (AppCatalog.Names.Length - 1));
        JsonElement devices = default;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var state = JsonDocument.Parse(await http.GetStringAsync(url + "api/state"));
            devices = state.RootElement.GetProperty("devices").Clone();
            if (devices.GetArrayLength() == expected && devices.EnumerateArray().All(d => d.GetProperty("online").ValueKind == JsonValueKind.True))
            {
                break;
            }

            Thread.Sleep(200);
        }

        var types = devices.EnumerateArray().Select(d => d.GetProperty("type").GetString()).ToList();
        Assert.Equal(expected, types.Count);
        Assert.Equal(AppCatalog.Names.OrderBy(n => n), types.Distinct().OrderBy(n => n));
        Assert.Equal(3, types.Count(t => t == "plug"));
        Assert.Contains("<title>Endpoint dashboard</title>", await http.GetStringAsync(url));

        demo.Interrupt();
        Assert.Equal(0, demo.WaitForExit(20_000));
    }

    [Fact]
    public void Demo_DashboardPortAskedForIsTaken_OneLineExit1()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        using var demo = new SimProcess("demo", "--port", port.ToString(), "--hub-port", "0");
        Assert.Equal(1, demo.WaitForExit(30_000));
        var lines = demo.Output.Split('\n').Where(l => l.Length > 0 && l != "stopping…").ToArray();
        Assert.Equal($"endpoint: port {port} on 127.0.0.1 is in use; choose another with --port", Assert.Single(lines));
    }
}
