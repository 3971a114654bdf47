using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

public class BenchCommandTests
{
    [Fact]
    public void Alloc_PrintsBytesPerReading()
    {
        using var bench = new SimProcess("bench", "alloc", "--readings", "200");
        Assert.Equal(0, bench.WaitForExit(60000));
        Assert.Contains("bytes/reading", bench.Output);
        Assert.Contains("every reading reported", bench.Output);
    }

    [Fact]
    public void Power_PrintsAwakeTimesAndLife()
    {
        using var bench = new SimProcess("bench", "power", "--interval", "600");
        Assert.Equal(0, bench.WaitForExit(60000));
        Assert.Contains("144 wakes", bench.Output);
        Assert.Contains("awake, on hardware", bench.Output);
        Assert.Contains("years", bench.Output);
    }

    [Fact]
    public void Ota_PrintsBytesThroughputCutsAndVerification()
    {
        using var bench = new SimProcess("bench", "ota", "--size", "64");
        Assert.Equal(0, bench.WaitForExit(180000));
        Assert.Contains("(a) first install", bench.Output);
        Assert.Contains("(b) update 1.2.0, only Endpoint.Plug changed", bench.Output);
        Assert.Contains("smaller than a full image", bench.Output);
        Assert.Contains("window 1:", bench.Output);
        Assert.Contains("it resumed each time", bench.Output);
        Assert.Contains("Ed25519 verification", bench.Output);
    }

    [Theory]
    [InlineData("speed", "unknown benchmark 'speed'")]
    [InlineData("ota --app /nonexistent", "--app: no such folder '/nonexistent'")]
    [InlineData("power --interval 5", "--interval must be a whole number from 10 to 3600")]
    [InlineData("ota --hub http://x", "endpoint bench ota: --hub: The broker URI scheme 'http' is not supported")]
    public void BadArguments_OneLineExit2(string args, string message)
    {
        using var bench = new SimProcess(("bench " + args).Split(' '));
        Assert.Equal(2, bench.WaitForExit());
        Assert.Contains(message, bench.Output);
    }
}
