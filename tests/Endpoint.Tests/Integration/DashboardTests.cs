using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Cli.Commands;
using Endpoint.Core.Hub;
using Endpoint.Host.Fleet;
using Endpoint.Host.Hub;
using Endpoint.Tests.Support;
using Microsoft.Playwright;

namespace Endpoint.Tests.Integration;

/// <summary>
/// <c>endpoint dashboard</c> as a process against Mosquitto with a small fleet, rendered by the
/// system's headless Chromium through Playwright (never a downloaded browser).
/// </summary>
public sealed class DashboardTests : IAsyncLifetime
{
    /// <summary>Where the test leaves a screenshot of the dashboard for people to look at.</summary>
    public static readonly string ScreenshotPath = Path.Combine(Path.GetTempPath(), "endpoint-dashboard-test.png");

    private MosquittoBroker _broker;
    private SimulatedFleet _fleet;
    private SimProcess _dashboard;
    private HeadlessChromium _chromium;
    private string _url;

    public async Task InitializeAsync()
    {
        _chromium = await HeadlessChromium.LaunchAsync();
        _broker = MosquittoBroker.Start();
        _fleet = new SimulatedFleet(new FleetOptions
        {
            // Three plugs and a light: d-1 … d-3 are plugs, d-4 the light.
            Apps = [.. Enumerable.Repeat(new FleetApp("plug", TestBoards.DevKitC()), 3), FleetApps.Resolve("test", "light", null)[0]],
            Count = 4,
            IdPrefix = "d",
            Hub = new MqttConnectOptions { Host = MosquittoBroker.Host, Port = _broker.Port },
            TelemetryIntervalMs = 1000,
        });
        _fleet.Start();
        Assert.True(_fleet.WaitAllOnline(TimeSpan.FromSeconds(20)));

        _dashboard = new SimProcess("dashboard", "--hub", $"mqtt://127.0.0.1:{_broker.Port}", "--port", "0");
        string line = _dashboard.WaitForLine(l => l.StartsWith("Dashboard: http://127.0.0.1:", StringComparison.Ordinal), 30_000);
        _url = Regex.Match(line, @"http://127\.0\.0\.1:\d+/").Value;
    }

    public async Task DisposeAsync()
    {
        if (_chromium != null)
        {
            await _chromium.DisposeAsync();
        }

        _dashboard?.Dispose();
        _fleet?.Stop(TimeSpan.FromSeconds(5));
        _fleet?.Dispose();
        _broker?.Dispose();
    }

