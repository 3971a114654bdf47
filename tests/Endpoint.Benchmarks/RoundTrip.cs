using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Endpoint.Apps.Plug;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Host.Mqtt;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Integration;
using Endpoint.Tests.Support;

namespace Endpoint.Benchmarks;

/// <summary>
/// Command round trip through Mosquitto, one command outstanding at a time: a hub-side
/// <see cref="MqttClient"/> publishes <c>endpoint/&lt;id&gt;/relay/set</c> ON/OFF alternately to a
/// simulated plug and waits for the matching <c>relay/state</c>; next to it, a bare MQTT echo
/// client on the same broker (the protocol floor). Paths take turns in blocks so load drift on
/// the machine hits all of them alike.
/// </summary>
internal static class RoundTrip
{
    private const int Block = 250;

    private static readonly byte[] On = Encoding.ASCII.GetBytes("ON");
    private static readonly byte[] Off = Encoding.ASCII.GetBytes("OFF");

    /// <summary>Stage timestamps of the command in flight.</summary>
    internal class Marks
    {
        public long ReceivedAt;   // the command reached the device's transport (MessageReceived)
        public long PublishedAt;  // the device handed its response to the transport (Publish)
    }

    private abstract class Path : Marks, IDisposable
    {
        public string Name;
        public string Detail;
        public string CommandTopic;
        public string ResponseTopic;
        public readonly List<long> Ticks = new();

        public readonly List<long> Inbound = new();   // hub Publish -> device transport
        public readonly List<long> Inside = new();    // device transport -> response Publish
        public readonly List<long> Outbound = new();  // response Publish -> benchmark thread woken

        public abstract void Dispose();
    }

    private sealed class EchoPath : Path
    {
        public MqttClient Client;
        public LoopThread LoopThread;

        public override void Dispose()
        {
            LoopThread?.Dispose();
            Client.DisconnectAsync().Wait(5000);
            Client.Dispose();
        }
    }

    private sealed class PlugPath : Path
    {
        public EndpointRuntime Runtime;
        public EventLoop Loop;
        public PlugApp App;
        public Func<int> FlashWrites;
        public LoopThread LoopThread;
        public MqttClient Transport;
        public string StateDir;
        public int FlashWritesBefore;
        public bool Recording;
        public readonly List<long> Persist = new();   // state Publish -> the settings write returned (loop thread)

        public override void Dispose()
        {
            try
            {
                LoopThread.Invoke(Runtime.Stop);
                Thread.Sleep(50);
            }
            catch (Exception)
            {
            }

            LoopThread.Dispose();
            Transport.Dispose();
            if (StateDir != null)
            {
                try { Directory.Delete(StateDir, true); } catch { }
            }
        }
    }

    // The response the hub waits for (written by the benchmark thread before each publish).
    private static volatile string _waitTopic;
    private static volatile byte[] _waitPayload;
    private static readonly ManualResetEventSlim Arrived = new(false);

