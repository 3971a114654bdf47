using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Endpoint.Host.Hub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Endpoint.Cli.Dashboard;

/// <summary>
/// The dashboard's web server, on 127.0.0.1 only. The page talks to this server alone: it never
/// sees the broker or its credentials. <c>GET /api/state</c> gives the devices, <c>GET /api/events</c>
/// streams changes (server-sent events, batched every half second), <c>GET /api/devices/{id}/history</c>
/// gives a device's recent readings for its plot, <c>POST /api/devices/{id}/entities/{entity}</c>
/// sends a command after checking it against the device's description, <c>GET /api/readings.csv</c>
/// exports every reading kept. Static files (the page and uPlot) are embedded in the tool.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    /// <summary>The header the page sends with commands: a cross-site form cannot set it, so another site cannot drive devices through this server.</summary>
    public const string CommandHeader = "X-Endpoint-Dashboard";

    private const int MaxReadingsPerBatch = 20_000;
    private const int MaxCommandBytes = 2048;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HubObserver _observer;
    private readonly ReadingHistory _history;
    private readonly string _hubText;
    private readonly object _lock = new();
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly List<object[]> _readings = new();
    private readonly List<Channel<string>> _clients = new();
    private readonly Dictionary<string, (byte[] Body, string Type)> _files = new(StringComparer.Ordinal);
    private WebApplication _app;
    private Timer _tick;
    private bool _connectionChanged;
    private long _droppedReadings;

    /// <summary>Creates the server over an observer (started by the caller) and the history it fills.</summary>
    public DashboardServer(HubObserver observer, ReadingHistory history, string hubText)
    {
        _observer = observer;
        _history = history;
        _hubText = hubText;
        LoadFiles();
    }

    /// <summary>The page's address, once started.</summary>
    public string Url { get; private set; }

    /// <summary>The port, once started.</summary>
    public int Port { get; private set; }

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    /// <exception cref="IOException">The port is in use (the message says so).</exception>
    public async Task StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "endpoint-dashboard" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.AddServerHeader = false;
        });
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 64 * 1024);
        _app = builder.Build();
        _app.Use(Guard);
        MapApi(_app);
        _app.MapGet("/{**path}", ServeFile);
        try
        {
            await _app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
            throw new IOException($"port {port} on 127.0.0.1 is in use; choose another with --port");
        }

        var address = _app.Urls.First();
        Port = new Uri(address).Port;
        Url = $"http://127.0.0.1:{Port}/";
        _observer.DeviceChanged += OnDeviceChanged;
        _observer.ReadingReceived += OnReading;
        _observer.ConnectionChanged += OnConnectionChanged;
        _tick = new Timer(_ => Broadcast(), null, 500, 500);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _observer.DeviceChanged -= OnDeviceChanged;
        _observer.ReadingReceived -= OnReading;
        _observer.ConnectionChanged -= OnConnectionChanged;
        _tick?.Dispose();
        lock (_lock)
        {
            foreach (var c in _clients)
            {
                c.Writer.TryComplete();
            }
        }

        if (_app != null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A device as the page sees it.</summary>
    public static object DeviceJson(ObservedDevice d) => new
    {
        d.Id,
        d.Name,
        d.Type,
        d.Board,
        d.Firmware,
        d.Online,
        LastSeen = d.LastSeen.HasValue ? ReadingCsv.Time(d.LastSeen.Value) : null,
        d.Rssi,
        Readings = d.MainReadings,
        Entities = d.Entities.Select(e => new
        {
            e.Id,
            e.Name,
            e.Kind,
            e.Unit,
            e.Writable,
            e.Category,
            e.DeviceClass,
            e.FromTelemetry,
            e.Options,
            e.Min,
            e.Max,
            e.BrightnessScale,
            e.State,
        }),
        Ota = d.Ota == null ? null : new { d.Ota.State, d.Ota.Percent, d.Ota.Done, d.Ota.Total, d.Ota.Version, d.Ota.Error },
    };

    // Requests must name this server as 127.0.0.1 or localhost: a page from another site that
    // rebinds its DNS name to 127.0.0.1 sends its own name and is refused.
    private async Task Guard(HttpContext context, RequestDelegate next)
    {
        string host = context.Request.Host.Host;
        if (host != "127.0.0.1" && host != "localhost")
        {
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            return;
        }

        var h = context.Response.Headers;
        h["X-Content-Type-Options"] = "nosniff";
        h["Referrer-Policy"] = "no-referrer";
        h["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
        await next(context).ConfigureAwait(false);
    }

    private void MapApi(WebApplication app)
    {
        app.MapGet("/api/state", () => Results.Json(new
        {
            Hub = _hubText,
            Connected = _observer.IsConnected,
            HubError = _observer.LastError,
            Devices = _observer.Devices().Select(DeviceJson),
        }, Json));

        app.MapGet("/api/devices/{id}/history", (string id) =>
        {
            var points = _history.Of(id).Select(r => (r, n: r.Number)).Where(x => x.n.HasValue)
                .Select(x => new object[] { x.r.Entity, new DateTimeOffset(x.r.Time).ToUnixTimeMilliseconds(), x.n.Value });
            return Results.Json(points, Json);
        });

        app.MapPost("/api/devices/{id}/entities/{entity}", async (HttpContext context, string id, string entity) =>
        {
            if (context.Request.Headers[CommandHeader] != "1")
            {
                return Results.Json(new { Ok = false, Error = $"commands need the {CommandHeader} header" }, Json, statusCode: 403);
            }

            var body = new byte[MaxCommandBytes + 1];
            int n = 0, read;
            while (n < body.Length && (read = await context.Request.Body.ReadAsync(body.AsMemory(n)).ConfigureAwait(false)) > 0)
            {
                n += read;
            }

            if (n > MaxCommandBytes)
            {
                return Results.Json(new { Ok = false, Error = $"the command is longer than {MaxCommandBytes} bytes" }, Json, statusCode: 413);
            }

            string command;
            try
            {
                command = new UTF8Encoding(false, true).GetString(body, 0, n);
            }
            catch (ArgumentException)
            {
                return Results.Json(new { Ok = false, Error = "the command is not UTF-8 text" }, Json, statusCode: 400);
            }

            if (_observer.Device(id) == null)
            {
                return Results.Json(new { Ok = false, Error = $"no device '{id}'" }, Json, statusCode: 404);
            }

            string error = _observer.SendCommand(id, entity, command);
            return error == null ? Results.Json(new { Ok = true }, Json) : Results.Json(new { Ok = false, Error = error }, Json, statusCode: 400);
        });

        app.MapGet("/api/readings.csv", (HttpContext context) =>
        {
            var csv = new StringWriter();
            ReadingCsv.Write(csv, _history.All());
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"readings-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
            return Results.Text(csv.ToString(), "text/csv; charset=utf-8");
        });

        app.MapGet("/api/events", Events);
    }

    private async Task Events(HttpContext context)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            _clients.Add(channel);
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var cancel = context.RequestAborted;
        try
        {
            await response.WriteAsync("retry: 2000\n\n", cancel).ConfigureAwait(false);
            await response.Body.FlushAsync(cancel).ConfigureAwait(false);
            while (!cancel.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                heartbeat.CancelAfter(15_000);
                string message;
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(heartbeat.Token).ConfigureAwait(false))
                    {
                        break; // server stopping
                    }

                    channel.Reader.TryRead(out message);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    message = ": keep-alive\n\n";
                }

                await response.WriteAsync(message, cancel).ConfigureAwait(false);
                await response.Body.FlushAsync(cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            lock (_lock)
            {
                _clients.Remove(channel);
            }
        }
    }

    private void OnDeviceChanged(string id)
    {
        lock (_lock)
        {
            _changed.Add(id);
        }
    }

    private void OnReading(Reading r)
    {
        _history.Add(r);
        double? n = r.Number;
        if (!n.HasValue)
        {
            return;
        }

        lock (_lock)
        {
            if (_readings.Count >= MaxReadingsPerBatch)
            {
                _droppedReadings++;
                return;
            }

            _readings.Add([r.Device, r.Entity, new DateTimeOffset(r.Time).ToUnixTimeMilliseconds(), n.Value]);
        }
    }

    private void OnConnectionChanged(bool up, string detail)
    {
        lock (_lock)
        {
            _connectionChanged = true;
        }
    }

    // Every half second: one event with the devices that changed and one with the new readings.
    private void Broadcast()
    {
        string[] changed;
        object[][] readings;
        bool connection;
        lock (_lock)
        {
            if (_clients.Count == 0)
            {
                _changed.Clear();
                _readings.Clear();
                _connectionChanged = false;
                return;
            }

            changed = _changed.ToArray();
            readings = _readings.ToArray();
            connection = _connectionChanged;
            _changed.Clear();
            _readings.Clear();
            _connectionChanged = false;
        }

        var messages = new List<string>();
        if (connection)
        {
            messages.Add(Event("hub", new { Connected = _observer.IsConnected, HubError = _observer.LastError }));
        }

        if (changed.Length > 0)
        {
            messages.Add(Event("devices", changed.Select(_observer.Device).Where(d => d != null).Select(DeviceJson)));
        }

        if (readings.Length > 0)
        {
            messages.Add(Event("readings", readings));
        }

        if (messages.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var c in _clients)
            {
                foreach (string m in messages)
                {
                    c.Writer.TryWrite(m);
                }
            }
        }
    }

    private static string Event(string name, object data) => $"event: {name}\ndata: {JsonSerializer.Serialize(data, Json)}\n\n";

    private async Task ServeFile(HttpContext context, string path)
    {
        path = string.IsNullOrEmpty(path) ? "index.html" : path;
        if (!_files.TryGetValue(path, out var file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = file.Type;
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(file.Body).ConfigureAwait(false);
    }

    private void LoadFiles()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "dashboard/";
        foreach (string name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            string path = name[prefix.Length..];
            string type = Path.GetExtension(path) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "text/plain; charset=utf-8",
            };
            _files[path] = (memory.ToArray(), type);
        }
    }
}
