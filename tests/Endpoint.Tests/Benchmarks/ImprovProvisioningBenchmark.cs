using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Endpoint.Core.Hub;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;
using Xunit.Abstractions;

namespace Endpoint.Tests.Benchmarks;

/// <summary>
/// Time from the send-Wi-Fi-settings RPC leaving the client to the provisioned state and the RPC result with the
/// redirect URL coming back, in the simulator (in-process, real clock, the loop on its own thread, Improv serial on
/// an in-memory cable). Prints figures; asserts only that every run ended provisioned. Run with
/// <c>dotnet test --filter ImprovProvisioningBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
public class ImprovProvisioningBenchmark(ITestOutputHelper output)
{
    private const int Runs = 20;

    [Theory]
    [InlineData(1000)] // the simulator's default join delay, as `endpoint sim --wifi` uses it
    [InlineData(0)]    // no simulated radio time: what the protocol, the flash write and the loop cost
    public void SendWifiSettings_ToProvisionedWithUrl(int joinDelayMs)
    {
        var samples = new double[Runs];
        for (int run = 0; run < Runs; run++)
        {
            samples[run] = Measure(joinDelayMs);
        }

        Array.Sort(samples);
        double median = (samples[Runs / 2 - 1] + samples[Runs / 2]) / 2;
        output.WriteLine($"Improv serial, send Wi-Fi settings → provisioned with URL, simulated join delay {joinDelayMs} ms, {Runs} runs: " +
            $"median {median:0.0} ms, min {samples[0]:0.0} ms, max {samples[^1]:0.0} ms, overhead over the join delay (median) {median - joinDelayMs:0.0} ms");
    }

    private static double Measure(int joinDelayMs)
    {
        string dir = Path.Combine(Path.GetTempPath(), "endpoint-bench-" + Guid.NewGuid().ToString("N"));
        var serial = new SerialPair();
        try
        {
            var endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
            {
                App = "plug",
                Id = "bench-plug",
                Board = TestBoards.DevKitC(),
                StateDir = dir,
                Transport = new FakeMqttTransport(),
                Hub = new MqttConnectOptions { Host = "broker.test", Port = 1883 },
                WifiNetworks = [new SimulatedNetwork("Lab", "secret", -50)],
                Serial = serial,
            });
            endpoint.Wifi.JoinDelayMs = joinDelayMs;
            using var thread = new LoopThread(endpoint.Loop, "bench");
            using var answered = new ManualResetEventSlim();
            serial.Wrote += () =>
            {
                if (serial.Frames.Any(f => f.Type == ImprovSpec.RpcResult && f.Data[0] == 0x01))
                {
                    answered.Set();
                }
            };
            endpoint.Start();
            SpinWait.SpinUntil(() => serial.Frames.Any(f => f.Type == ImprovSpec.CurrentState), 10_000);

            var watch = Stopwatch.StartNew();
            serial.Send(ImprovSpec.SerialCommand(0x01, ImprovSpec.WifiData("Lab", "secret")));
            Assert.True(answered.Wait(30_000), "not provisioned within 30 s");
            double ms = watch.Elapsed.TotalMilliseconds;
            Assert.Equal(0x04, serial.Frames.Last(f => f.Type == ImprovSpec.CurrentState).Value);
            thread.Invoke(endpoint.Runtime.Stop);
            return ms;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