    public static void Run(int count, int warmup)
    {
        Report.Heading($"roundtrip: command round trip, {count:#,0} commands per path after {warmup:#,0} warm-up, one outstanding at a time");
        string loadBefore = Report.LoadAverage();
        using var broker = BenchBroker.Start(noDelay: true);
        var paths = new List<Path>();
        using var hub = new MqttClient();
        try
        {
            Connect(hub, broker, "bench-hub");
            hub.MessageReceived += (topic, payload) =>
            {
                var want = _waitPayload;
                if (want != null && topic == _waitTopic && payload.AsSpan().SequenceEqual(want))
                {
                    Arrived.Set();
                }
            };

            paths.Add(StartEcho(broker, hub, viaLoop: false));
            paths.Add(StartEcho(broker, hub, viaLoop: true));
            string diskDir = System.IO.Path.GetTempPath();
            paths.Add(StartPlug(broker, hub, "bench-plug-disk", diskDir));
            bool shm = Directory.Exists("/dev/shm");
            if (shm)
            {
                paths.Add(StartPlug(broker, hub, "bench-plug-shm", "/dev/shm"));
            }

            paths.Add(StartPlug(broker, hub, "bench-plug-mem", null));

            // Warm-up per path, then blocks of commands, path after path.
            foreach (var p in paths)
            {
                for (int i = 0; i < warmup; i++)
                {
                    Command(hub, p, i, record: false);
                }

                if (p is PlugPath pp)
                {
                    LoopThreadInvoke(pp, () =>
                    {
                        pp.FlashWritesBefore = pp.FlashWrites();
                        pp.Recording = true;
                    });
                }
            }

            for (int done = 0; done < count; done += Block)
            {
                int n = Math.Min(Block, count - done);
                foreach (var p in paths)
                {
                    for (int i = 0; i < n; i++)
                    {
                        Command(hub, p, warmup + done + i, record: true);
                    }
                }
            }

            var table = new Report.Table("path", "p50 us", "p90 us", "p99 us", "max us", "mean us", "flash writes", "endpoint adds to p50", "target", "vs loop echo");
            double echoP50 = double.NaN, loopEchoP50 = double.NaN;
            foreach (var p in paths)
            {
                var us = p.Ticks.Select(t => t * 1_000_000.0 / Stopwatch.Frequency).OrderBy(x => x).ToArray();
                double p50 = Percentile(us, 0.50);
                string adds = "", target = "", writes = "", vsLoop = "";
                if (p is EchoPath ep)
                {
                    if (ep.LoopThread == null)
                    {
                        echoP50 = p50;
                    }
                    else
                    {
                        loopEchoP50 = p50;
                        adds = $"({(p50 - echoP50) / echoP50 * 100:+0;-0}% {p50 - echoP50:+0;-0} us)";
                    }
                }
                else
                {
                    double pct = (p50 - echoP50) / echoP50 * 100;
                    adds = $"{pct:+0;-0}% ({p50 - echoP50:+0;-0} us)";
                    target = $"<= 10%: {Report.Verdict(pct <= 10)}";
                    vsLoop = $"{p50 - loopEchoP50:+0;-0} us";
                    var pp = (PlugPath)p;
                    writes = (pp.FlashWrites() - pp.FlashWritesBefore).ToString("#,0");
                }

                table.Add(p.Name, p50.ToString("0"), Percentile(us, 0.90).ToString("0"), Percentile(us, 0.99).ToString("0"), us[^1].ToString("0"), us.Average().ToString("0"), writes, adds, target, vsLoop);
            }

            table.Print();
            Console.WriteLine();
            var stages = new Report.Table("stage p50 (us)", "hub -> device transport", "device: transport -> response Publish", "response Publish -> hub waiter", "settings write (after Publish)");
            foreach (var p in paths)
            {
                string persist = "";
                if (p is PlugPath pp)
                {
                    LoopThreadInvoke(pp, () => pp.Recording = false);
                    persist = $"{P50(pp.Persist):0} (p99 {Percentile(pp.Persist.Select(t => t * 1_000_000.0 / Stopwatch.Frequency).OrderBy(x => x).ToArray(), 0.99):0})";
                }

                stages.Add(p.Name, P50(p.Inbound).ToString("0"), P50(p.Inside).ToString("0"), P50(p.Outbound).ToString("0"), persist);
            }

            stages.Print();
            Console.WriteLine();
            foreach (var p in paths)
            {
                Report.Note($"{p.Name}: {p.Detail}");
            }

            if (!shm)
            {
                Report.Note("/dev/shm is missing: no tmpfs row.");
            }

            Report.Note("Round trip = hub MqttClient.Publish(QoS 1) of the command -> the matching response seen by the benchmark thread");
            Report.Note("(the hub client's MessageReceived sets a ManualResetEventSlim it waits on). Both ways QoS 1; the echo republishes");
            Report.Note("retained, as the plug's state is. The plug persists the relay state on every change (one settings write:");
            Report.Note("SimulatedFlash opens, writes and fsyncs a file, as the device writes flash); its state is published before that write.");
            Report.Note("'vs loop echo' is the plug minus the echo handed through an EventLoop+LoopThread: what remains is the");
            Report.Note("portable core's own work (parse, apply, relay, publish the state; the settings write delays a following command).");
            Report.Note("Stages: timestamps where the device's transport raised MessageReceived and where the device called Publish");
            Report.Note("(plug: a pass-through IMqttTransport around its MqttClient; echo: in its handler), and in a RelaySwitch.Changed");
            Report.Note("handler that runs after the plug persisted the state. 'transport -> response Publish' is the endpoint's share:");
            Report.Note("post into the loop, wake the LoopThread, parse, apply, publish. The settings write overlaps the return trip,");
            Report.Note("but a slow one delays the next command, which waits in the loop queue.");
            Report.Note($"Paths take turns in blocks of {Block}. Load average before: {loadBefore}, after: {Report.LoadAverage()}.");
            Report.Note(BenchBroker.Description(true) + ".");
        }
        finally
        {
            foreach (var p in paths)
            {
                try { p.Dispose(); } catch { }
            }
        }

        // The same echo on a broker with Mosquitto's default set_tcp_nodelay false, briefly.
        var (stockP50, stockP99, stockN) = StockBrokerEcho(200);
        Report.Note($"With Mosquitto's default set_tcp_nodelay false the same echo takes p50 {stockP50:0} us, p99 {stockP99:0} us ({stockN} commands):");
        Report.Note("Nagle on the broker holds each response behind the PUBACK it sent the hub until the hub's delayed ACK.");
        Console.WriteLine();
    }

