using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Endpoint.Apps.Plug;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Benchmarks;

/// <summary>
/// Bytes allocated by the portable core per telemetry publish and per handled command, in
/// process: a plug on a no-op transport and a manual clock, its loop run on this thread, counted
/// with <see cref="GC.GetAllocatedBytesForCurrentThread"/> (every allocation on this thread, so
/// the harness itself allocates nothing while measuring).
/// </summary>
internal static class Alloc
{
    public static void Run(int count, int warmup)
    {
        Report.Heading($"alloc: bytes allocated per operation, {count:#,0} operations after {warmup:#,0} warm-up, on the benchmark thread");

        var table = new Report.Table("operation", "settings store", "bytes/op", "posting (Deliver)", "handling (RunDue)", "target");

        // 1. Core only: the settings record is written to an in-memory store that reuses its arrays.
        using (var rig = Rig.InMemory())
        {
            Measure(rig, count, warmup, table, "in-memory IFileStore (no host I/O)");
        }

        // 2. As the simulator runs: SimulatedFlash in a folder on tmpfs; the host's file I/O is in the figure.
        string dir = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        long flashBytes;
        using (var rig = Rig.Simulated(dir))
        {
            Measure(rig, count, warmup, table, $"SimulatedFlash on {Report.FileSystem(dir)}", hostIo: true);

            // The host adapter alone: one record write as the settings store makes it (header + "plug.relay"="1").
            var record = new byte[16 + 2 + 10 + 2 + 1];
            for (int i = 0; i < warmup; i++)
            {
                rig.Flash.Write("bench.rec", record, 0, record.Length);
            }

            flashBytes = Bytes(count, i => rig.Flash.Write("bench.rec", record, 0, record.Length));
        }

        table.Print();
        Console.WriteLine();
        Report.Note("Telemetry: endpoint.Runtime.Hub.PublishTelemetry() called directly on the loop's thread (the core builds the JSON");
        Report.Note("document and hands it to the transport). Command: endpoint/<id>/relay/set ON and OFF alternately; the no-op");
        Report.Note("transport raises MessageReceived with a topic string and payload arrays made once up front (what a real transport");
        Report.Note("would allocate per message is not counted), then the loop runs (LoopStepper.Drain). 'posting' is what raising");
        Report.Note("MessageReceived allocates: the HubClient's handler posts a closure into the loop; 'handling' is the rest: parse,");
        Report.Note("apply, relay, publish the state, persist it (a settings write per command, since the state changes every time).");
        Report.Note("The no-op transport, ManualClock and in-memory store allocate nothing per operation once warm. With SimulatedFlash");
        Report.Note($"the figure includes the host's file I/O, which is not portable code: SimulatedFlash.Write alone allocates {PerOp(flashBytes, count)} B");
        Report.Note("per write (FileStream, its 4 KiB buffer, handle, path strings), measured the same way; the device writes flash natively.");
        Console.WriteLine();

        Breakdown(count, warmup);
    }

    private static void Measure(Rig rig, int count, int warmup, Report.Table table, string store, bool hostIo = false)
    {
        var hub = rig.Runtime.Hub;

        // Telemetry.
        for (int i = 0; i < warmup; i++)
        {
            hub.PublishTelemetry();
        }

        long published = rig.Transport.Publishes;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < count; i++)
        {
            hub.PublishTelemetry();
        }

        long telemetry = GC.GetAllocatedBytesForCurrentThread() - before;
        Check(rig.Transport.Publishes - published == count, "telemetry was not published every time");
        table.Add("telemetry publish", store, PerOp(telemetry, count), "", "", Target(telemetry, count));

        // Commands.
        for (int i = 0; i < warmup; i++)
        {
            rig.Command(i);
        }

        int applied = hub.CommandsApplied;
        int writes = rig.SettingsWrites;
        long posting = 0, handling = 0;
        for (int i = 0; i < count; i++)
        {
            long a = GC.GetAllocatedBytesForCurrentThread();
            rig.Deliver(warmup + i);
            long b = GC.GetAllocatedBytesForCurrentThread();
            rig.RunLoop();
            long c = GC.GetAllocatedBytesForCurrentThread();
            posting += b - a;
            handling += c - b;
        }

