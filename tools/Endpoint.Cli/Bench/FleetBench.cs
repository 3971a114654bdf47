using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;
using Endpoint.Host.Fleet;
using Endpoint.Host.Mqtt;

namespace Endpoint.Cli.Bench;

/// <summary>Settings of <c>endpoint bench fleet</c>.</summary>
public sealed class FleetBenchOptions
{
    /// <summary>Fleet sizes, run one after the other.</summary>
    public int[] Counts { get; set; } = [1000, 5000, 10000];

    /// <summary>Telemetry period of every endpoint.</summary>
    public int TelemetrySeconds { get; set; } = 10;

    /// <summary>Commands per second during the round-trip phase.</summary>
    public int CommandRate { get; set; } = 50;

    /// <summary>Length of the round-trip phase.</summary>
    public int CommandSeconds { get; set; } = 30;

    /// <summary>Steady time before the measurements (telemetry running, nothing else).</summary>
    public int SteadySeconds { get; set; } = 20;

    /// <summary>Length of each saturation run.</summary>
    public int SaturationSeconds { get; set; } = 10;

    /// <summary>Loop threads (0: one per core).</summary>
    public int Threads { get; set; }

    /// <summary>The plug's board.</summary>
    public FleetApp App { get; set; }

    /// <summary>Connect ramp per fleet size (ms per endpoint); default 2 (500 connects per second).</summary>
    public double RampMsPerEndpoint { get; set; } = 2;

    /// <summary>Run Mosquitto with <c>set_tcp_nodelay true</c> (default: as Mosquitto ships, Nagle on).</summary>
    public bool TcpNoDelay { get; set; }
}

/// <summary>
/// <c>endpoint bench fleet</c>: how many endpoints one process carries against a local Mosquitto —
/// time to connect them all, CPU and memory per endpoint while each sends telemetry, the command
/// round trip (hub → broker → endpoint → broker → hub) at a steady rate, and the message rate at
/// saturation next to what Mosquitto takes from its own <c>mosquitto_pub</c> in the same run.
/// Figures are printed, never asserted (DESIGN.md §8).
/// </summary>
public static class FleetBench
{
    private const string TelemetryLikePayload = "{\"uptime\":123456,\"rssi\":-61,\"ip\":\"127.0.0.1\",\"free_memory\":63488,\"reset_reason\":\"power_on\",\"firmware\":\"1.0.0\"}";

