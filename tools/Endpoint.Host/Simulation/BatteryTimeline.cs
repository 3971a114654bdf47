using System;
using System.Collections.Generic;
using System.IO;
using Endpoint.Apps.Sensor;
using Endpoint.Core.Boards;
using Endpoint.Core.Hub;
using Endpoint.Host.Runtime;

namespace Endpoint.Host.Simulation;

/// <summary>One wake of a battery sensor in a <see cref="BatteryTimeline"/>.</summary>
/// <param name="AwakeMs">Boot to deep sleep on the endpoint's clock.</param>
/// <param name="Reported">The wake connected and published.</param>
/// <param name="SleepMs">The deep sleep it asked for.</param>
public sealed record BatteryWake(long AwakeMs, bool Reported, long SleepMs);

/// <summary>
/// Runs a battery sensor through many wake cycles in the simulator on manual clocks: each wake is a
/// fresh boot (reset reason deep_sleep) over the same flash, measuring the same drifting world, with
/// a <see cref="LoopbackTransport"/> as the broker. The result is the timeline the power model prices:
/// how long each wake stayed awake and whether it used the radio.
/// </summary>
public static class BatteryTimeline
{
    /// <summary>Runs <paramref name="wakes"/> wakes of the sensor app on <paramref name="board"/> (which must default to battery mode).</summary>
    public static List<BatteryWake> Run(BoardInfo board, SimulatedEnvironment world, int wakes, int intervalSeconds = 300)
    {
        string dir = Path.Combine(Path.GetTempPath(), "endpoint-timeline-" + Guid.NewGuid().ToString("N"));
        var result = new List<BatteryWake>(wakes);
        long bootAt = 0;
        try
        {
            string reset = "power_on";
            for (int i = 0; i < wakes; i++)
            {
                var clock = new ManualClock();
                world.Clock = new OffsetClock(clock, bootAt);
                var transport = new LoopbackTransport();
                var endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
                {
                    App = "sensor",
                    Id = "timeline",
                    Board = board,
                    StateDir = dir,
                    Transport = transport,
                    Hub = new MqttConnectOptions { Host = "loopback", Port = 0 },
                    Clock = clock,
                    ResetReason = reset,
                    Environment = world,
                    WorldClock = world.Clock,
                    Seed = i + 1,
                });
                if (i == 0)
                {
                    endpoint.Runtime.Settings.Set(SensorApp.IntervalKey, intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                endpoint.Start();
                long limit = (intervalSeconds + 60) * 1000L;
                while (endpoint.System.SleepRequestedMs == null && clock.UptimeMs < limit)
                {
                    // Deadline by deadline, so the clock stops where the firmware went to sleep.
                    LoopStepper.Drain(endpoint.Loop);
                    if (endpoint.System.SleepRequestedMs != null)
                    {
                        break;
                    }

                    long next = Math.Min(endpoint.Loop.NextDueMs, limit);
                    LoopStepper.Advance(endpoint.Loop, clock, Math.Max(0, next - clock.UptimeMs));
                }

                long sleep = endpoint.System.SleepRequestedMs ?? throw new InvalidOperationException($"wake {i} did not go to sleep within {limit / 1000} s");
                result.Add(new BatteryWake(clock.UptimeMs, transport.Connects > 0, sleep));
                bootAt += clock.UptimeMs + sleep;
                reset = "deep_sleep";
            }

            return result;
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
