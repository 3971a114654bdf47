using System;
using System.Diagnostics;
using System.Threading;
using Endpoint.Tests.Integration;

namespace Endpoint.Benchmarks;

/// <summary>
/// A Mosquitto broker for benchmarks: the test fixture (<see cref="MosquittoBroker"/>, anonymous,
/// free loopback port) with two changes to its configuration, both printed with the results:
/// <list type="bullet">
/// <item>the fixture's <c>log_type all</c> is replaced by errors, warnings and subscriptions: a log
/// line per PUBLISH would make the broker's file I/O the thing measured. The subscription lines
/// tell the benchmark when a subscriber is ready.</item>
/// <item><c>max_queued_messages 0</c> (no limit): with the default of 1000 Mosquitto drops messages
/// for a subscriber that falls behind a burst, and a count-based run would never end.</item>
/// </list>
/// </summary>
internal static class BenchBroker
{
    public const string ExtraConfig =
        "log_type none\nlog_type error\nlog_type warning\nlog_type subscribe\nmax_queued_messages 0\n";

    /// <summary>
    /// Disables Nagle's algorithm on the broker's client sockets. Mosquitto's default (false) holds a
    /// PUBLISH to a client behind the PUBACK it just sent that client until the client's delayed
    /// ACK (about 40 ms on Linux), which is all a one-at-a-time round trip would then measure.
    /// </summary>
    public const string NoDelayConfig = "set_tcp_nodelay true\n";

    public static string Description(bool noDelay) =>
        "mosquitto: anonymous, loopback, persistence off, log_type error+warning+subscribe, max_queued_messages 0, "
        + (noDelay ? "set_tcp_nodelay true, " : "") + "other settings default";

    public static MosquittoBroker Start(bool noDelay = false)
    {
        if (!MosquittoBroker.IsAvailable)
        {
            throw new InvalidOperationException("mosquitto not found: " + MosquittoBroker.InstallHint);
        }

        return MosquittoBroker.Start(new MosquittoOptions { ExtraConfig = ExtraConfig + (noDelay ? NoDelayConfig : "") });
    }

    /// <summary>Waits until the broker logged that <paramref name="clientId"/> subscribed.</summary>
    public static void WaitSubscribed(MosquittoBroker broker, string clientId, Func<bool> failed = null, int timeoutMs = 10_000)
    {
        var sw = Stopwatch.StartNew();
        string needle = ": " + clientId + " ";
        while (!broker.ReadLog().Contains(needle, StringComparison.Ordinal))
        {
            if (failed != null && failed())
            {
                throw new InvalidOperationException($"subscriber {clientId} ended before subscribing");
            }

            if (sw.ElapsedMilliseconds > timeoutMs)
            {
                throw new TimeoutException($"subscriber {clientId} did not subscribe within {timeoutMs} ms\n{broker.LogTail()}");
            }

            Thread.Sleep(5);
        }
    }
}
