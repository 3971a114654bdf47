using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Tests.Support;
using Microsoft.Playwright;

namespace Endpoint.Tests.Integration;

/// <summary>
/// A new plug provisioned through its captive portal as a phone would do it: <c>endpoint sim plug --wifi … --hub
/// mqtt://(Mosquitto)</c> with an empty state folder as a process, the page it serves on its access point opened in
/// the system's headless Chromium (Playwright, phone-sized), a wrong password, then the right one, and the plug on the hub.
/// </summary>
public sealed class CaptivePortalEndToEndTests : IAsyncLifetime
{
    /// <summary>Where the test leaves screenshots of the portal for people to look at.</summary>
    public static readonly string FormScreenshot = Path.Combine(Path.GetTempPath(), "endpoint-portal-form.png");

    /// <summary>The page after a wrong password.</summary>
    public static readonly string FailedScreenshot = Path.Combine(Path.GetTempPath(), "endpoint-portal-failed.png");

    /// <summary>The page once the plug joined.</summary>
    public static readonly string ConnectedScreenshot = Path.Combine(Path.GetTempPath(), "endpoint-portal-connected.png");

    private const string Password = "correct-horse";
    private EndToEndRig _rig;
    private HeadlessChromium _chromium;

    public async Task InitializeAsync()
    {
        _chromium = await HeadlessChromium.LaunchAsync();
        _rig = new EndToEndRig();
        Directory.CreateDirectory(_rig.StateDir);
    }

    public async Task DisposeAsync()
    {
        if (_chromium != null)
        {
            await _chromium.DisposeAsync();
        }

        _rig?.Dispose();
    }

    [Fact]
    public async Task NewPlug_PickTheNetworkWrongPasswordThenRightOne_JoinsAndAppearsOnTheHub()
    {
        using var hub = await _rig.ConnectHubAsync("endpoint/#");
        using var sim = _rig.StartSim("plug", "portal-plug", "--wifi", "Lab:" + Password, "--wifi", "Cafe:");
        string line = sim.WaitForLine(l => l.StartsWith("captive portal: http://127.0.0.1:", StringComparison.Ordinal), 30_000);
        string url = Regex.Match(line, @"http://127\.0\.0\.1:\d+/").Value;
        Assert.Matches(@"access point Endpoint-[0-9A-F]{4}\)$", line);

        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, // a phone
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
        });
        var page = await context.NewPageAsync();
        var errors = new System.Collections.Generic.List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };

        // The OS's connectivity check lands on the portal.
        await page.GotoAsync(url + "generate_204");
        Assert.Equal(url, page.Url);

        var lab = page.Locator("input[name=ssid][value=Lab]");
        await lab.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 }); // after the first scan
        Assert.Equal("open · strong", await page.Locator("label.net", new PageLocatorOptions { Has = page.Locator("input[value=Cafe]") }).Locator(".meta").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = FormScreenshot, FullPage = true });

        // Not provisioned: the plug stays off the hub.
        Assert.DoesNotContain(hub.Messages, m => m.Topic.StartsWith("endpoint/portal-plug/", StringComparison.Ordinal));

        await lab.CheckAsync();
        await page.FillAsync("#password", "wrong-horse");
        await page.ClickAsync("button[type=submit]:has-text('Connect')");
        var alert = page.Locator("[role=alert]");
        await alert.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Contains("Unable to connect to 'Lab': wrong password", await alert.InnerTextAsync());
        Assert.True(await lab.IsCheckedAsync(), "the network tried stays chosen");
        Assert.Equal("", await page.InputValueAsync("#password"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = FailedScreenshot, FullPage = true });
        Assert.DoesNotContain(hub.Messages, m => m.Topic.StartsWith("endpoint/portal-plug/", StringComparison.Ordinal));

        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]:has-text('Connect')");
        await page.Locator("h1:has-text('Connected')").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        string result = await page.InnerTextAsync("main");
        Assert.Contains("portal-plug joined Lab", result);
        Assert.Contains($"mqtt://127.0.0.1:{_rig.Broker.Port}", result);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ConnectedScreenshot, FullPage = true });

        hub.WaitFor("endpoint/portal-plug/status", s => s == "online");
        hub.WaitFor("endpoint/portal-plug/relay/state", s => s == "OFF");
        sim.WaitForLine(l => l.Contains("provisioned over the captive portal"));
        sim.WaitForLine(l => l.Contains("access point Endpoint-") && l.Contains("closed (provisioned)"), 20_000);
        Assert.Empty(errors);
        Assert.DoesNotContain("horse", sim.Output);

        sim.Type("q");
        Assert.Equal(0, sim.WaitForExit());
    }

    [Fact]
    public async Task RestartWithTheStoredNetwork_NoPortalStraightOntoTheHub()
    {
        using (var first = _rig.StartSim("plug", "portal-plug2", "--wifi", "Lab:" + Password))
        {
            string url = Regex.Match(first.WaitForLine(l => l.StartsWith("captive portal: ", StringComparison.Ordinal), 30_000), @"http://127\.0\.0\.1:\d+/").Value;
            var page = await _chromium.Browser.NewPageAsync();
            await page.GotoAsync(url);
            await page.Locator("input[name=ssid][value=Lab]").CheckAsync(new LocatorCheckOptions { Timeout = 15_000 });
            await page.FillAsync("#password", Password);
            await page.ClickAsync("button[type=submit]:has-text('Connect')");
            await page.Locator("h1:has-text('Connected')").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            first.Type("q");
            first.WaitForExit();
        }

        using var hub = await _rig.ConnectHubAsync("endpoint/portal-plug2/status");
        using var again = _rig.StartSim("plug", "portal-plug2", "--wifi", "Lab:" + Password);
        again.WaitForLine(l => l.Contains("joining Lab"), 30_000);
        hub.WaitFor("endpoint/portal-plug2/status", s => s == "online");
        Thread.Sleep(500);
        Assert.Equal(0, again.Count(l => l.StartsWith("captive portal: ", StringComparison.Ordinal)));
        again.Type("q");
        again.WaitForExit();
    }
}
