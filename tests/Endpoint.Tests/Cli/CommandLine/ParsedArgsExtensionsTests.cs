using System;
using Endpoint.Cli.CommandLine;
using Endpoint.Cli.Commands;

namespace Endpoint.Tests.Cli.CommandLine;

public class ParsedArgsExtensionsTests
{
    private static ParsedArgs Args(params string[] args) => ParsedArgs.Parse("endpoint monitor", args, new OptionSpec("prefix"));

    [Theory]
    [InlineData(new string[0], "endpoint")]
    [InlineData(new[] { "--prefix", "lab/endpoint" }, "lab/endpoint")]
    [InlineData(new[] { "--prefix", "ep-2" }, "ep-2")]
    public void GetTopicPrefix_Valid_ReturnsIt(string[] args, string expected) => Assert.Equal(expected, Args(args).GetTopicPrefix());

    [Theory]
    [InlineData("")]
    [InlineData("a/#")]
    [InlineData("+")]
    [InlineData("/endpoint")]
    [InlineData("endpoint/")]
    [InlineData("lab//endpoint")]
    [InlineData("end\0point")]
    public void GetTopicPrefix_NotAPrefix_OneLineUsageError(string prefix)
    {
        var ex = Assert.Throws<UsageException>(() => Args("--prefix", prefix).GetTopicPrefix());
        Assert.StartsWith($"endpoint monitor: --prefix '{prefix}' is not a topic prefix", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void MonitorAndDashboard_WildcardPrefix_RefusedBeforeConnecting()
    {
        var monitor = Assert.Throws<UsageException>(() => MonitorCommand.Run(["--hub", "mqtt://127.0.0.1:1", "--prefix", "a/#"]));
        var dashboard = Assert.Throws<UsageException>(() => DashboardCommand.Run(["--hub", "mqtt://127.0.0.1:1", "--prefix", "a/#", "--port", "0"]));
        Assert.StartsWith("endpoint monitor: --prefix 'a/#'", monitor.Message);
        Assert.StartsWith("endpoint dashboard: --prefix 'a/#'", dashboard.Message);
    }
}