        Check(hub.CommandsApplied - applied == count, "not every command was applied");
        Check(rig.SettingsWrites - writes == count, $"expected one settings write per command, got {rig.SettingsWrites - writes} for {count}");
        table.Add("handled command", store, PerOp(posting + handling, count), PerOp(posting, count), PerOp(handling, count),
            Target(posting + handling, count) + (hostIo ? " (host file I/O, see below)" : ""));
    }

    /// <summary>Where the bytes of a handled command go: the same path with pieces taken out or called alone.</summary>
    private static void Breakdown(int count, int warmup)
    {
        Report.Heading("alloc: where a handled command's bytes go (in-memory store)");
        var table = new Report.Table("piece", "bytes/op", "what allocates (each measured alone, same way)");
        using var rig = Rig.InMemory();
        for (int i = 0; i < warmup; i++)
        {
            rig.Command(i);
        }

        var settings = rig.Runtime.Settings;
        var relay = rig.Plug.RelaySwitch;

        // Reference objects, measured rather than assumed (CoreCLR 64-bit sizes).
        string topic = rig.Runtime.Hub.BaseTopic + "/relay/set";
        byte[] payload = { (byte)'O', (byte)'N' };
        var table1 = new System.Collections.Hashtable { ["plug.relay"] = "1" };
        // Results go to a static field so that the JIT cannot keep them on the stack (.NET 10 escape analysis).
        long closure = Bytes(count, i => Sink = PostLike(rig, topic, payload));
        long enumerate = Bytes(count, i => { foreach (System.Collections.DictionaryEntry e in table1) { Sink = e.Key; } });
        long record = Bytes(count, i => Sink = new byte[16 + 15]);
        long logText = Bytes(count, i => Sink = "relay " + (i % 2 == 0 ? "ON" : "OFF"));

        // Posting: raise MessageReceived, then run the loop outside the measurement.
        long posting = 0;
        for (int i = 0; i < count; i++)
        {
            long a = GC.GetAllocatedBytesForCurrentThread();
            rig.Deliver(warmup + i);
            posting += GC.GetAllocatedBytesForCurrentThread() - a;
            rig.RunLoop();
        }

        table.Add("post: raise MessageReceived", PerOp(posting, count),
            $"HubClient posts () => OnMessage(topic, payload): closure over this/topic/payload + LoopAction ({PerOp(closure, count)} B, same shape)");

        // Settings write alone (what the plug does on every relay change).
        table.Add("settings: KeyValueStore.Set", PerOp(Bytes(count, i => settings.Set(PlugApp.RelayStateKey, i % 2 == 0 ? "1" : "0")), count),
            $"Persist's Hashtable foreach: enumerator + boxed DictionaryEntry ({PerOp(enumerate, count)} B, 1 key); AtomicRecordFile record array ({PerOp(record, count)} B)");

        // The relay change without the hub message: entity -> hub state publish + plug app.
        table.Add("entity change: RelaySwitch.Set", PerOp(Bytes(count, i => relay.Set(i % 2 == 0)), count),
            $"settings write + PlugApp's \"relay ON/OFF\" log text, built even with no log ({PerOp(logText, count)} B); state publish: none");

        table.Add("whole command", PerOp(Bytes(count, i => rig.Command(warmup + i)), count), "post + entity change");

        // A command that changes nothing: no entity change, so no settings write; the state is still confirmed.
        rig.Command(0);
        table.Add("repeated command (no change)", PerOp(Bytes(count, i => rig.Command(0)), count), "post only: parse, validate, confirm the state allocate nothing");

        table.Print();
        Console.WriteLine();
    }

    private static object Sink;

    // The shape of HubClient's MessageReceived handler: a lambda over the handler's parameters.
    private static LoopAction PostLike(object owner, string topic, byte[] payload) => () => Sink = owner ?? topic ?? (object)payload;

    private static long Bytes(int count, Action<int> op)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < count; i++)
        {
            op(i);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string PerOp(long bytes, int count) => ((double)bytes / count).ToString("0.0");

    private static string Target(long bytes, int count) => $"<= 512 B: {Report.Verdict((double)bytes / count <= 512)}";

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException("alloc benchmark: " + what);
        }
    }

    /// <summary>A started, online plug on a <see cref="NoopTransport"/> and a <see cref="ManualClock"/>.</summary>
    private sealed class Rig : IDisposable
    {
        private static readonly byte[] On = Encoding.ASCII.GetBytes("ON");
        private static readonly byte[] Off = Encoding.ASCII.GetBytes("OFF");

        private readonly string _stateDir;
        private readonly Func<int> _writes;
        private string _setTopic;

        private Rig(EndpointRuntime runtime, EventLoop loop, ManualClock clock, NoopTransport transport, PlugApp plug, Func<int> writes, string stateDir, SimulatedFlash flash = null)
        {
            Flash = flash;
            Runtime = runtime;
            Loop = loop;
            Clock = clock;
            Transport = transport;
            Plug = plug;
            _writes = writes;
            _stateDir = stateDir;
        }

        public EndpointRuntime Runtime { get; }

        public EventLoop Loop { get; }

        public ManualClock Clock { get; }

        public NoopTransport Transport { get; }

        public PlugApp Plug { get; }

        public int SettingsWrites => _writes();

        /// <summary>The SimulatedFlash of a <see cref="Simulated"/> rig, else null.</summary>
        public SimulatedFlash Flash { get; }

        /// <summary>An <see cref="InMemoryPlug"/>: no file I/O.</summary>
        public static Rig InMemory()
        {
            var clock = new ManualClock();
            var transport = new NoopTransport();
            var plug = new InMemoryPlug("bench-alloc", clock, transport);
            plug.Runtime.Hub.Configure(new MqttConnectOptions { Host = "broker.invalid", Port = 1883 });
            plug.Loop.Post(plug.Runtime.Start);
            return new Rig(plug.Runtime, plug.Loop, clock, transport, plug.App, () => plug.Files.Writes, null).Online();
        }

        /// <summary>A <see cref="SimulatedEndpoint"/> with its flash in a fresh folder under <paramref name="baseDir"/>.</summary>
        public static Rig Simulated(string baseDir)
        {
            string stateDir = Path.Combine(baseDir, "endpoint-bench-alloc-" + Guid.NewGuid().ToString("N")[..8]);
            var clock = new ManualClock();
            var transport = new NoopTransport();
            var endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
            {
                App = "plug",
                Id = "bench-alloc",
                Board = TestBoards.DevKitC(),
                StateDir = stateDir,
                Transport = transport,
                Hub = new MqttConnectOptions { Host = "broker.invalid", Port = 1883 },
                Clock = clock,
                Log = null,
            });
            endpoint.Start();
            return new Rig(endpoint.Runtime, endpoint.Loop, clock, transport, (PlugApp)endpoint.App, () => endpoint.Flash.Writes, stateDir, endpoint.Flash).Online();
        }

        private Rig Online()
        {
            LoopStepper.Drain(Loop);
            Transport.RaiseConnected();
            LoopStepper.Drain(Loop);
            if (Runtime.Hub.State != HubState.Online)
            {
                throw new InvalidOperationException("the plug did not come online on the no-op transport: " + Runtime.Hub.State);
            }

            _setTopic = Runtime.Hub.BaseTopic + "/relay/set";
            return this;
        }

        /// <summary>The transport receives command <paramref name="i"/> (ON for even, OFF for odd); the loop does not run.</summary>
        public void Deliver(int i) => Transport.Deliver(_setTopic, i % 2 == 0 ? On : Off);

        public void RunLoop() => LoopStepper.Drain(Loop);

        public void Command(int i)
        {
            Deliver(i);
            RunLoop();
        }

        public void Dispose()
        {
            if (_stateDir != null)
            {
                try { Directory.Delete(_stateDir, true); } catch { }
            }
        }
    }
}

