using System;
using System.Collections.Generic;
using System.Text;
using Endpoint.Core.Boards;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;
using Xunit.Abstractions;

namespace Endpoint.Tests.Measurements;

/// <summary>
/// Bytes the portable core allocates per light command and per metering sample, measured on the host
/// (GC.GetAllocatedBytesForCurrentThread, exact for the calling thread) with a transport that allocates
/// nothing and logging at warning level, as on a quiet device. The figures are printed; what is asserted
/// is only that the steady state does not grow (a leak or a per-call cache would).
/// </summary>
public sealed class LightMeteringAllocations(ITestOutputHelper output)
{
    private sealed class QuietTransport : IMqttTransport
    {
        public bool IsConnected { get; private set; }
        public event MqttMessageHandler MessageReceived;
        public event MqttConnectedHandler Connected;
        public event MqttClosedHandler Closed { add { } remove { } }
        public void Connect(MqttConnectOptions options)
        {
            IsConnected = true;
            Connected?.Invoke();
        }

        public void Disconnect() => IsConnected = false;
        public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain) => true;
        public void Subscribe(string topicFilter, int qos)
        {
        }

        public void Deliver(string topic, byte[] payload) => MessageReceived?.Invoke(topic, payload);
    }

    private sealed class QuietLog : ILog
    {
        public bool IsEnabled(LogLevel level) => level >= LogLevel.Warning;
        public void Write(LogLevel level, string tag, string message)
        {
        }
    }

    private static (SimulatedEndpoint Endpoint, ManualClock Clock, QuietTransport Transport) Start(string app, BoardInfo board, Dictionary<string, string> parameters)
    {
        var clock = new ManualClock();
        var transport = new QuietTransport();
        var endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
        {
            App = app,
            Id = "bench-1",
            Board = board,
            StateDir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "endpoint-alloc-" + Guid.NewGuid().ToString("N")),
            Transport = transport,
            Hub = new MqttConnectOptions { Host = "bench", Port = 1883 },
            HubOptions = new HubOptions { TelemetryIntervalMs = 0 },
            Clock = clock,
            Log = new QuietLog(),
            Parameters = parameters,
        });
        endpoint.Start();
        LoopStepper.Advance(endpoint.Loop, clock, 100);
        return (endpoint, clock, transport);
    }

    [Fact]
    public void LightCommand_BytesPerCommand()
    {
        var (endpoint, clock, transport) = Start("light", RealBoards.AtomLite(), new Dictionary<string, string>());
        try
        {
            // Alternate two commands so every one changes the state (publish + fade), with no transition so
            // the fade ends at once; the payloads are made before measuring (they come from the network).
            byte[][] commands =
            [
                Encoding.UTF8.GetBytes("{\"state\":\"ON\",\"brightness\":128,\"color\":{\"r\":255,\"g\":0,\"b\":0},\"transition\":0}"),
                Encoding.UTF8.GetBytes("{\"state\":\"ON\",\"brightness\":64,\"color_temp\":2700,\"transition\":0}"),
            ];
            byte[] bad = Encoding.UTF8.GetBytes("{\"state\":\"ON\",\"brightness\":300}");
            const string topic = "endpoint/bench-1/light/set";

            long Measure(int n, Func<int, byte[]> payload)
            {
                for (int i = 0; i < 200; i++)
                {
                    transport.Deliver(topic, payload(i));
                    LoopStepper.Advance(endpoint.Loop, clock, 0);
                }

                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < n; i++)
                {
                    transport.Deliver(topic, payload(i));
                    LoopStepper.Advance(endpoint.Loop, clock, 0);
                }

                return (GC.GetAllocatedBytesForCurrentThread() - before) / n;
            }

            long applied = Measure(2000, i => commands[i % 2]);
            long refused = Measure(2000, _ => bad);
            long appliedAgain = Measure(2000, i => commands[i % 2]);
            output.WriteLine($"light command, applied (JSON parse, state publish, fade to target, persist timer): {applied} B");
            output.WriteLine($"light command, refused (JSON parse, error reply):                               {refused} B");
            Console.WriteLine($"[alloc] light command applied {applied} B, refused {refused} B");
            Assert.InRange(appliedAgain, 0, applied + 64);
        }
        finally
        {
            endpoint.Runtime.Stop();
        }
    }

    [Fact]
    public void MeteringSample_BytesPerSample()
    {
        var (endpoint, clock, transport) = Start("plug", RealBoards.PlusPlugS(), new Dictionary<string, string> { ["load"] = "1000" });
        try
        {
            transport.Deliver("endpoint/bench-1/relay/set", Encoding.UTF8.GetBytes("ON"));
            LoopStepper.Advance(endpoint.Loop, clock, 20_000);

            long Measure(int samples)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                LoopStepper.Advance(endpoint.Loop, clock, samples * 2000L);
                return (GC.GetAllocatedBytesForCurrentThread() - before) / samples;
            }

            // Includes the sensor publishes (power, voltage or current, energy when they change) and, once a
            // minute, the energy save; the simulated chip's own bookkeeping is host-side and allocates nothing.
            long perSample = Measure(1800);
            long again = Measure(1800);
            output.WriteLine($"metering sample (2 s window: read counters, readings, sensor publishes, limit check): {perSample} B");
            Console.WriteLine($"[alloc] metering sample {perSample} B");
            Assert.InRange(again, 0, perSample + 64);
        }
        finally
        {
            endpoint.Runtime.Stop();
        }
    }
}
