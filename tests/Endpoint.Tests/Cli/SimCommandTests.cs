using System.IO;
using System.Linq;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

/// <summary>`endpoint sim` argument errors: one clear line, exit code 2, nothing started.</summary>
public class SimCommandTests
{
    [Theory]
    [InlineData(new[] { "sim" }, "endpoint sim: missing the app to simulate (plug, light")]
    [InlineData(new[] { "sim", "toaster" }, "endpoint sim: unknown app 'toaster'; available: plug, light")]
    [InlineData(new[] { "sim", "plug", "--id", "Bad/Id" }, "endpoint sim: invalid --id 'Bad/Id'")]
    [InlineData(new[] { "sim", "plug", "--board", "nope" }, "endpoint sim: unknown board 'nope'; known boards:")]
    [InlineData(new[] { "sim", "plug", "--hub", "http://x" }, "endpoint sim: --hub:")]
    [InlineData(new[] { "sim", "plug", "--hub" }, "endpoint sim: --hub needs a value")]
    [InlineData(new[] { "sim", "plug", "--colour", "red" }, "endpoint sim: unknown option '--colour'")]
    [InlineData(new[] { "sim", "plug", "--telemetry-interval", "0" }, "endpoint sim: --telemetry-interval must be a whole number from 1 to 86400, not '0'")]
    [InlineData(new[] { "sim", "plug", "--log-level", "loud" }, "endpoint sim: unknown log level 'loud'")]
    [InlineData(new[] { "sim", "plug", "--ca", "ca.pem" }, "endpoint sim: --ca goes with an mqtts:// --hub")]
    [InlineData(new[] { "sim", "plug", "--hub", "mqtts://h", "--ca", "/no/such/ca.pem" }, "endpoint sim: --ca: no such file '/no/such/ca.pem'")]
    [InlineData(new[] { "sim", "plug", "extra" }, "endpoint sim: unexpected argument 'extra'")]
    [InlineData(new[] { "teleport" }, "endpoint: unknown command 'teleport'")]
    public void Run_BadArguments_OneClearLineAndExit2(string[] args, string expected)
    {
        using var p = new SimProcess(args);
        int code = p.WaitForExit(30000);
        var lines = p.Output.Split('\n').Where(l => l.Length > 0).ToArray();
        Assert.Equal(2, code);
        var line = Assert.Single(lines);
        Assert.StartsWith(expected, line);
    }

    [Fact]
    public void Run_HubPasswordInBadUri_NeverEchoed()
    {
        using var p = new SimProcess("sim", "plug", "--hub", "mqtt://user:s3cr3t@host:99999");
        Assert.Equal(2, p.WaitForExit(30000));
        Assert.DoesNotContain("s3cr3t", p.Output);
    }

    [Fact]
    public void Help_Sim_ListsOptionsAndExits0()
    {
        using var p = new SimProcess("sim", "--help");
        Assert.Equal(0, p.WaitForExit(30000));
        Assert.Contains("--state-dir", p.Output);
        Assert.Contains("--hub", p.Output);
    }

    private static (int Code, string Output) Run(params string[] args)
    {
        using var sim = new SimProcess(args);
        int code = sim.WaitForExit(30000);
        return (code, sim.Output);
    }

    [Fact]
    public void Light_OnABoardWithoutLight_Exit2NamingTheRoles()
    {
        var (code, output) = Run("sim", "light", "--board", "shelly-plus-1");
        Assert.Equal(2, code);
        Assert.Equal("endpoint sim: board shelly-plus-1 cannot host the light app: it has no light output (a led_strip pin with a worldsemi,ws2812 part, a pwm_led pin, or light_cw and light_ww pins)", output.Trim());
    }

    [Fact]
    public void Param_ForABoardWithoutSimulatedParts_Exit2()
    {
        var (code, output) = Run("sim", "plug", "--board", "shelly-plus-1", "--param", "load=100");
        Assert.Equal(2, code);
        Assert.Equal("endpoint sim: --param load: board shelly-plus-1 has no simulated part with that parameter (it takes none)", output.Trim());
    }

    [Fact]
    public void Param_Malformed_Exit2()
    {
        var (code, output) = Run("sim", "plug", "--param", "load");
        Assert.Equal(2, code);
        Assert.Equal("endpoint sim: --param 'load': expected name=value, e.g. load=1200", output.Trim());
    }

    [Fact]
    public void Help_ListsTheLightAndTheParameters()
    {
        var (code, output) = Run("sim", "--help");
        Assert.Equal(0, code);
        Assert.Contains("plug, light", output);
        Assert.Contains("--param NAME=VALUE", output);
        Assert.Contains("load ", output);
    }

    [Fact]
    public void UnknownKey_SaysWhichKeysDoSomething()
    {
        string dir = Directory.CreateTempSubdirectory("endpoint-sim-keys-").FullName;
        try
        {
            using var sim = new SimProcess("sim", "plug", "--state-dir", dir, "--hub-port", "0");
            sim.WaitForLine(l => l.Contains("hub      online"), 30_000);
            sim.Type("x");
            string line = sim.WaitForLine(l => l.Contains("key 'x'"), 10_000);
            Assert.EndsWith("key 'x' does nothing: b press · d double press · l long press · i identify · q quit", line);
            sim.Type("q");
            Assert.Equal(0, sim.WaitForExit(20_000));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Banner_ExternalHub_UriWithUserNeverPasswordAndIpv6InBrackets()
    {
        string dir = Directory.CreateTempSubdirectory("endpoint-sim-banner-").FullName;
        try
        {
            using var sim = new SimProcess("sim", "plug", "--state-dir", dir, "--hub", "mqtt://user:s3cret@[::1]:1");
            string line = sim.WaitForLine(l => l.StartsWith("  hub "), 30_000);
            Assert.Equal("  hub    mqtt://user@[::1]:1", line);
            sim.Type("q");
            sim.WaitForExit(20_000);
            Assert.DoesNotContain("s3cret", sim.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
