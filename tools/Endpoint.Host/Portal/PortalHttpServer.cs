using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Provisioning.Portal;
using Endpoint.Core.Runtime;
using Endpoint.Core.Text;

namespace Endpoint.Host.Portal;

/// <summary>
/// The simulator's stand-in for the HTTP server on the device's access point: a TCP listener on 127.0.0.1 that
/// reads each request with the portable <see cref="HttpRequestParser"/> (the same bytes-to-request code the device
/// runs), hands it to the <see cref="PortalHandler"/> on the endpoint's loop, and writes the
/// <see cref="HttpResponse"/> back — one request per connection, as on the device.
/// </summary>
public sealed class PortalHttpServer : IDisposable
{
    /// <summary>How long a client may take to send its request.</summary>
    public const int ReadTimeoutMs = 10_000;

    private readonly object _lock = new();
    private readonly EventLoop _loop;
    private readonly PortalHandler _handler;
    private TcpListener _listener;

    /// <summary>Creates the server for <paramref name="handler"/> (run on <paramref name="loop"/>) on <paramref name="port"/>.</summary>
    public PortalHttpServer(EventLoop loop, PortalHandler handler, int port)
    {
        _loop = loop;
        _handler = handler;
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>True while listening.</summary>
    public bool IsListening
    {
        get
        {
            lock (_lock)
            {
                return _listener != null;
            }
        }
    }

    /// <summary>A free loopback port (for a server started later on it).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Starts listening (nothing when listening already). Throws <see cref="SocketException"/> when the port is taken.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_listener != null)
            {
                return;
            }

            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _ = Task.Run(() => AcceptLoop(listener));
        }
    }

    /// <summary>Stops listening; requests in progress finish.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Stop();

    private async Task AcceptLoop(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private void Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                stream.ReadTimeout = ReadTimeoutMs;
                var parser = new HttpRequestParser();
                var buffer = new byte[2048];
                HttpParseStatus status = HttpParseStatus.NeedMore;
                while (status == HttpParseStatus.NeedMore)
                {
                    int n = stream.Read(buffer, 0, buffer.Length);
                    if (n == 0)
                    {
                        return; // the client gave up
                    }

                    status = parser.Feed(buffer, 0, n);
                }

                HttpResponse response = status == HttpParseStatus.Complete
                    ? OnLoop(parser.Request)
                    : PortalHandler.Refused(parser.ErrorStatus, parser.Error);
                var output = new ByteBuffer(response.Body.Length + 512);
                response.WriteTo(output);
                stream.Write(output.Data, 0, output.Length);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // The client went away or timed out: nothing to answer.
            }
        }
    }

    // The handler touches the endpoint's state: it runs on the loop, as every event does.
    private HttpResponse OnLoop(HttpRequest request)
    {
        HttpResponse response = null;
        using var done = new ManualResetEventSlim(false);
        _loop.Post(() =>
        {
            try
            {
                response = _handler.Handle(request);
            }
            finally
            {
                done.Set();
            }
        });
        return done.Wait(ReadTimeoutMs) && response != null
            ? response
            : HttpResponse.PlainText(503, "the device did not answer in time\n");
    }
}
