using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using Endpoint.Cli.Commands;
using Endpoint.Host.Mqtt;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

/// <summary>The in-process hub's port: a port the user asked for is kept or refused in one line, never silently swapped.</summary>
public class InProcessHubListenerTests
{
    [Fact]
    public void Listen_AskedForPortTaken_OneLineIOExceptionNamingTheOption()
    {
        using var taken = Occupy(out int port);
        using var hub = new InProcessHub();
        var ex = Assert.Throws<IOException>(() => InProcessHubListener.Listen(hub, port, anyIfTaken: false));
        Assert.StartsWith($"--hub-port {port}: cannot listen on 127.0.0.1:{port}", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Listen_DefaultPortTaken_FallsBackToAnotherPort()
    {
        using var taken = Occupy(out int port);
        using var hub = new InProcessHub();
        int got = InProcessHubListener.Listen(hub, port, anyIfTaken: true);
        Assert.NotEqual(port, got);
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, got);
    }

    [Theory]
    [InlineData("demo", "--port", "0")]
    [InlineData("sim", "plug", "--state-dir", "{tmp}")]
    [InlineData("fleet", "--app", "plug", "--count", "1")]
    public void Run_HubPortTaken_OneLineExit1NoStackTrace(params string[] args)
    {
        using var taken = Occupy(out int port);
        string dir = Directory.CreateTempSubdirectory("endpoint-hubport-").FullName;
        try
        {
            string[] full = args.Select(x => x == "{tmp}" ? dir : x).Concat(["--hub-port", port.ToString()]).ToArray();
            using var p = new SimProcess(full);
            int code = p.WaitForExit(30000);
            var lines = p.Output.Split('\n').Where(l => l.Length > 0).ToArray();
            Assert.Equal(1, code);
            Assert.Contains(lines, l => l.StartsWith($"endpoint: --hub-port {port}: cannot listen on 127.0.0.1:{port}"));
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ") || l.Contains("Exception"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Socket Occupy(out int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(1);
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }
}
