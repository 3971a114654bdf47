using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Endpoint.Host.Mqtt;

namespace Endpoint.Tests.Host.Mqtt;

/// <summary>
/// A hand-driven MQTT peer over a raw socket, for the tests that need exact control of the
/// other side: a scripted broker that withholds acknowledgments or sends garbage, or a bare
/// client that never pings.
/// </summary>
internal sealed class RawMqttConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly MqttPacketDecoder _decoder = new MqttPacketDecoder();
    private readonly byte[] _buffer = new byte[64 * 1024];

    public RawMqttConnection(Socket socket)
    {
        _socket = socket;
    }

    public static async Task<RawMqttConnection> ConnectAsync(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await s.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TransportProbe.Timeout);
        return new RawMqttConnection(s);
    }

    /// <summary>The next packet, or null when the peer closed the connection.</summary>
    public async Task<MqttPacket> ReadAsync()
    {
        while (true)
        {
            if (_decoder.TryDecode(out var p)) return p;
            int n;
            try
            {
                n = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TransportProbe.Timeout);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                return null;
            }
            if (n == 0) return null;
            _decoder.Feed(_buffer.AsSpan(0, n));
        }
    }

    public async Task<T> ReadAsync<T>() where T : MqttPacket
    {
        var p = await ReadAsync();
        return p as T ?? throw new InvalidOperationException($"expected {typeof(T).Name}, got {(p == null ? "end of stream" : p.ToString())}");
    }

    public Task SendAsync(MqttPacket packet) => SendRawAsync(packet.ToArray());

    public async Task SendRawAsync(byte[] bytes)
    {
        await _socket.SendAsync(bytes.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TransportProbe.Timeout);
    }

    /// <summary>Closes at once: no DISCONNECT, like a dropped link.</summary>
    public void Dispose()
    {
        try { _socket.Close(0); } catch { }
    }
}

/// <summary>A one-port TCP listener whose connections the test drives by hand.</summary>
internal sealed class ScriptedBroker : IDisposable
{
    private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);

    public ScriptedBroker()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    public async Task<RawMqttConnection> AcceptAsync()
    {
        var s = await _listener.AcceptSocketAsync().WaitAsync(TransportProbe.Timeout);
        s.NoDelay = true;
        return new RawMqttConnection(s);
    }

    /// <summary>Accepts, reads CONNECT and answers CONNACK 0.</summary>
    public async Task<RawMqttConnection> AcceptConnectedAsync()
    {
        var c = await AcceptAsync();
        await c.ReadAsync<MqttConnectPacket>();
        await c.SendAsync(new MqttConnAckPacket());
        return c;
    }

    public void Dispose() => _listener.Stop();
}
