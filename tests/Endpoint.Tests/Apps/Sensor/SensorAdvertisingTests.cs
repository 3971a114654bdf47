using System.Collections.Generic;
using System.Linq;
using Endpoint.Apps.Sensor;
using Endpoint.Core.Ble;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Apps.Sensor;

/// <summary>The sensor's readings as BTHome v2 through the runtime's advertiser, on manual clocks.</summary>
public sealed class SensorAdvertisingTests
{
    private static Dictionary<int, double> Values(BthomePacket p) =>
        Enumerable.Range(0, p.Count).ToDictionary(i => (int)p.IdAt(i), i => p.ValueAt(i));

    private static BthomePacket OnTheAir(SensorRig rig)
    {
        byte[] ad = rig.Endpoint.Ble.Advertisement;
        Assert.NotNull(ad);
        return RecordingBleRadio.Bthome(ad);
    }

    [Fact]
    public void Mains_Reading_AdvertisesTheReportedTemperatureAndHumidity()
    {
        using var rig = new SensorRig(SensorBoards.DevKitCWithSht4x());
        rig.World.MeanCelsius = 23.4;
        rig.Start().Run(100);

        var p = OnTheAir(rig);
        var values = Values(p);
        Assert.Equal(rig.App.Temperature.Value, values[BthomeObjects.Temperature], 2);
        Assert.Equal(23.4, values[BthomeObjects.Temperature], 1);
        Assert.Equal(rig.App.Humidity.Value, values[BthomeObjects.Humidity], 2);
        Assert.False(p.IsTriggerBased); // a mains sensor advertises all the time
        Assert.Contains("BTHome v2 as 'sensor-1'", rig.Log.All);
    }

    [Fact]
    public void Mains_ChangeBeyondTheThreshold_NewPacketWithTheNewValue()
    {
        using var rig = new SensorRig(SensorBoards.DevKitCWithSht4x());
        rig.World.MeanCelsius = 20;
        rig.Start().Run(100);
        byte first = OnTheAir(rig).PacketId;

        rig.World.MeanCelsius = 21.5;
        rig.Run(60_000);

        var p = OnTheAir(rig);
        Assert.NotEqual(first, p.PacketId);
        Assert.Equal(21.5, Values(p)[BthomeObjects.Temperature], 1);
    }

    [Fact]
    public void Battery_FirstBoot_EveryReadingAdvertisedTriggerBased()
    {
        using var rig = new SensorRig(SensorBoards.BatterySht4xWithContact());
        rig.World.MeanCelsius = 19.8;
        rig.Endpoint.Hardware.Pin(27).SetInput(false); // the door is open
        rig.Start().Run(200);

        // Name and five readings need two packets, sent in turn (one per advertiser interval).
        var p = OnTheAir(rig);
        var values = Values(p);
        rig.Run(rig.Endpoint.Runtime.Advertiser.IntervalMs);
        foreach (var (id, value) in Values(OnTheAir(rig)))
        {
            values[id] = value;
        }

        Assert.True(p.IsTriggerBased, "a sleeping device sets the trigger-based flag (bthome.io/format)");
        Assert.Equal(19.8, values[BthomeObjects.Temperature], 1);
        Assert.Equal(rig.App.Humidity.Value, values[BthomeObjects.Humidity], 2);
        Assert.Equal(90, values[BthomeObjects.Battery]);
        Assert.Equal(2.9, values[BthomeObjects.Voltage], 2);
        Assert.Equal(1, values[BthomeObjects.Opening]);
    }

    [Fact]
    public void Battery_ReportingWake_SleepsOnlyAfterTheAdvertisementHadItsBurst()
    {
        using var rig = new SensorRig(SensorBoards.BatterySht4xWithContact());
        rig.Start().Run(200);

        // The broker confirmed at once (fake transport): only the advertisement keeps it awake now.
        Assert.Equal(1, rig.App.Reports);
        Assert.Null(rig.SleptMs);
        Assert.True(rig.Endpoint.Runtime.Awake.IsHeldBy(Advertiser.AwakeHolder));

        var advertiser = rig.Endpoint.Runtime.Advertiser;
        int sentBefore = rig.Endpoint.Ble.AdvertiseCount;
        long slept = rig.RunUntilSleep();
        long awake = rig.Clock.UptimeMs;

        // Each packet of the readings (two here) had its turn, the last one its full burst.
        Assert.Equal(2, advertiser.PacketCount);
        Assert.True(rig.Endpoint.Ble.AdvertiseCount > sentBefore, "the second packet went out before the sleep");
        Assert.InRange(awake, advertiser.BurstMs + advertiser.IntervalMs - 200, advertiser.BurstMs + advertiser.IntervalMs + 100);
        Assert.Equal(300_000 - awake, slept);
        Assert.False(rig.Endpoint.Runtime.Awake.IsHeld);
    }

    [Fact]
    public void Battery_QuietWake_NoAdvertisementAndNoWait()
    {
        using var rig = new SensorRig(SensorBoards.BatterySht4xWithContact());
        rig.Start().RunUntilSleep();

        rig.World.MeanCelsius += 0.1; // under the threshold: nothing to report, nothing to advertise
        rig.Wake();
        rig.RunUntilSleep();

        Assert.Equal(0, rig.Endpoint.Ble.AdvertiseCount);
        Assert.True(rig.Clock.UptimeMs < 50, $"a quiet wake took {rig.Clock.UptimeMs} ms");
    }

    [Fact]
    public void Battery_ChangedWake_AdvertisesTheNewReading()
    {
        using var rig = new SensorRig(SensorBoards.BatterySht4xWithContact());
        rig.World.MeanCelsius = 20;
        rig.Start().RunUntilSleep();

        rig.World.MeanCelsius = 22;
        rig.Wake();
        rig.RunUntilSleep();

        Assert.Equal(22, Values(OnTheAir(rig))[BthomeObjects.Temperature], 1);
        Assert.True(rig.Clock.UptimeMs >= Advertiser.DefaultBurstMs);
    }
}