    /// <summary>Runs every step and prints the results.</summary>
    public static int Run(FleetBenchOptions o)
    {
        long fileLimit = ProcessStats.RaiseOpenFileLimit();
        int self = Environment.ProcessId;
        Console.WriteLine($"endpoint bench fleet: {Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()} (other work on the machine shares the CPU)");
        Console.WriteLine($"  .NET {Environment.Version}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, open files allowed {fileLimit}; plugs ({o.App.Board.Id}), telemetry every {o.TelemetrySeconds} s, commands {o.CommandRate}/s for {o.CommandSeconds} s; mosquitto {(o.TcpNoDelay ? "with set_tcp_nodelay true" : "as shipped (Nagle on)")}");
        var results = new List<StepResult>();
        foreach (int count in o.Counts)
        {
            using var broker = BenchBroker.Start(o.TcpNoDelay);
            Console.WriteLine();
            Console.WriteLine($"— {count:#,0} endpoints (mosquitto pid {broker.Pid}, open files {broker.OpenFileLimit}) —");
            try
            {
                results.Add(RunStep(o, count, broker, self));
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or MqttClientException)
            {
                Console.WriteLine($"  step failed: {ex.Message}");
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Console.WriteLine();
        Console.WriteLine("Summary (targets: 10,000 endpoints, command round trip p99 ≤ 250 ms, ≤ 100 KiB per endpoint):");
        Console.WriteLine("  endpoints  connect all  CPU fleet  CPU broker  RSS/endpoint (added, whole process)  heap/endpoint  RTT p50  RTT p99  lost  fleet msg/s  mosquitto_pub msg/s");
        foreach (var r in results)
        {
            Console.WriteLine($"  {r.Count,9:#,0}  {r.ConnectSeconds,9:0.0} s  {r.FleetCpu,8:0} %  {r.BrokerCpu,9:0} %  {r.RssPerEndpoint / 1024,14:0.0} KiB, {r.RssTotalPerEndpoint / 1024,5:0.0} KiB  {r.HeapPerEndpoint / 1024,10:0.0} KiB  {r.P50,4:0} ms  {r.P99,4:0} ms  {r.Lost,4}  {r.FleetRate,11:#,0}  {r.PubRate,19:#,0}");
        }

        Console.WriteLine("  (CPU in % of one core; steady state includes each plug's BLE advertiser ticking every second. RSS added is");
        Console.WriteLine("   measured against the process before the step and understates later steps, whose memory the GC reuses;");
        Console.WriteLine("   the whole process's RSS over the endpoints is an upper bound.)");

        Console.WriteLine($"load average at the end: {ProcessStats.LoadAverage()}");
        return 0;
    }

    private static StepResult RunStep(FleetBenchOptions o, int count, BenchBroker broker, int self)
    {
        var result = new StepResult { Count = count };
        Collect();
        long heap0 = GC.GetTotalMemory(true);
        long rss0 = ProcessStats.RssBytes(self);

        var fleet = new SimulatedFleet(new FleetOptions
        {
            Apps = [o.App],
            Count = count,
            IdPrefix = "b",
            Hub = new MqttConnectOptions { Host = "127.0.0.1", Port = broker.Port, KeepAliveSeconds = 60, ConnectTimeoutMs = 30_000 },
            TelemetryIntervalMs = o.TelemetrySeconds * 1000L,
            RampMs = (long)(count * o.RampMsPerEndpoint),
            Threads = o.Threads,
            Seed = 1,
        });
        try
        {
            // 1. Connect all.
            double cpu0 = ProcessStats.CpuSeconds(self), bcpu0 = ProcessStats.CpuSeconds(broker.Pid);
            var sw = Stopwatch.StartNew();
            fleet.Start();
            if (!fleet.WaitAllOnline(TimeSpan.FromSeconds(60 + (count / 100))))
            {
                throw new TimeoutException($"only {fleet.OnlineCount} of {count} online after {sw.Elapsed.TotalSeconds:0} s; last problem: {fleet.LastProblem}");
            }

            result.ConnectSeconds = fleet.AllOnlineMs / 1000.0;
            double rampCpu = ProcessStats.CpuSeconds(self) - cpu0;
            Console.WriteLine($"  connect   all {count:#,0} online {result.ConnectSeconds:0.0} s after start (ramp {count * o.RampMsPerEndpoint / 1000.0:0.0} s); CPU used meanwhile: fleet {rampCpu:0.0} s, broker {ProcessStats.CpuSeconds(broker.Pid) - bcpu0:0.0} s");

            // 2. Steady state: telemetry only.
            Thread.Sleep(TimeSpan.FromSeconds(Math.Max(o.TelemetrySeconds, 5)));
            var t0 = Stopwatch.GetTimestamp();
            long msgs0 = fleet.Totals().Messages;
            cpu0 = ProcessStats.CpuSeconds(self);
            bcpu0 = ProcessStats.CpuSeconds(broker.Pid);
            Thread.Sleep(TimeSpan.FromSeconds(o.SteadySeconds));
            double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            result.FleetCpu = 100 * (ProcessStats.CpuSeconds(self) - cpu0) / seconds;
            result.BrokerCpu = 100 * (ProcessStats.CpuSeconds(broker.Pid) - bcpu0) / seconds;
            double steadyRate = (fleet.Totals().Messages - msgs0) / seconds;
            long rss = ProcessStats.RssBytes(self);
            Collect();
            long heap = GC.GetTotalMemory(true);
            result.RssPerEndpoint = (rss - rss0) / (double)count;
            result.RssTotalPerEndpoint = rss / (double)count;
            result.HeapPerEndpoint = (heap - heap0) / (double)count;
            Console.WriteLine($"  steady    {steadyRate:#,0} msg/s; CPU fleet {result.FleetCpu:0} % of one core, broker {result.BrokerCpu:0} %; "
                + $"RSS +{(rss - rss0) / 1048576.0:0} MiB ({result.RssPerEndpoint / 1024:0.0} KiB/endpoint; the whole process {rss / 1048576.0:0} MiB = {result.RssTotalPerEndpoint / 1024:0.0} KiB/endpoint), "
                + $"managed heap +{(heap - heap0) / 1048576.0:0} MiB ({result.HeapPerEndpoint / 1024:0.0} KiB/endpoint)");

            // 3. Command round trips at a steady rate.
            RoundTrips(o, fleet, broker, result);

            // 4. Saturation: the fleet publishing as fast as it can, then mosquitto_pub on the same broker.
            result.FleetRate = Saturate(o, fleet, broker);
            result.PubRate = MosquittoPubRate(o, broker, count);
        }
        finally
        {
            fleet.Stop(TimeSpan.FromSeconds(20));
            fleet.Dispose();
        }

        return result;
    }

    private static void RoundTrips(FleetBenchOptions o, SimulatedFleet fleet, BenchBroker broker, StepResult result)
    {
        using var hub = new MqttClient();
        var pending = new ConcurrentDictionary<string, (string Want, long Sent)>();
        var latencies = new ConcurrentBag<double>();
        long lastMessage = Stopwatch.GetTimestamp();
        hub.MessageReceived += (topic, payload) =>
        {
            long now = Stopwatch.GetTimestamp();
            Interlocked.Exchange(ref lastMessage, now);
            // endpoint/<id>/relay/state
            int a = topic.IndexOf('/') + 1, b = topic.IndexOf('/', a);
            string id = topic[a..b];
            if (pending.TryGetValue(id, out var p) && p.Want == Encoding.ASCII.GetString(payload) && pending.TryRemove(id, out _))
            {
                latencies.Add(Stopwatch.GetElapsedTime(p.Sent, now).TotalMilliseconds);
            }
        };
        var connected = hub.ConnectAsync(new MqttConnectOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "bench-hub", KeepAliveSeconds = 60 }).GetAwaiter().GetResult();
        if (!connected.IsConnected)
        {
            throw new InvalidOperationException("the bench's hub client could not connect: " + connected.Detail);
        }

        hub.SubscribeAsync("endpoint/+/relay/state", 1).GetAwaiter().GetResult();

        // The retained states of every endpoint come first; let them pass.
        while (Stopwatch.GetElapsedTime(Interlocked.Read(ref lastMessage)).TotalMilliseconds < 1000)
        {
            Thread.Sleep(100);
        }

        var random = new Random(3);
        var relay = new bool[fleet.Members.Count];
        int sent = 0;
        var start = Stopwatch.GetTimestamp();
        long total = (long)o.CommandRate * o.CommandSeconds;
        for (long i = 0; i < total; i++)
        {
            // A steady rate: command i leaves at start + i / rate.
            double due = i * 1000.0 / o.CommandRate;
            double wait = due - Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (wait > 1)
            {
                Thread.Sleep((int)wait);
            }

            int n = random.Next(fleet.Members.Count);
            string id = fleet.Members[n].Id;
            if (pending.ContainsKey(id))
            {
                continue;
            }

            relay[n] = !relay[n];
            string want = relay[n] ? "ON" : "OFF";
            pending[id] = (want, Stopwatch.GetTimestamp());
            _ = hub.PublishAsync($"endpoint/{id}/relay/set", want, 1);
            sent++;
        }

        var deadline = Stopwatch.GetTimestamp();
        while (!pending.IsEmpty && Stopwatch.GetElapsedTime(deadline).TotalSeconds < 5)
        {
            Thread.Sleep(50);
        }

        var sorted = latencies.OrderBy(x => x).ToArray();
        result.Lost = pending.Count;
        result.P50 = Percentile(sorted, 0.50);
        result.P99 = Percentile(sorted, 0.99);
        Console.WriteLine($"  commands  {sent:#,0} sent at {o.CommandRate}/s, {sorted.Length:#,0} answered by the new state, {result.Lost} without answer within 5 s; "
            + $"round trip p50 {result.P50:0.0} ms, p95 {Percentile(sorted, 0.95):0.0} ms, p99 {result.P99:0.0} ms, max {(sorted.Length > 0 ? sorted[^1] : 0):0.0} ms");
        hub.DisconnectAsync().Wait(2000);
    }

    // Every endpoint publishes telemetry as fast as the fleet can, for a while. Messages handed to a client
    // are not yet at the broker (they wait in the client's send buffer), so the offered load is held back
    // when the broker's own count ($SYS) falls more than a few seconds' worth behind, and the rate is the
    // broker's count from the start until its count stops rising, over that time — as for mosquitto_pub.
    private static double Saturate(FleetBenchOptions o, SimulatedFleet fleet, BenchBroker broker)
    {
        using var sys = new BrokerCounter(broker.Port);
        long fleetStart = fleet.Totals().Messages;
        long brokerStart = sys.WaitNext();
        var clock = Stopwatch.StartNew();
        int outstanding = 0;
        int limit = Math.Max(2000, fleet.Members.Count * 2);
        const long maxBacklog = 400_000;
        var driver = new Thread(() =>
        {
            int i = 0;
            while (clock.Elapsed.TotalSeconds < o.SaturationSeconds)
            {
                long backlog = (fleet.Totals().Messages - fleetStart) - (sys.Latest - brokerStart);
                if (Volatile.Read(ref outstanding) >= limit || backlog > maxBacklog)
                {
                    Thread.Sleep(1);
                    continue;
                }

                for (int k = 0; k < 500; k++)
                {
                    var endpoint = fleet.Members[i++ % fleet.Members.Count].Endpoint;
                    if (endpoint == null)
                    {
                        continue;
                    }

                    Interlocked.Increment(ref outstanding);
                    endpoint.Loop.Post(() =>
                    {
                        endpoint.Runtime.Hub.PublishTelemetry();
                        Interlocked.Decrement(ref outstanding);
                    });
                }
            }
        }) { IsBackground = true, Name = "bench-saturate" };
        double cpu0 = ProcessStats.CpuSeconds(Environment.ProcessId), bcpu0 = ProcessStats.CpuSeconds(broker.Pid);
        driver.Start();
        driver.Join();
        var (brokerEnd, seconds) = sys.UntilStill(clock, fleet.Members.Count / (double)o.TelemetrySeconds);
        long published = fleet.Totals().Messages - fleetStart;
        double rate = (brokerEnd - brokerStart) / seconds;
        Console.WriteLine($"  saturate  the fleet handed {published:#,0} messages to its clients in {o.SaturationSeconds} s; the broker received {brokerEnd - brokerStart:#,0} in {seconds:0.0} s = {rate:#,0}/s "
            + $"(CPU fleet {100 * (ProcessStats.CpuSeconds(Environment.ProcessId) - cpu0) / seconds:0} %, broker {100 * (ProcessStats.CpuSeconds(broker.Pid) - bcpu0) / seconds:0} %)");
        return rate;
    }

    private static double MosquittoPubRate(FleetBenchOptions o, BenchBroker broker, int endpoints)
    {
        double background = endpoints / (double)o.TelemetrySeconds; // the fleet's telemetry goes on meanwhile
        string pub = BenchBroker.Find("mosquitto_pub");
        if (pub == null)
        {
            Console.WriteLine("  (mosquitto_pub not found: install mosquitto-clients for the comparison)");
            return 0;
        }

        using var sys = new BrokerCounter(broker.Port);
        long start = sys.WaitNext();
        var sw = Stopwatch.StartNew();
        double bcpu0 = ProcessStats.CpuSeconds(broker.Pid);
        const int publishers = 4;
        const int each = 250_000;
        var processes = Enumerable.Range(0, publishers).Select(k =>
        {
            var psi = new ProcessStartInfo(pub) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-q", "0", "-t", $"endpoint/pub-{k}/telemetry", "--repeat", each.ToString(CultureInfo.InvariantCulture), "-m", TelemetryLikePayload })
            {
                psi.ArgumentList.Add(arg);
            }

            return Process.Start(psi);
        }).ToList();
        foreach (var p in processes)
        {
            p.WaitForExit();
        }

        // The broker may still be reading what the publishers wrote: count until its counter stops.
        var (end, seconds) = sys.UntilStill(sw, background);
        double rate = (end - start) / seconds;
        Console.WriteLine($"  saturate  {publishers} mosquitto_pub processes sent {publishers * each:#,0} messages; the broker received {end - start:#,0} in {seconds:0.0} s = {rate:#,0}/s (CPU broker {100 * (ProcessStats.CpuSeconds(broker.Pid) - bcpu0) / seconds:0} %)");
        return rate;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private sealed class StepResult
    {
        public int Count;
        public double ConnectSeconds, FleetCpu, BrokerCpu, RssPerEndpoint, RssTotalPerEndpoint, HeapPerEndpoint, P50, P99, FleetRate, PubRate;
        public int Lost;
    }

    /// <summary>Mosquitto's own count of PUBLISH packets received, from <c>$SYS</c> (published every second).</summary>
    private sealed class BrokerCounter : IDisposable
    {
        private readonly MqttClient _client = new();
        private readonly BlockingCollection<long> _values = new();
        private long _latest;

        public BrokerCounter(int port)
        {
            _client.MessageReceived += (topic, payload) =>
            {
                if (long.TryParse(Encoding.ASCII.GetString(payload), NumberStyles.None, CultureInfo.InvariantCulture, out long v))
                {
                    Interlocked.Exchange(ref _latest, v);
                    _values.Add(v);
                }
            };
            var result = _client.ConnectAsync(new MqttConnectOptions { Host = "127.0.0.1", Port = port, ClientId = "bench-sys-" + Guid.NewGuid().ToString("N")[..6] }).GetAwaiter().GetResult();
            if (!result.IsConnected)
            {
                throw new InvalidOperationException("cannot read the broker's $SYS counters: " + result.Detail);
            }

            _client.SubscribeAsync("$SYS/broker/publish/messages/received", 0).GetAwaiter().GetResult();
        }

        /// <summary>The last value received.</summary>
        public long Latest => Interlocked.Read(ref _latest);

        /// <summary>The next value the broker publishes (skipping any older one already queued).</summary>
        public long WaitNext()
        {
            while (_values.TryTake(out _))
            {
            }

            // A broker busy with a backlog publishes $SYS late.
            if (!_values.TryTake(out long v, TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("the broker published no $SYS counter for 30 s");
            }

            return v;
        }

        /// <summary>
        /// Waits until the count rises no faster than the fleet's background traffic
        /// (<paramref name="backgroundPerSecond"/>, its telemetry); returns the count and the time on
        /// <paramref name="clock"/> when the burst ended. Gives up after two minutes.
        /// </summary>
        public (long Count, double Seconds) UntilStill(Stopwatch clock, double backgroundPerSecond)
        {
            long last = WaitNext();
            double at = clock.Elapsed.TotalSeconds;
            var limit = Stopwatch.StartNew();
            while (limit.Elapsed.TotalMinutes < 2)
            {
                long next = WaitNext();
                double now = clock.Elapsed.TotalSeconds;
                if (next - last <= (backgroundPerSecond * 2 * (now - at)) + 100)
                {
                    return (last, at);
                }

                last = next;
                at = now;
            }

            return (last, at);
        }

        public void Dispose()
        {
            _client.DisconnectAsync().Wait(1000);
            _client.Dispose();
        }
    }
}
