using System;
using Endpoint.Cli.CommandLine;
using Endpoint.Cli.Commands;

namespace Endpoint.Tests.Cli;

public class FleetCommandTests
{
    [Theory]
    [InlineData("--count 3", "--app is required")]
    [InlineData("--app plug", "--count is required")]
    [InlineData("--app toaster --count 3", "unknown app 'toaster'; use plug")]
    [InlineData("--app plug --count 0", "--count must be a whole number from 1 to 50000")]
    [InlineData("--app plug --count many", "--count must be a whole number")]
    [InlineData("--app plug --count 3 --hub http://x", "--hub: The broker URI scheme 'http' is not supported")]
    [InlineData("--app plug --count 3 --id-prefix kitchen/1", "--id-prefix 'kitchen/1' does not make valid ids")]
    [InlineData("--app plug --count 3 --board nope", "nope")]
    [InlineData("--app plug --count 3 --chaos-drop-rate 3", "--chaos-drop-rate: '3' is not a rate like 2/min")]
    [InlineData("--app plug --count 3 --chaos-power-off soon", "--chaos-power-off: 'soon' is not a duration")]
    [InlineData("--app plug --count 3 --ramp -1s", "--ramp:")]
    [InlineData("--app plug --count 3 --press-rate 2/fortnight", "--press-rate:")]
    [InlineData("--app plug --count 3 --log-level loud", "unknown log level 'loud'")]
    [InlineData("--app plug --count 3 --hub mqtt://127.0.0.1:1 --hub-port 5", "--hub-port is for the in-process hub")]
    [InlineData("--app plug --count 3 --ca ca.pem", "--ca goes with an mqtts:// --hub")]
    [InlineData("--app plug --count 3 extra", "unexpected argument 'extra'")]
    public void Run_BadArguments_OneClearUsageError(string args, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => FleetCommand.Run(args.Split(' ')));
        Assert.StartsWith("endpoint fleet: ", ex.Message);
        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Run_PasswordInBadHubUri_NotRepeatedInTheError()
    {
        var ex = Assert.Throws<UsageException>(() => FleetCommand.Run(["--app", "plug", "--count", "2", "--hub", "mqtt://user:s3cret@host:99999"]));
        Assert.DoesNotContain("s3cret", ex.Message);
    }

    [Fact]
    public void Run_HubUnreachable_Exit1AndSaysTheCheckCouldNotRun()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        int port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now: every connection is refused

        var result = Endpoint.Tests.Support.CliRun.Run(60_000, "fleet", "--app", "plug", "--count", "2", "--duration", "1s",
            "--status-interval", "0", "--hub", $"mqtt://user:s3cret@127.0.0.1:{port}");

        Assert.Equal(1, result.Exit);
        Assert.Contains("endpoint fleet: the verifier could not connect to the hub", result.Err);
        Assert.Contains("0 of 2 online at the end", result.Out);
        Assert.DoesNotContain("s3cret", result.Out + result.Err);
    }

    [Fact]
    public void Resolve_Mix_EveryCatalogAppOnABoardThatHostsIt()
    {
        var apps = FleetApps.Resolve("endpoint fleet", "mix", null);
        Assert.Equal(Endpoint.Host.Simulation.AppCatalog.Names, apps.ConvertAll(a => a.Name));
        Assert.All(apps, a => Assert.NotNull(a.Board));
    }
}
