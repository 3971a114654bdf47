using System.Net;
using System.Net.Sockets;
using Endpoint.Cli.CommandLine;
using Endpoint.Cli.Commands;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

public class DashboardCommandTests
{
    [Fact]
    public void Run_NoHub_UsageError()
    {
        var ex = Assert.Throws<UsageException>(() => DashboardCommand.Run(["--port", "0"]));
        Assert.Equal("endpoint dashboard: --hub is required, e.g. --hub mqtt://127.0.0.1:1883", ex.Message);
    }

    [Theory]
    [InlineData("--hub mqtt://127.0.0.1:1 --port 70000", "--port must be a whole number from 0 to 65535")]
    [InlineData("--hub mqtt://127.0.0.1:1 --port x", "--port must be a whole number")]
    [InlineData("--hub ftp://x", "--hub: The broker URI scheme 'ftp' is not supported")]
    public void Run_BadArguments_UsageError(string args, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => DashboardCommand.Run(args.Split(' ')));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Run_PortTaken_OneLineAndExitCode1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        using var dashboard = new SimProcess("dashboard", "--hub", "mqtt://127.0.0.1:1", "--port", port.ToString());

        Assert.Equal(1, dashboard.WaitForExit(30_000));
        Assert.Contains($"endpoint dashboard: port {port} on 127.0.0.1 is in use; choose another with --port", dashboard.Output);
    }
}
