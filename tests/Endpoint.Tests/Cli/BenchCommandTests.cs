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

    [Theory]
    [InlineData("speed", "unknown benchmark 'speed'")]
    [InlineData("power --interval 5", "--interval must be a whole number from 10 to 3600")]
    public void BadArguments_OneLineExit2(string args, string message)
    {
        using var bench = new SimProcess(("bench " + args).Split(' '));
        Assert.Equal(2, bench.WaitForExit());
        Assert.Contains(message, bench.Output);
    }
}
