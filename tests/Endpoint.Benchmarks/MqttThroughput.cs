using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;
using Endpoint.Host.Mqtt;
using Endpoint.Tests.Integration;

namespace Endpoint.Benchmarks;

/// <summary>
/// Host MQTT client throughput through a local Mosquitto, end to end: from the first publish until
/// a subscriber has received all N messages (100-byte payloads), compared with Mosquitto's own
/// clients on the same broker in the same run. Besides the rate, each run records the CPU time
/// of publisher, broker and subscriber: on a 2-core machine they compete for the same CPUs.
/// </summary>
internal static class MqttThroughput
{
    private const int PayloadSize = 100;

    private enum Pub { Ours, MosquittoPub }

    private enum Sub { MosquittoSub, Ours }

    private sealed record Row(int Qos, Pub Pub, Sub Sub)
    {
        public string Name => (Pub == Pub.Ours ? "MqttClient" : "mosquitto_pub -l") + " -> " + (Sub == Sub.Ours ? "MqttClient" : "mosquitto_sub -C N");
    }

    private sealed class Result
    {
        public bool Complete;
        public long Received;
        public double Seconds;          // first publish -> N-th message received (see Run's notes for mosquitto_pub)
        public double LaunchSeconds;    // mosquitto_pub only: process launch -> N-th message received
        public double PublisherSeconds; // first publish -> last Publish call returned / file fed to mosquitto_pub
        public double BenchCpuMs;       // this process (MqttClient publisher and/or subscriber, pipe draining)
        public double HarnessCpuMs;     // of that: the threads draining mosquitto_sub and feeding mosquitto_pub
        public double PubCpuMs = double.NaN;   // mosquitto_pub
        public double SubCpuMs = double.NaN;   // mosquitto_sub
        public double BrokerCpuMs;
        public long PoolWorkItems;      // thread-pool work items this process completed during the run
        public int PoolThreads;         // thread-pool threads at the end of the run
        public string Error;

        public double Rate(int n) => Complete ? n / Seconds : double.NaN;
    }

