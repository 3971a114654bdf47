using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Playwright;

namespace Endpoint.Tests.Support;

/// <summary>
/// The system's headless Chromium driven through Playwright, never a downloaded browser: Debian's
/// package by default, <c>ENDPOINT_CHROMIUM</c> pointing elsewhere (macOS, other distributions).
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>The Chromium executable the tests use.</summary>
    public static readonly string ExecutablePath = Environment.GetEnvironmentVariable("ENDPOINT_CHROMIUM") ?? "/usr/bin/chromium";

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        Playwright = playwright;
        Browser = browser;
    }

    public IPlaywright Playwright { get; }

    public IBrowser Browser { get; }

    /// <summary>Launches the browser; a missing Chromium fails the test with how to install it.</summary>
    public static async Task<HeadlessChromium> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: install it with 'apt-get install chromium' (tests/run does), or set ENDPOINT_CHROMIUM");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox"],
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}
