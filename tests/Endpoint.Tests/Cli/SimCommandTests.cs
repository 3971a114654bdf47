using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

/// <summary><c>endpoint sim</c> as a person types it: argument mistakes are one line and exit 2.</summary>
public class SimCommandTests
{
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
        var (code, output) = Run("sim", "plug", "--param", "load=100");
        Assert.Equal(2, code);
        Assert.Equal("endpoint sim: --param load: board esp32-devkitc has no simulated part with that parameter (it takes none)", output.Trim());
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
}