    public static void Run(int count, int reps)
    {
        Report.Heading($"mqtt: throughput, {count:#,0} messages of {PayloadSize} B per run, {reps} repetitions, median reported");
        string loadBefore = Report.LoadAverage();
        using var broker = BenchBroker.Start();
        var dir = Path.Combine(Path.GetTempPath(), "endpoint-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            // N lines of exactly 100 bytes (the newline separates, it is not part of the payload).
            var input = Path.Combine(dir, "lines.txt");
            var line = Payload();
            using (var f = new FileStream(input, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                for (int i = 0; i < count; i++)
                {
                    f.Write(line);
                    f.WriteByte((byte)'\n');
                }
            }

            var rows = new[]
            {
                new Row(0, Pub.Ours, Sub.MosquittoSub),
                new Row(0, Pub.MosquittoPub, Sub.MosquittoSub),
                new Row(0, Pub.Ours, Sub.Ours),
                new Row(1, Pub.Ours, Sub.MosquittoSub),
                new Row(1, Pub.MosquittoPub, Sub.MosquittoSub),
                new Row(1, Pub.Ours, Sub.Ours),
            };

            var results = rows.ToDictionary(r => r, _ => new List<Result>());

            // Warm-up (JIT, thread pool, socket paths of our client), not reported.
            RunOne(broker, new Row(1, Pub.Ours, Sub.Ours), Math.Min(count, 20_000), input, "warm1").GetAwaiter().GetResult();
            RunOne(broker, new Row(0, Pub.Ours, Sub.Ours), Math.Min(count, 20_000), input, "warm0").GetAwaiter().GetResult();

            // Repetitions interleave the rows, so drift (other load on the machine) spreads over all of them.
            for (int rep = 1; rep <= reps; rep++)
            {
                foreach (var row in rows)
                {
                    var r = RunOne(broker, row, count, input, $"r{rep}").GetAwaiter().GetResult();
                    results[row].Add(r);
                    Console.WriteLine($"   run {rep}/{reps}  QoS {row.Qos}  {row.Name,-38} " + (r.Complete
                        ? $"{Report.Rate(r.Rate(count)),9} msg/s  {r.Seconds * 1000,5:0} ms" +
                          (row.Pub == Pub.MosquittoPub ? $" ({r.LaunchSeconds * 1000:0} from launch)" : "") +
                          $"  publisher done {r.PublisherSeconds * 1000:0} ms  CPU ms: " + Cpu(row, r) +
                          $"  pool: {r.PoolWorkItems * 100.0 / count:0.0} items/100 msg, {r.PoolThreads} threads"
                        : $"INCOMPLETE: {r.Received:#,0} of {count:#,0} received{(r.Error != null ? " - " + r.Error : "")}"));
                }
            }

            double startup = MosquittoPubStartup(broker).GetAwaiter().GetResult();

            Console.WriteLine();
            var table = new Report.Table("QoS", "publisher -> subscriber", "median msg/s", "runs (msg/s)", "median ms", "CPU/msg: pub", "broker", "sub", "ours/mosquitto", "target");
            foreach (var row in rows)
            {
                var list = results[row];
                double median = Median(list.Select(x => x.Rate(count)));
                var complete = list.Where(x => x.Complete).ToList();
                double brokerUs = Median(complete.Select(x => x.BrokerCpuMs * 1000 / count));
                double pubUs = Median(complete.Select(x => (row.Pub == Pub.Ours ? x.BenchCpuMs - x.HarnessCpuMs : x.PubCpuMs) * 1000 / count));
                double subUs = row.Sub == Sub.Ours ? double.NaN : Median(complete.Select(x => x.SubCpuMs * 1000 / count));
                string ratio = "", target = "";
                if (row.Pub == Pub.Ours && row.Sub == Sub.MosquittoSub)
                {
                    double reference = Median(results[rows.First(x => x.Qos == row.Qos && x.Pub == Pub.MosquittoPub)].Select(x => x.Rate(count)));
                    double q = median / reference;
                    ratio = double.IsNaN(q) ? "n/a" : q.ToString("0.00");
                    target = row.Qos == 0
                        ? $">= 0.90x mosquitto: {Report.Verdict(q >= 0.9)}"
                        : $">= 60,000 msg/s: {Report.Verdict(median >= 60_000)}";
                }
                else if (row.Pub == Pub.Ours && row.Qos == 1)
                {
                    target = $">= 60,000 msg/s: {Report.Verdict(median >= 60_000)}";
                }

                table.Add(
                    row.Qos.ToString(),
                    row.Name,
                    double.IsNaN(median) ? "incomplete" : Report.Rate(median),
                    string.Join(" / ", list.Select(x => x.Complete ? Report.Rate(x.Rate(count)) : "incomplete")),
                    double.IsNaN(median) ? "" : (count / median * 1000).ToString("0"),
                    double.IsNaN(pubUs) ? "" : pubUs.ToString("0.0") + (row.Sub == Sub.Ours ? " (+sub)" : "") + " us",
                    double.IsNaN(brokerUs) ? "" : brokerUs.ToString("0.0") + " us",
                    row.Sub == Sub.Ours ? "(in pub)" : double.IsNaN(subUs) ? "" : subUs.ToString("0.0") + " us",
                    ratio,
                    target);
            }

            table.Print();
            Console.WriteLine();
            Report.Note("msg/s = N / (first publish -> the subscriber has all N). MqttClient publishes from one thread: QoS 0 with PublishAsync,");
            Report.Note("awaiting only when it applies back-pressure (over 1 MiB queued); QoS 1 with the non-blocking IMqttTransport.Publish");
            Report.Note($"(pipelined, MaxInFlight {new MqttClient().MaxInFlight:#,0}). Its clock starts after CONNACK, at the first publish.");
            Report.Note($"mosquitto_pub -l polls every 100 ms until CONNACK before it reads stdin (launch -> first message at a subscriber: {startup:0} ms,");
            Report.Note("median of 5), so its clock starts when the subscriber gets the first message (for mosquitto_sub: its first output");
            Report.Note("block, and that block's lines are not counted); 'from launch' keeps the start-up in. Its stdin is a pipe fed with");
            Report.Note("the prepared file and closed once the subscriber has all N: 2.0.11 -l sends DISCONNECT at end of input and drops");
            Report.Note("what is still queued. mosquitto_sub prints to a pipe this process drains; the MqttClient subscriber counts in");
            Report.Note("MessageReceived. CPU time from the kernel, 10 ms ticks (mosquitto_pub/sub: sh `times`; broker: /proc/<pid>/stat;");
            Report.Note("this process: its total minus the harness threads that drain mosquitto_sub and feed mosquitto_pub, so");
            Report.Note("'CPU/msg: pub' is MqttClient's own cost per message (with the MqttClient subscriber when both are ours).");
            Report.Note("'pool': thread-pool work items this process completed per 100 messages (socket completions, send loops,");
            Report.Note("continuations: MqttClient's hand-offs, i.e. how well it batches) and the pool's thread count at the end.");
            Report.Note($"Publisher, broker and subscriber share {Environment.ProcessorCount} CPUs; load average before: {loadBefore}, after: {Report.LoadAverage()}.");
            Report.Note(BenchBroker.Description(false) + ".");
            Console.WriteLine();
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch { }
        }
    }

    private static string Cpu(Row row, Result r)
    {
        var parts = new List<string> { $"bench {r.BenchCpuMs:0} (harness {r.HarnessCpuMs:0})" };
        if (row.Pub == Pub.MosquittoPub)
        {
            parts.Add($"mosquitto_pub {r.PubCpuMs:0}");
        }

        parts.Add($"broker {r.BrokerCpuMs:0}");
        if (row.Sub == Sub.MosquittoSub)
        {
            parts.Add($"mosquitto_sub {r.SubCpuMs:0}");
        }

        return string.Join(", ", parts);
    }

    private static byte[] Payload()
    {
        var b = new byte[PayloadSize];
        var text = Encoding.ASCII.GetBytes("endpoint benchmark payload ");
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = text[i % text.Length];
        }

        return b;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length == 0 || v.Any(double.IsNaN))
        {
            return double.NaN;
        }

