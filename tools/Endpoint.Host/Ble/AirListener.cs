using System;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace Endpoint.Host.Ble;

/// <summary>
/// A scanner's ear on the simulated air: a UDP socket on 127.0.0.1 with an ephemeral port, registered
/// in the air folder as <c>&lt;pid&gt;-&lt;port&gt;</c> so every advertiser on the machine sends to it.
/// Disposing removes the registration.
/// </summary>
public sealed class AirListener : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[2048];

    /// <summary>Starts listening and registers in <paramref name="directory"/> (created if needed).</summary>
    public AirListener(string directory)
    {
        Directory = directory;
        AirDirectory.Ensure(directory);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        RegistrationPath = Path.Combine(directory, AirDirectory.EntryName(Environment.ProcessId, Port));
        File.WriteAllBytes(RegistrationPath, []);
    }

    /// <summary>The air folder.</summary>
    public string Directory { get; }

    /// <summary>The loopback UDP port listened on.</summary>
    public int Port { get; }

    /// <summary>This listener's registration file.</summary>
    public string RegistrationPath { get; }

    /// <summary>Datagrams dropped because they were not valid air datagrams.</summary>
    public int Malformed { get; private set; }

    /// <summary>The last malformed datagram's problem, or null.</summary>
    public string LastError { get; private set; }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the next valid advertisement. Returns null on timeout.
    /// Malformed datagrams are counted and skipped.
    /// </summary>
    public AirDatagram Receive(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_socket.Poll(left, SelectMode.SelectRead))
            {
                return null;
            }

            int n;
            try
            {
                n = _socket.Receive(_buffer);
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier exchange surfaced here (Windows); the socket is still fine.
                continue;
            }

            if (AirDatagram.TryParse(_buffer.AsSpan(0, n), out var datagram, out string error))
            {
                return datagram;
            }

            Malformed++;
            LastError = error;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            File.Delete(RegistrationPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Advertisers prune registrations of processes that are gone.
        }

        _socket.Dispose();
    }
}
