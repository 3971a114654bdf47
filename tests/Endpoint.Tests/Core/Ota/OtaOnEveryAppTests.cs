using System;
using System.IO;
using System.Linq;
using Endpoint.Apps.Sensor;
using Endpoint.Core.Boards;
using Endpoint.Core.Ota;
using Endpoint.Core.Storage;
using Endpoint.Host.Ota;
using Endpoint.Host.Simulation;
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
        TransferSlowlyUntilReboot(rig, wake);
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

    private const string OfferTopic = "endpoint/sensor-1/cmd/ota";

    /// <summary>
    /// The real battery board (no BLE, so no BTHome burst keeps a wake up), in battery mode, a fake broker that
    /// confirms the readings at once (echo) and hands retained messages over with each subscription; booted once
    /// (a power-on reports) and asleep.
    /// </summary>
    private static OtaRig AsleepXiao(OtaOptions options)
    {
        var board = BoardCatalog.Get("xiao-esp32c3");
        Assert.False(board.Has("ble"));
        var rig = new OtaRig(options: options, app: "sensor", board: board, id: "sensor-1", boot: false) { Echo = true };
        Directory.CreateDirectory(rig.StateDir);
        new KeyValueStore(new SimulatedFlash(rig.StateDir), "settings").SetMany(["sensor.mode"], ["battery"]);
        rig.Boot();
        rig.Run(1_000);
        Assert.True(rig.Device.System.SleepRequestedMs != null, rig.Log.All); // reported, confirmed, asleep at once
        return rig;
    }

    // Wakes until a wake connects (one that has something to report: quiet wakes leave the radio off).
    private static void WakeUntilReporting(OtaRig rig)
    {
        for (int i = 0; i < 20; i++)
        {
            rig.Wake();
            for (int j = 0; j < 100 && rig.Transport.ConnectAttempts.Count == 0 && rig.Device.System.SleepRequestedMs == null; j++)
            {
                rig.Run(10);
            }

            if (rig.Transport.ConnectAttempts.Count > 0)
            {
                return;
            }

            Assert.True(rig.Device.System.SleepRequestedMs != null, rig.Log.All);
        }

        Assert.Fail("no reporting wake in 20 wakes");
    }

    [Fact]
    public void BatterySensorWithoutBle_RetainedOfferWaitsForTheNextWake_StaysAwakeInstallsConfirmsAndSleeps()
    {
        var options = new OtaOptions { TrialTimeoutMs = 60_000, RequestTimeoutMs = 10_000, StallTimeoutMs = 60_000 };
        using var rig = AsleepXiao(options);
        var bundle = OtaKit.Bundle(_root, "1.1.0", 2, ["xiao-esp32c3"], "esp32c3", app: "sensor");

        // The publisher offers while the sensor sleeps: the broker keeps the offer (retained).
        rig.Serving = bundle;
        rig.Retained[OfferTopic] = OtaKit.OfferSigned(bundle.ManifestBytes, bundle.Signature);
        WakeUntilReporting(rig);

        // The offer arrives with the subscription, before the broker confirms the readings: the transfer holds the
        // wake, a block every 3 s, far beyond the moment the readings were confirmed.
        var wake = rig.Device;
        rig.DeliverBlocks = false;
        TransferSlowlyUntilReboot(rig, wake);
        Assert.Contains("staying awake for ota", rig.Log.All);
        Assert.Contains(rig.Statuses, s => s.GetProperty("state").GetString() == "rebooting");

        // The trial boot confirms itself; the offer still retained (the publisher has not seen "done" yet) is
        // answered up-to-date with nothing downloaded; the publisher's clearing is ignored; the sensor sleeps.
        long served = rig.BytesServed;
        rig.DeliverBlocks = true;
        DrainUntil(rig, () => rig.Results.Any(r => r.TryGetProperty("state", out var st) && st.GetString() == "up-to-date"));
        Assert.Equal("1.1.0", rig.Version);
        Assert.Contains(rig.Statuses, s => s.GetProperty("state").GetString() == "done" && s.GetProperty("bundle").GetString() == bundle.BundleIdHex);
        rig.Retained.Remove(OfferTopic);
        int results = rig.Results.Count;
        rig.Deliver("cmd/ota", Array.Empty<byte>());
        DrainUntil(rig, () => rig.Device.System.SleepRequestedMs != null);
        Assert.Equal(results, rig.Results.Count);
        Assert.Equal(served, rig.BytesServed);
        Assert.False(rig.Device.Runtime.Awake.IsHeld);
        Assert.DoesNotContain(rig.Statuses, s => s.GetProperty("state").GetString() is "refused" or "failed");
    }

    [Fact]
    public void BatterySensorWithoutBle_StaleRetainedOffer_RefusedOnceAtTheWakeWithoutStayingAwake()
    {
        using var rig = AsleepXiao(new OtaOptions { TrialTimeoutMs = 60_000, RequestTimeoutMs = 10_000, StallTimeoutMs = 60_000 });
        var stale = OtaKit.Bundle(_root, "1.1.0", 2, ["esp32-devkitc"], "esp32", app: "sensor"); // left behind, for other boards

        rig.Retained[OfferTopic] = OtaKit.OfferSigned(stale.ManifestBytes, stale.Signature);
        WakeUntilReporting(rig);
        rig.Run(5_000);

        Assert.True(rig.Device.System.SleepRequestedMs != null, rig.Log.All);
        var refused = rig.Statuses.Where(s => s.GetProperty("state").GetString() == "refused").ToList();
        Assert.Single(refused);
        Assert.Equal(stale.BundleIdHex, refused[0].GetProperty("bundle").GetString());
        Assert.Contains("this device is xiao-esp32c3", refused[0].GetProperty("error").GetString());
        Assert.Single(rig.Results, r => !r.GetProperty("ok").GetBoolean());
        Assert.Equal(0, rig.BlocksServed);
        Assert.DoesNotContain("staying awake", rig.Log.All);
    }

    private static void DrainUntil(OtaRig rig, Func<bool> done)
    {
        for (int i = 0; i < 200 && !done(); i++)
        {
            rig.Run(100);
        }

        Assert.True(done(), rig.Log.All);
    }

    /// <summary>
    /// Hands the device one block every 3 s (a transfer far longer than a wake) until it reboots into the new app,
    /// checking at every step that the wake it started on never asked to sleep.
    /// </summary>
    private static void TransferSlowlyUntilReboot(OtaRig rig, SimulatedEndpoint wake)
    {
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
    }
}