        Array.Sort(v);
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private static async Task<Result> RunOne(MosquittoBroker broker, Row row, int count, string input, string tag)
    {
        string topic = $"bench/tp/{tag}/{row.Qos}/{row.Pub}/{row.Sub}";
        string subId = $"bench-sub-{tag}-{row.Qos}-{row.Pub}-{row.Sub}-{Guid.NewGuid().ToString("N")[..6]}".ToLowerInvariant();
        var timeout = TimeSpan.FromSeconds(30 + count / 2000.0);
        var result = new Result();
        var self = Process.GetCurrentProcess();

        ISubscriber sub = row.Sub == Sub.Ours ? new OurSubscriber() : new MosquittoSubscriberProcess();
        try
        {
            await sub.StartAsync(broker, topic, row.Qos, count, subId);
            BenchBroker.WaitSubscribed(broker, subId, () => sub.HasFailed);

            long start;
            long publisherDone;
            double brokerCpu0 = ProcessCpu.Milliseconds(broker.ProcessId);
            self.Refresh();
            double benchCpu0 = self.TotalProcessorTime.TotalMilliseconds;
            long workItems0 = ThreadPool.CompletedWorkItemCount;
            if (row.Pub == Pub.Ours)
            {
                using var client = new MqttClient();
                var connected = await client.ConnectAsync(new MqttConnectOptions
                {
                    Host = MosquittoBroker.Host,
                    Port = broker.Port,
                    ClientId = "bench-pub-" + tag,
                    KeepAliveSeconds = 60,
                });
                if (!connected.IsConnected)
                {
                    throw new InvalidOperationException("our publisher could not connect: " + connected);
                }

                var payload = Payload();
                var memory = new ReadOnlyMemory<byte>(payload);
                start = Stopwatch.GetTimestamp();
                if (row.Qos == 0)
                {
                    for (int i = 0; i < count; i++)
                    {
                        var t = client.PublishAsync(topic, memory, 0, false);
                        if (!t.IsCompleted)
                        {
                            await t.ConfigureAwait(false);
                        }
                    }
                }
                else
                {
                    for (int i = 0; i < count; i++)
                    {
                        client.Publish(topic, payload, 0, payload.Length, 1, false);
                    }
                }

                publisherDone = Stopwatch.GetTimestamp();
                result.Complete = await sub.WaitAsync(timeout);
                result.BrokerCpuMs = ProcessCpu.Milliseconds(broker.ProcessId) - brokerCpu0;
                self.Refresh();
                result.BenchCpuMs = self.TotalProcessorTime.TotalMilliseconds - benchCpu0;
                result.PoolWorkItems = ThreadPool.CompletedWorkItemCount - workItems0;
                result.PoolThreads = ThreadPool.ThreadCount;
                await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
                await client.DisconnectAsync();
                if (result.Complete)
                {
                    result.Seconds = Stopwatch.GetElapsedTime(start, sub.CompletedAt).TotalSeconds;
                }
            }
            else
            {
                // mosquitto_pub 2.0.11 -l sends DISCONNECT as soon as it reads end of input, dropping
                // what libmosquitto still has queued (at QoS 1 a 200,000-line file arrives only in part).
                // So its stdin is a pipe fed with the file and closed only once the subscriber has all N.
                var pub = ShellWithTimes.Start(MosquittoBroker.RequireTool("mosquitto_pub"), redirectStdin: true,
                    "-h", MosquittoBroker.Host, "-p", broker.Port.ToString(), "-t", topic, "-q", row.Qos.ToString(), "-l", "-i", "bench-mpub-" + tag);
                start = pub.LaunchedAt;
                var stdin = pub.Process.StandardInput.BaseStream;
                long fed = 0;
                double feedCpu = 0;
                var feed = Task.Factory.StartNew(() =>
                {
                    using var f = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                    f.CopyTo(stdin, 1 << 16);
                    stdin.Flush();
                    fed = Stopwatch.GetTimestamp();
                    feedCpu = ProcessCpu.CurrentThreadMilliseconds();
                }, TaskCreationOptions.LongRunning);
                result.Complete = await sub.WaitAsync(timeout);
                result.BrokerCpuMs = ProcessCpu.Milliseconds(broker.ProcessId) - brokerCpu0;
                self.Refresh();
                result.BenchCpuMs = self.TotalProcessorTime.TotalMilliseconds - benchCpu0;
                result.PoolWorkItems = ThreadPool.CompletedWorkItemCount - workItems0;
                result.PoolThreads = ThreadPool.ThreadCount;
                try
                {
                    await feed.WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (Exception e)
                {
                    result.Error ??= "feeding mosquitto_pub failed: " + e.Message;
                }

                publisherDone = fed != 0 ? fed : Stopwatch.GetTimestamp();
                result.HarnessCpuMs += feedCpu;
                try { pub.Process.StandardInput.Close(); } catch (IOException) { }
                var exit = pub.WaitForExit(TimeSpan.FromSeconds(10));
                if (exit == null)
                {
                    result.Error ??= "mosquitto_pub did not exit after its input was closed";
                }
                else
                {
                    if (exit.ExitCode != 0)
                    {
                        result.Error ??= $"mosquitto_pub exited with {exit.ExitCode}: {exit.Stderr.Trim()}";
                    }

                    result.PubCpuMs = exit.ChildCpuMs;
                }

                pub.Dispose();
                if (result.Complete)
                {
                    // The window starts when the first output reached the subscriber (see the notes).
                    result.Seconds = Stopwatch.GetElapsedTime(sub.FirstAt, sub.CompletedAt).TotalSeconds * count / (count - sub.FirstCount);
                    result.LaunchSeconds = Stopwatch.GetElapsedTime(start, sub.CompletedAt).TotalSeconds;
                    start = sub.FirstAt;
                }
            }

            result.Received = sub.Received;
            result.PublisherSeconds = Math.Max(0, Stopwatch.GetElapsedTime(start, publisherDone).TotalSeconds);
            if (!result.Complete && result.Error == null)
            {
                result.Error = sub.Error;
            }
        }
        catch (Exception e)
        {
            result.Complete = false;
            result.Received = sub.Received;
            result.Error = e.Message;
        }
        finally
        {
            sub.Dispose();
            result.SubCpuMs = sub.CpuMs;
            result.HarnessCpuMs += sub.HarnessCpuMs;
        }

        return result;
    }

    /// <summary>
    /// Mosquitto_pub's fixed cost before its first message: process start, CONNECT and its 100 ms
    /// poll for CONNACK, measured as launch -> one line arrives at a MqttClient subscriber. Median of 5, in ms.
    /// </summary>
    private static async Task<double> MosquittoPubStartup(MosquittoBroker broker)
    {
        using var sub = new MqttClient();
        var got = new SemaphoreSlim(0);
        sub.MessageReceived += (t, p) => got.Release();
        var r = await sub.ConnectAsync(new MqttConnectOptions { Host = MosquittoBroker.Host, Port = broker.Port, ClientId = "bench-startup-sub" });
        if (!r.IsConnected)
        {
            return double.NaN;
        }

        await sub.SubscribeAsync("bench/startup", 1);
        var times = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            var psi = new ProcessStartInfo(MosquittoBroker.RequireTool("mosquitto_pub")) { UseShellExecute = false, RedirectStandardInput = true };
            foreach (var a in new[] { "-h", MosquittoBroker.Host, "-p", broker.Port.ToString(), "-t", "bench/startup", "-q", "1", "-l", "-i", "bench-startup-pub" })
            {
                psi.ArgumentList.Add(a);
            }

            long t0 = Stopwatch.GetTimestamp();
            using var p = Process.Start(psi);
            p.StandardInput.Write("x\n");
            p.StandardInput.Flush();
            bool arrived = await got.WaitAsync(TimeSpan.FromSeconds(10));
            double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            p.StandardInput.Close();
            if (!p.WaitForExit(10_000))
            {
                p.Kill(true);
            }

            if (arrived)
            {
                times.Add(ms);
            }
        }

        await sub.DisconnectAsync();
        return Median(times);
    }

