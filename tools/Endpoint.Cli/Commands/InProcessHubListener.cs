using System.IO;
using System.Net.Sockets;
using Endpoint.Host.Mqtt;

namespace Endpoint.Cli.Commands;

/// <summary>Opens the in-process hub to other MQTT clients on the wanted port, or any free one when the default 1883 is taken.</summary>
public static class InProcessHubListener
{
    /// <summary>
    /// Listens on <paramref name="port"/> (0: any) and returns the port. When the port cannot be had, falls back to a
    /// free one if <paramref name="anyIfTaken"/> (the user did not ask for this port), else fails with one line.
    /// </summary>
    /// <exception cref="IOException">The port the user asked for is in use or not allowed.</exception>
    public static int Listen(InProcessHub hub, int port, bool anyIfTaken)
    {
        try
        {
            return hub.ListenTcp(port);
        }
        catch (SocketException) when (anyIfTaken && port != 0)
        {
            return hub.ListenTcp(0);
        }
        catch (SocketException ex)
        {
            throw new IOException($"--hub-port {port}: cannot listen on 127.0.0.1:{port} ({ex.Message}); choose another port, or 0 for any free one", ex);
        }
    }
}
