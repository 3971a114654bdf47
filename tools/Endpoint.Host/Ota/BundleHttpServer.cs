using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Endpoint.Host.Ota;

/// <summary>
/// A tiny HTTP/1.1 server for one <c>.epk</c> on 127.0.0.1 (<c>endpoint ota serve</c>, the simulator, tests): GET of
/// any path answers the bundle, a single <c>Range: bytes=first-last</c> (or <c>first-</c>) gets 206 with its
/// <c>Content-Range</c> (RFC 9110 §14.2, §14.4, §15.3.7), a range past the end 416 with <c>bytes */size</c>
/// (§15.5.17). Multi-range requests are answered with the whole file (200), which §14.2 allows.
/// </summary>
public sealed class BundleHttpServer : IDisposable
{
    private readonly byte[] _data;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    /// <summary>Serves <paramref name="data"/> on 127.0.0.1:<paramref name="port"/> (0: a free port) until disposed.</summary>
    public BundleHttpServer(byte[] data, int port = 0)
    {
        _data = data;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Requests answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The URL of the bundle, named <paramref name="name"/>.</summary>
    public string UrlFor(string name) => $"http://127.0.0.1:{Port}/{Uri.EscapeDataString(name)}";

    /// <summary>Raised (on a pool thread) for each answered request: the Range header (or null) and the status.</summary>
    public event Action<string, int> Answered;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                var reader = new StreamReader(stream, System.Text.Encoding.ASCII, false, 1024, leaveOpen: true);
                while (!_stop.IsCancellationRequested)
                {
                    string requestLine = await reader.ReadLineAsync(_stop.Token);
                    if (string.IsNullOrEmpty(requestLine))
                    {
                        return;
                    }

                    string range = null;
                    bool close = requestLine.EndsWith("HTTP/1.0", StringComparison.Ordinal);
                    string line;
                    while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(_stop.Token)))
                    {
                        int colon = line.IndexOf(':');
                        if (colon <= 0)
                        {
                            continue;
                        }

                        string name = line[..colon].Trim();
                        string value = line[(colon + 1)..].Trim();
                        if (name.Equals("Range", StringComparison.OrdinalIgnoreCase))
                        {
                            range = value;
                        }
                        else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && value.Equals("close", StringComparison.OrdinalIgnoreCase))
                        {
                            close = true;
                        }
                    }

                    bool get = requestLine.StartsWith("GET ", StringComparison.Ordinal);
                    bool head = requestLine.StartsWith("HEAD ", StringComparison.Ordinal);
                    int status = await AnswerAsync(stream, get || head, head, range, close);
                    Interlocked.Increment(ref _requests);
                    Answered?.Invoke(range, status);
                    if (close)
                    {
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The client went away.
            }
        }
    }

    private async Task<int> AnswerAsync(Stream stream, bool allowed, bool head, string range, bool close)
    {
        long size = _data.Length;
        string connection = close ? "close" : "keep-alive";
        if (!allowed)
        {
            await WriteAsync(stream, $"HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 0\r\nConnection: {connection}\r\n\r\n", null, 0, 0);
            return 405;
        }

        if (range != null && TryParseRange(range, size, out long first, out long last, out bool satisfiable))
        {
            if (!satisfiable)
            {
                await WriteAsync(stream, $"HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{size}\r\nContent-Length: 0\r\nConnection: {connection}\r\n\r\n", null, 0, 0);
                return 416;
            }

            int length = (int)(last - first + 1);
            await WriteAsync(stream, $"HTTP/1.1 206 Partial Content\r\nAccept-Ranges: bytes\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes {first}-{last}/{size}\r\nContent-Length: {length}\r\nConnection: {connection}\r\n\r\n", head ? null : _data, (int)first, length);
            return 206;
        }

        await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nAccept-Ranges: bytes\r\nContent-Type: application/octet-stream\r\nContent-Length: {size}\r\nConnection: {connection}\r\n\r\n", head ? null : _data, 0, (int)size);
        return 200;
    }

    // One "bytes=first-last" or "bytes=first-" (RFC 9110 §14.1.2); anything else (several ranges, suffix ranges,
    // other units) is answered with the whole file, as §14.2 lets a server ignore a Range it does not support.
    private static bool TryParseRange(string value, long size, out long first, out long last, out bool satisfiable)
    {
        first = last = 0;
        satisfiable = false;
        if (!value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || value.Contains(','))
        {
            return false;
        }

        string spec = value[6..].Trim();
        int dash = spec.IndexOf('-');
        if (dash <= 0 || !long.TryParse(spec[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out first))
        {
            return false;
        }

        string end = spec[(dash + 1)..];
        if (end.Length == 0)
        {
            last = size - 1;
        }
        else if (!long.TryParse(end, NumberStyles.None, CultureInfo.InvariantCulture, out last) || last < first)
        {
            return false;
        }

        if (first >= size)
        {
            return true; // unsatisfiable: 416
        }

        last = Math.Min(last, size - 1);
        satisfiable = true;
        return true;
    }

    private static async Task WriteAsync(Stream stream, string head, byte[] body, int offset, int count)
    {
        byte[] header = System.Text.Encoding.ASCII.GetBytes(head);
        await stream.WriteAsync(header);
        if (body != null && count > 0)
        {
            await stream.WriteAsync(body.AsMemory(offset, count));
        }

        await stream.FlushAsync();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