    private interface ISubscriber : IDisposable
    {
        Task StartAsync(MosquittoBroker broker, string topic, int qos, int count, string clientId);

        /// <summary>True once all messages arrived; false on time-out or failure.</summary>
        Task<bool> WaitAsync(TimeSpan timeout);

        bool HasFailed { get; }

        long Received { get; }

        /// <summary>Timestamp when the first messages were seen, and how many they were.</summary>
        long FirstAt { get; }

        long FirstCount { get; }

        long CompletedAt { get; }

        /// <summary>CPU time of a subscriber process (after Dispose), NaN for one in this process.</summary>
        double CpuMs { get; }

        /// <summary>CPU time this process spent reading the subscriber's output (after Dispose).</summary>
        double HarnessCpuMs { get; }

        string Error { get; }
    }

    /// <summary><c>mosquitto_sub -C N</c>, its stdout drained and its lines counted here.</summary>
    private sealed class MosquittoSubscriberProcess : ISubscriber
    {
        private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private ShellWithTimes _sub;
        private long _received;
        private long _firstAt, _firstCount, _completedAt;
        private ShellWithTimes.Exit _exit;
        private Thread _drain;
        private double _drainCpu;

        public double HarnessCpuMs => _drainCpu;

        public bool HasFailed => _sub.Process.HasExited && !_done.Task.IsCompleted;