    private static (double P50, double P99, int N) StockBrokerEcho(int n)
    {
        using var broker = BenchBroker.Start(noDelay: false);
        using var hub = new MqttClient();
        Connect(hub, broker, "bench-hub");
        hub.MessageReceived += (topic, payload) =>
        {
            var want = _waitPayload;
            if (want != null && topic == _waitTopic && payload.AsSpan().SequenceEqual(want))
            {
                Arrived.Set();
            }
        };
        using var echo = StartEcho(broker, hub, viaLoop: false);
        for (int i = 0; i < 20; i++)
        {
            Command(hub, echo, i, record: false);
        }

        for (int i = 0; i < n; i++)
        {
            Command(hub, echo, 20 + i, record: true);
        }

        var us = echo.Ticks.Select(t => t * 1_000_000.0 / Stopwatch.Frequency).OrderBy(x => x).ToArray();
        return (Percentile(us, 0.5), Percentile(us, 0.99), n);
    }

    private static void Command(MqttClient hub, Path p, int i, bool record)
    {
        var payload = i % 2 == 0 ? On : Off;
        Arrived.Reset();
        _waitTopic = p.ResponseTopic;
        _waitPayload = payload;
        long t0 = Stopwatch.GetTimestamp();
        if (!hub.Publish(p.CommandTopic, payload, 0, payload.Length, 1, false))
        {
            throw new InvalidOperationException("the hub client is not connected");
        }

        if (!Arrived.Wait(10_000))
        {
            throw new TimeoutException($"{p.Name}: no response to command {i} ({Encoding.ASCII.GetString(payload)}) within 10 s");
        }

        long t1 = Stopwatch.GetTimestamp();
        _waitPayload = null;
        if (record)
        {
            long received = Volatile.Read(ref p.ReceivedAt), published = Volatile.Read(ref p.PublishedAt);
            p.Ticks.Add(t1 - t0);
            p.Inbound.Add(received - t0);
            p.Inside.Add(published - received);
            p.Outbound.Add(t1 - published);
        }
    }

    private static void LoopThreadInvoke(PlugPath p, Action a) => p.LoopThread.Invoke(a);

    private static double P50(List<long> ticks)
    {
        var us = ticks.Select(t => t * 1_000_000.0 / Stopwatch.Frequency).OrderBy(x => x).ToArray();
        return us.Length == 0 ? double.NaN : Percentile(us, 0.5);
    }

