using Endpoint.Cli.CommandLine;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli.CommandLine;

public class ParsedArgsTests
{
    [Fact]
    public void Parse_DashH_IsHelpWhereTheCommandHasHelp()
    {
        var a = ParsedArgs.Parse("endpoint sim", ["plug", "-h"], new OptionSpec("help", TakesValue: false));
        Assert.True(a.Has("help"));
        Assert.Equal(["plug"], a.Positionals);
    }

    [Fact]
    public void Parse_DashH_WithoutHelpOption_StillAnUnknownOption()
    {
        var ex = Assert.Throws<UsageException>(() => ParsedArgs.Parse("endpoint x", ["-h"], new OptionSpec("id")));
        Assert.StartsWith("endpoint x: unknown option '-h'", ex.Message);
    }

    [Theory]
    [InlineData("sim", "usage: endpoint sim <app> [options]")]
    [InlineData("board", "usage: endpoint board list")]
    public void HelpCommandAndDashH_PrintTheCommandsHelp(string command, string firstLine)
    {
        var viaHelp = CliRun.Run(30_000, "help", command);
        var viaDashH = CliRun.Run(30_000, command, "-h");
        Assert.Equal(0, viaHelp.Exit);
        Assert.Equal(0, viaDashH.Exit);
        Assert.StartsWith(firstLine, viaHelp.Out);
        Assert.Equal(viaHelp.Out, viaDashH.Out);
    }
}