/// <summary>
/// An <see cref="IMqttTransport"/> that is always connected and accepts every publish without
/// doing anything (so allocates nothing). The benchmark plays the broker through <see cref="RaiseConnected"/>
/// and <see cref="Deliver"/>.
/// </summary>
internal sealed class NoopTransport : IMqttTransport
{
    public long Publishes;

    public bool IsConnected => true;

    public event MqttMessageHandler MessageReceived;

    public event MqttConnectedHandler Connected;

    public event MqttClosedHandler Closed;

    public void Connect(MqttConnectOptions options)
    {
    }

    public void Disconnect()
    {
    }

    public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
    {
        Publishes++;
        return true;
    }

    public void Subscribe(string topicFilter, int qos)
    {
    }

    public void RaiseConnected() => Connected?.Invoke();

    public void Deliver(string topic, byte[] payload) => MessageReceived?.Invoke(topic, payload);

    // Keeps the compiler quiet about the unused event; a no-op transport never closes.
    internal void RaiseClosed() => Closed?.Invoke(MqttCloseReason.ConnectionLost, "closed");
}

/// <summary>
/// Flash in memory: one array per file, reused when a file is rewritten with the same length, so
/// a settings write that keeps its size allocates nothing here.
/// </summary>
internal sealed class MemoryFileStore : IFileStore
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public int Writes { get; private set; }

    public bool Exists(string name) => _files.ContainsKey(name);

    public long Length(string name) => _files.TryGetValue(name, out var f) ? f.Length : -1;

    public byte[] ReadAll(string name) => _files.TryGetValue(name, out var f) ? (byte[])f.Clone() : null;

    public int ReadAt(string name, long position, byte[] buffer, int offset, int count)
    {
        var f = _files[name];
        int n = (int)Math.Max(0, Math.Min(count, f.Length - position));
        Array.Copy(f, position, buffer, offset, n);
        return n;
    }

    public void Write(string name, byte[] data, int offset, int count)
    {
        Writes++;
        if (!_files.TryGetValue(name, out var f) || f.Length != count)
        {
            f = new byte[count];
            _files[name] = f;
        }

        Array.Copy(data, offset, f, 0, count);
    }

    public void Append(string name, byte[] data, int offset, int count)
    {
        Writes++;
        _files.TryGetValue(name, out var f);
        f ??= Array.Empty<byte>();
        var bigger = new byte[f.Length + count];
        Array.Copy(f, bigger, f.Length);
        Array.Copy(data, offset, bigger, f.Length, count);
        _files[name] = bigger;
    }

    public void Delete(string name) => _files.Remove(name);

    public string[] List(string prefix)
    {
        var names = new List<string>();
        foreach (var k in _files.Keys)
        {
            if (k.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(k);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names.ToArray();
    }
}