    private static double Percentile(double[] sorted, double q)
    {
        int i = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(i, 0, sorted.Length - 1)];
    }

    private static void Connect(MqttClient client, MosquittoBroker broker, string id)
    {
        var r = client.ConnectAsync(new MqttConnectOptions { Host = MosquittoBroker.Host, Port = broker.Port, ClientId = id, KeepAliveSeconds = 60 })
            .GetAwaiter().GetResult();
        if (!r.IsConnected)
        {
            throw new InvalidOperationException($"{id} could not connect: {r}");
        }
    }

    /// <summary>
    /// The bare echo (republish from the client's MessageReceived handler) or, with
    /// <paramref name="viaLoop"/>, the same echo handed through an <see cref="EventLoop"/> run by a
    /// <see cref="LoopThread"/> the way the HubClient posts transport events: the threading an
    /// endpoint adds, without the endpoint.
    /// </summary>
    private static EchoPath StartEcho(MosquittoBroker broker, MqttClient hub, bool viaLoop)
    {
        string prefix = viaLoop ? "bench/loopecho/" : "bench/echo/";
        var echo = new MqttClient();
        Connect(echo, broker, viaLoop ? "bench-loop-echo" : "bench-echo");
        var path = new EchoPath
        {
            Name = viaLoop ? "MQTT echo via EventLoop+LoopThread" : "MQTT echo (MqttClient)",
            Detail = viaLoop
                ? $"the same, but its handler posts the republish into an EventLoop run by a LoopThread (as HubClient posts transport events): thread hand-off, no endpoint."
                : $"an MqttClient subscribed to {prefix}req republishes each payload to {prefix}resp from its MessageReceived handler (on the client's reader).",
            CommandTopic = prefix + "req",
            ResponseTopic = prefix + "resp",
            Client = echo,
        };

        string response = path.ResponseTopic;
        if (viaLoop)
        {
            var loop = new EventLoop(new SystemClock(), null);
            path.LoopThread = new LoopThread(loop, "echo-loop");
            echo.MessageReceived += (topic, payload) =>
            {
                Volatile.Write(ref path.ReceivedAt, Stopwatch.GetTimestamp());
                loop.Post(() =>
                {
                    Volatile.Write(ref path.PublishedAt, Stopwatch.GetTimestamp());
                    echo.Publish(response, payload, 0, payload.Length, 1, true);
                });
            };
        }
        else
        {
            // Publish copies the payload and returns at once.
            echo.MessageReceived += (topic, payload) =>
            {
                Volatile.Write(ref path.ReceivedAt, Stopwatch.GetTimestamp());
                Volatile.Write(ref path.PublishedAt, Stopwatch.GetTimestamp());
                echo.Publish(response, payload, 0, payload.Length, 1, true);
            };
        }

        echo.SubscribeAsync(path.CommandTopic, 1).GetAwaiter().GetResult();
        hub.SubscribeAsync(path.ResponseTopic, 1).GetAwaiter().GetResult();
        return path;
    }

    /// <summary>
    /// A plug on an MqttClient driven by a LoopThread: a <see cref="SimulatedEndpoint"/> with its
    /// state dir under <paramref name="baseDir"/>, or, when that is null, the same composition with
    /// the settings in memory (no file I/O at all).
    /// </summary>
    private static PlugPath StartPlug(MosquittoBroker broker, MqttClient hub, string id, string baseDir)
    {
        var transport = new MqttClient();
        var timing = new TimingTransport(transport, $"endpoint/{id}/relay/set", $"endpoint/{id}/relay/state");
        var hubOptions = new MqttConnectOptions { Host = MosquittoBroker.Host, Port = broker.Port };
        var path = new PlugPath
        {
            CommandTopic = $"endpoint/{id}/relay/set",
            ResponseTopic = $"endpoint/{id}/relay/state",
            Transport = transport,
        };
        if (baseDir != null)
        {
            path.StateDir = System.IO.Path.Combine(baseDir, "endpoint-" + id + "-" + Guid.NewGuid().ToString("N")[..8]);
            var endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
            {
                App = "plug",
                Id = id,
                Board = TestBoards.DevKitC(),
                StateDir = path.StateDir,
                Transport = timing,
                Hub = hubOptions,
                Log = null,
            });
            path.Runtime = endpoint.Runtime;
            path.Loop = endpoint.Loop;
            path.App = (PlugApp)endpoint.App;
            path.FlashWrites = () => endpoint.Flash.Writes;
            path.Name = $"plug, state dir on {Report.FileSystem(baseDir)}";
            path.Detail = $"SimulatedEndpoint plug on esp32-devkitc, MqttClient transport, LoopThread; state dir {path.StateDir} ({Report.FileSystem(baseDir)}).";
        }
        else
        {
            var plug = new InMemoryPlug(id, new SystemClock(), timing);
            plug.Runtime.Hub.Configure(hubOptions);
            path.App = plug.App;
            path.Runtime = plug.Runtime;
            path.Loop = plug.Loop;
            path.FlashWrites = () => plug.Files.Writes;
            path.Name = "plug, settings in memory";
            path.Detail = "the same plug composition with an in-memory IFileStore: the settings write costs no file I/O.";
        }

        var online = new ManualResetEventSlim(false);
        path.Runtime.Hub.StateChanged += (state, detail) =>
        {
            if (state == HubState.Online)
            {
                online.Set();
            }
        };
        var loopThread = new LoopThread(path.Loop, id);
        path.LoopThread = loopThread;
        timing.Path = path;
        path.Loop.Post(path.Runtime.Start);
        if (!online.Wait(15_000))
        {
            path.Dispose();
            throw new TimeoutException($"{id} did not come online");
        }

        // Subscribed after the hub client (AddEntity) and the plug app (Setup, during Start), so it
        // runs once the state is published and persisted.
        loopThread.Invoke(() => path.App.RelaySwitch.Changed += e =>
        {
            if (path.Recording)
            {
                path.Persist.Add(Stopwatch.GetTimestamp() - Volatile.Read(ref path.PublishedAt));
            }
        });

        // The retained state (OFF: a fresh state dir, power-on 'restore') arrives with the subscription.
        Arrived.Reset();
        _waitTopic = path.ResponseTopic;
        _waitPayload = Off;
        hub.SubscribeAsync(path.ResponseTopic, 1).GetAwaiter().GetResult();
        if (!Arrived.Wait(10_000))
        {
            path.Dispose();
            throw new TimeoutException($"{id}: no retained OFF state");
        }

        _waitPayload = null;
        return path;
    }
}

