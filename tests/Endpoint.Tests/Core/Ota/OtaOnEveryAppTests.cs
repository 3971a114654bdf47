using System;
using System.IO;
using System.Linq;
using Endpoint.Apps.Sensor;
using Endpoint.Core.Ota;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Ota;

/// <summary>Updates of the light and the battery sensor (the plug's are OtaComponentTests), on a manual clock.</summary>
public sealed class OtaOnEveryAppTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "endpoint-ota-apps-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }
    }

    [Fact]
    public void Light_Offer_InstalledConfirmedAndEveryStatusRetained()
    {
        var board = RealBoards.AtomLite();
        using var rig = new OtaRig(app: "light", board: board, id: "light-1");
        var bundle = OtaKit.Bundle(_root, "1.1.0", 2, [board.Id], board.Soc, app: "light");

        rig.Offer(bundle);

        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        Assert.Equal("1.1.0", rig.Version);
        Assert.Equal(2, rig.Boots);
        var statuses = rig.Transport.Published.Where(m => m.Topic == "endpoint/light-1/ota/status").ToList();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, m => Assert.True(m.Retain, "ota/status is retained: the last status is where the device stands"));
    }

    [Fact]
    public void BatterySensor_TransferOutlastsTheWake_NoSleepUntilInstalledThenConfirmsAndSleeps()
    {
        var board = SensorBoards.BatterySht4xWithContact();
        var options = new OtaOptions { TrialTimeoutMs = 60_000, RequestTimeoutMs = 10_000, StallTimeoutMs = 60_000 };
        using var rig = new OtaRig(options: options, app: "sensor", board: board, id: "sensor-1");
        var bundle = OtaKit.Bundle(_root, "1.1.0", 2, [board.Id], board.Soc, app: "sensor");

        // The first boot reports: connected, waiting for the broker to confirm (this fake broker never does,
        // so the wake ends after SensorApp.FlushTimeoutMs — and would sleep then).
        rig.Run(200);
        Assert.True(rig.Transport.IsConnected);
        var wake = rig.Device;
        Assert.Null(wake.System.SleepRequestedMs);

        // A block every 3 s: the transfer takes far longer than the wake would.
        rig.DeliverBlocks = false;
        rig.Offer(bundle);
        for (int i = 0; i < 100 && rig.Device == wake; i++)
        {
            Assert.True(wake.System.SleepRequestedMs == null, rig.Log.All);
            rig.Run(3_000);
            if (rig.Device == wake && rig.BlocksInFlight > 0)
            {
                rig.DeliverOneBlock();
            }
        }

        Assert.NotSame(wake, rig.Device); // rebooted into the new app, never slept
        Assert.Null(wake.System.SleepRequestedMs);
        Assert.Contains(rig.Statuses, s => s.GetProperty("state").GetString() == "rebooting");
        Assert.True(rig.Clock.UptimeMs > SensorApp.FlushTimeoutMs + 10_000, $"the transfer took only {rig.Clock.UptimeMs} ms");
        Assert.Contains("staying awake for ota", rig.Log.All);

        // The trial boot reports afresh, is confirmed once online, and sleeps when nothing holds it awake.
        DrainUntil(rig, () => rig.Statuses.Any(s => s.GetProperty("state").GetString() == "done"));
        Assert.Equal("1.1.0", rig.Version);
        DrainUntil(rig, () => rig.Device.System.SleepRequestedMs != null);
        Assert.False(rig.Device.Runtime.Awake.IsHeld);
    }

    [Fact]
    public void BatterySensor_TransferStalls_SleepsAfterTheStallAndSaysSoFirst()
    {
        var board = SensorBoards.BatterySht4xWithContact();
        var options = new OtaOptions { TrialTimeoutMs = 60_000, RequestTimeoutMs = 5_000, StallTimeoutMs = 30_000 };
        using var rig = new OtaRig(options: options, app: "sensor", board: board, id: "sensor-1");
        rig.Run(200);
        rig.DeliverBlocks = false; // the hub accepts the offer but never sends a block
        rig.Offer(OtaKit.Bundle(_root, "1.1.0", 2, [board.Id], board.Soc, app: "sensor"));

        for (int i = 0; i < 120 && rig.Device.System.SleepRequestedMs == null; i++)
        {
            rig.Run(1_000);
        }

        Assert.NotNull(rig.Device.System.SleepRequestedMs);
        Assert.InRange(rig.Clock.UptimeMs, options.StallTimeoutMs, options.StallTimeoutMs + options.RequestTimeoutMs + 2_000);
        Assert.Equal("failed", rig.LastStatus.GetProperty("state").GetString());
        Assert.Contains("no block from the hub", rig.LastStatus.GetProperty("error").GetString());
    }

    private static void DrainUntil(OtaRig rig, Func<bool> done)
    {
        for (int i = 0; i < 200 && !done(); i++)
        {
            rig.Run(100);
        }

        Assert.True(done(), rig.Log.All);
    }
}