        public long Received => Interlocked.Read(ref _received);

        public long FirstAt => _firstAt;

        public long FirstCount => _firstCount;

        public long CompletedAt => _completedAt;

        public double CpuMs => _exit?.ChildCpuMs ?? double.NaN;

        public string Error => _sub.Process.HasExited ? $"mosquitto_sub exited with {_sub.Process.ExitCode}" : "timed out";

        public Task StartAsync(MosquittoBroker broker, string topic, int qos, int count, string clientId)
        {
            _sub = ShellWithTimes.Start(MosquittoBroker.RequireTool("mosquitto_sub"), redirectStdin: false,
                "-h", MosquittoBroker.Host, "-p", broker.Port.ToString(), "-t", topic, "-q", qos.ToString(), "-C", count.ToString(), "-i", clientId);
            // A blocking reader on its own thread: cheaper than async reads on a 2-core machine.
            var stdout = _sub.Process.StandardOutput.BaseStream;
            _drain = new Thread(() => Drain(stdout, count)) { IsBackground = true, Name = "mosquitto_sub stdout" };
            _drain.Start();
            return Task.CompletedTask;
        }

        private void Drain(Stream stdout, int count)
        {
            var buffer = new byte[1 << 16];
            long lines = 0;
            try
            {
                while (true)
                {
                    int n = stdout.Read(buffer);
                    if (n == 0)
                    {
                        break;
                    }

                    lines += buffer.AsSpan(0, n).Count((byte)'\n');
                    Interlocked.Exchange(ref _received, lines);
                    if (_firstAt == 0)
                    {
                        _firstAt = Stopwatch.GetTimestamp();
                        _firstCount = lines;
                    }

                    if (lines >= count && _completedAt == 0)
                    {
                        _completedAt = Stopwatch.GetTimestamp();
                        _done.TrySetResult(true);
                    }
                }
            }
            catch (IOException)
            {
            }

            _drainCpu = ProcessCpu.CurrentThreadMilliseconds();
            _done.TrySetResult(false);
        }