/// <summary>
/// A pass-through <see cref="IMqttTransport"/> that timestamps, for the round-trip stages, when a
/// command arrives and when the state answering it is published. Costs two timestamp reads.
/// </summary>
internal sealed class TimingTransport : IMqttTransport
{
    private readonly MqttClient _inner;
    private readonly string _commandTopic;
    private readonly string _stateTopic;

    public TimingTransport(MqttClient inner, string commandTopic, string stateTopic)
    {
        _inner = inner;
        _commandTopic = commandTopic;
        _stateTopic = stateTopic;
        _inner.MessageReceived += (topic, payload) =>
        {
            if (topic == _commandTopic && Path != null)
            {
                Volatile.Write(ref Path.ReceivedAt, Stopwatch.GetTimestamp());
            }

            MessageReceived?.Invoke(topic, payload);
        };
        _inner.Connected += () => Connected?.Invoke();
        _inner.Closed += (reason, detail) => Closed?.Invoke(reason, detail);
    }

    internal RoundTrip.Marks Path;

    public bool IsConnected => _inner.IsConnected;

    public event MqttMessageHandler MessageReceived;

    public event MqttConnectedHandler Connected;

    public event MqttClosedHandler Closed;

    public void Connect(MqttConnectOptions options) => _inner.Connect(options);

    public void Disconnect() => _inner.Disconnect();

    public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
    {
        if (topic == _stateTopic && Path != null)
        {
            Volatile.Write(ref Path.PublishedAt, Stopwatch.GetTimestamp());
        }

        return _inner.Publish(topic, payload, offset, count, qos, retain);
    }

    public void Subscribe(string topicFilter, int qos) => _inner.Subscribe(topicFilter, qos);
}