    [Fact]
    public async Task Page_ListsFleetPlotsGrowAndToggleSwitchesAPlugAtTheHub()
    {
        var page = await _chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var consoleErrors = new System.Collections.Generic.List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                consoleErrors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => consoleErrors.Add(e);
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                consoleErrors.Add($"{r.Status} {r.Url}");
            }
        };
        await page.GotoAsync(_url);

        // The page lists the fleet, online, with the relay state.
        foreach (string id in new[] { "d-1", "d-2", "d-3" })
        {
            var row = page.Locator($"#devices tbody tr[data-id='{id}']");
            await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Assertions.Expect(row.Locator(".dot.on")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Assertions.Expect(row).ToContainTextAsync("relay OFF");
            await Assertions.Expect(row).ToContainTextAsync("plug");
        }

        await Assertions.Expect(page.Locator("#counts")).ToHaveTextAsync("4 endpoints · 4 online", new() { Timeout = 20_000 });

        // A plot grows as readings arrive (telemetry every second: RSSI).
        await Assertions.Expect(page.Locator(".plot[data-id='d-1'] canvas")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        int before = await Points(page, "d-1");
        await WaitAsync(async () => await Points(page, "d-1") >= before + 3, "the d-1 plot to grow");

        // A toggle on the page changes the plug's state at the hub.
        using var hub = await HubProbe.ConnectAsync(_broker.Port, null, null, null, "endpoint/d-2/relay/state");
        hub.WaitFor("endpoint/d-2/relay/state", s => s == "OFF");
        int mark = hub.Count;
        await page.Locator("tr[data-id='d-2'] .control[data-entity='relay'] .switch").ClickAsync();
        hub.WaitFor("endpoint/d-2/relay/state", s => s == "ON", after: mark);
        await Assertions.Expect(page.Locator("tr[data-id='d-2'] .control[data-entity='relay'] input")).ToBeCheckedAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("tr[data-id='d-2']")).ToContainTextAsync("relay ON", new() { Timeout = 10_000 });

        // The light's brightness slider sets the light at the hub.
        using (var light = await HubProbe.ConnectAsync(_broker.Port, null, null, null, "endpoint/d-4/light/state"))
        {
            light.WaitFor("endpoint/d-4/light/state");
            int lightMark = light.Count;
            await page.Locator("tr[data-id='d-4'] .control[data-entity='light'] input[type=range]").FillAsync("60");
            light.WaitFor("endpoint/d-4/light/state", s => s.Contains("\"state\":\"ON\"") && s.Contains("\"brightness\":60"), after: lightMark);
            await Assertions.Expect(page.Locator("tr[data-id='d-4'] .control[data-entity='light'] input[type=checkbox]")).ToBeCheckedAsync(new() { Timeout = 10_000 });
        }

        // OTA progress shows as a bar while an update downloads.
        await hub.PublishAsync("endpoint/d-3/ota/status", "{\"state\":\"downloading\",\"done\":4000,\"total\":10000,\"percent\":40,\"version\":\"1.1.0\"}");
        var bar = page.Locator("tr[data-id='d-3'] progress");
        await Assertions.Expect(bar).ToHaveJSPropertyAsync("value", 40, new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("tr[data-id='d-3']")).ToContainTextAsync("downloading");

        // The CSV export holds the readings with their units.
        var csv = await page.APIRequest.GetAsync(_url + "api/readings.csv");
        Assert.True(csv.Ok);
        var rows = ReadingCsv.Parse(await csv.TextAsync());
        Assert.Contains(rows, r => r.Device == "d-2" && r.Entity == "relay" && r.Value == "ON");
        Assert.Contains(rows, r => r.Device == "d-1" && r.Entity == "rssi" && r.Unit == "dBm");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath, FullPage = true });
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Api_CommandWithoutPageHeaderOrForAnotherHost_Refused()
    {
        var request = await _chromium.Playwright.APIRequest.NewContextAsync();
        var bare = await request.PostAsync(_url + "api/devices/d-1/entities/relay", new() { DataString = "ON" });
        Assert.Equal(403, bare.Status);
        var bad = await request.PostAsync(_url + "api/devices/d-1/entities/relay", new()
        {
            DataString = "MAYBE",
            Headers = new System.Collections.Generic.Dictionary<string, string> { ["X-Endpoint-Dashboard"] = "1" },
        });
        Assert.Equal(400, bad.Status);
        Assert.Contains("a switch takes ON, OFF or TOGGLE", await bad.TextAsync());
        var rebound = await request.GetAsync(_url.Replace("127.0.0.1", "localhost") + "api/state", new() { Headers = new System.Collections.Generic.Dictionary<string, string> { ["Host"] = "attacker.example" } });
        Assert.Equal(421, rebound.Status);

        // Nothing of it reached the plug.
        Thread.Sleep(300);
        var model = await _fleet.Members[0].ReadModelAsync();
        Assert.Equal("OFF", model["endpoint/d-1/relay/state"]);
        await request.DisposeAsync();
    }

    private static Task<int> Points(IPage page, string id) => page.EvaluateAsync<int>($"endpointDashboard.points('{id}')");

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, int timeoutMs = 20_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException("timed out waiting for " + what);
            }

            await Task.Delay(200);
        }
    }
}
