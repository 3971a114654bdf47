using System.Net.Sockets;
using Endpoint.Host.Mqtt;

namespace Endpoint.Cli.Commands;

/// <summary>Opens the in-process hub to other MQTT clients on the wanted port, or any free one when 1883 is taken.</summary>
public static class InProcessHubListener
{
    /// <summary>Listens on <paramref name="port"/> (0: any); falls back to a free port when the default 1883 is in use. Returns the port.</summary>
    public static int Listen(InProcessHub hub, int port)
    {
        try
        {
            return hub.ListenTcp(port);
        }
        catch (SocketException) when (port == 1883)
        {
            return hub.ListenTcp(0);
        }
    }
}