        public async Task<bool> WaitAsync(TimeSpan timeout)
        {
            if (await Task.WhenAny(_done.Task, Task.Delay(timeout)) != _done.Task)
            {
                return false;
            }

            return await _done.Task;
        }

        public void Dispose()
        {
            _exit = _sub.WaitForExit(TimeSpan.FromSeconds(5));
            _drain.Join(5000);
            _sub.Dispose();
        }
    }

    /// <summary>Our client as the subscriber: counts in <see cref="MqttClient.MessageReceived"/>.</summary>
    private sealed class OurSubscriber : ISubscriber
    {
        private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly MqttClient _client = new();
        private long _received;
        private long _firstAt, _completedAt;

        public bool HasFailed => !_client.IsConnected;

        public long Received => Interlocked.Read(ref _received);

        public long FirstAt => _firstAt;

        public long FirstCount => 1;

        public long CompletedAt => _completedAt;

        public double CpuMs => double.NaN;

        public double HarnessCpuMs => 0;

        public string Error => _client.IsConnected ? "timed out" : "subscriber disconnected";

        public async Task StartAsync(MosquittoBroker broker, string topic, int qos, int count, string clientId)
        {
            // Handlers run one at a time on the client's reader.
            _client.MessageReceived += (t, p) =>
            {
                long n = Interlocked.Increment(ref _received);
                if (n == 1)
                {
                    _firstAt = Stopwatch.GetTimestamp();
                }

                if (n == count)
                {
                    _completedAt = Stopwatch.GetTimestamp();
                    _done.TrySetResult(true);
                }
            };
            var r = await _client.ConnectAsync(new MqttConnectOptions
            {
                Host = MosquittoBroker.Host,
                Port = broker.Port,
                ClientId = clientId,
                KeepAliveSeconds = 60,
            });
            if (!r.IsConnected)
            {
                throw new InvalidOperationException("our subscriber could not connect: " + r);
            }

            await _client.SubscribeAsync(topic, qos);
        }

        public async Task<bool> WaitAsync(TimeSpan timeout)
        {
            if (await Task.WhenAny(_done.Task, Task.Delay(timeout)) != _done.Task)
            {
                return false;
            }

            return await _done.Task;
        }

        public void Dispose()
        {
            try
            {
                _client.DisconnectAsync().Wait(5000);
            }
            catch (AggregateException)
            {
            }

            _client.Dispose();
        }
    }
}
