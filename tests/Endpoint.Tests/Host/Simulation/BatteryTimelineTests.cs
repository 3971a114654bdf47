using System.Linq;
using Endpoint.Core.Ble;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Simulation;

public class BatteryTimelineTests
{
    [Fact]
    public void Run_SteadyWorld_ReportsFirstWakeThenOnlyHeartbeats()
    {
        var world = new SimulatedEnvironment(null) { SwingCelsius = 0, Noise = 0, DrainVoltsPerDay = 0 };
        var wakes = BatteryTimeline.Run(SensorBoards.BatterySht4xWithContact(), world, 30);

        Assert.Equal(30, wakes.Count);
        Assert.Equal(new[] { 0, 12, 24 }, wakes.Select((w, i) => (w, i)).Where(x => x.w.Reported).Select(x => x.i));
        Assert.All(wakes, w => Assert.Equal(300_000, w.AwakeMs + w.SleepMs));
        // A quiet wake uses no radio and sleeps at once; a reporting wake of this BLE board also keeps its
        // BTHome packets (two: the readings do not fit one) on the air for the burst before it sleeps.
        Assert.All(wakes.Where(w => !w.Reported), w => Assert.InRange(w.AwakeMs, 1, 50));
        Assert.All(wakes.Where(w => w.Reported), w => Assert.InRange(w.AwakeMs, Advertiser.DefaultBurstMs, 50 + 2 * Advertiser.DefaultBurstMs));
    }

    [Fact]
    public void Run_DriftingWorld_ReportsWhenTheThresholdIsCrossed()
    {
        // a fast "day" of one hour: ±1.5 °C moves far more than 0.2 °C between 5-minute wakes
        var world = new SimulatedEnvironment(null, seed: 5) { PeriodMinutes = 60, Noise = 0 };
        var wakes = BatteryTimeline.Run(SensorBoards.BatterySht4xWithContact(), world, 24);
        Assert.True(wakes.Count(w => w.Reported) > 12, $"{wakes.Count(w => w.Reported)} of 24 reported");
    }
}
