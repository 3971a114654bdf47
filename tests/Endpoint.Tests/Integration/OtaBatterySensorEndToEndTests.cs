using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Endpoint.Core.Storage;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Integration;

/// <summary>
/// An update of a sleeping battery sensor on the real battery board (no BLE, so nothing but the update keeps a wake
/// up), as a user does it: real Mosquitto with passwords and the device ACL, <c>endpoint sim sensor</c> and
/// <c>endpoint ota publish</c> as two processes.
/// </summary>
public sealed class OtaBatterySensorEndToEndTests : OtaEndToEndTestBase
{
    public OtaBatterySensorEndToEndTests()
        : base("endpoint-ota-battery-", "sensor-secret", ["sensor-b"])
    {
    }

    [Fact]
    public async Task Publish_SensorAsleepWhenOffered_UpdatedAtItsNextWakeAndNoOfferLeftOnTheBroker()
    {
        // Battery mode, a 10 s interval and a report at every wake (as its settings would leave it), and the OTA key.
        Directory.CreateDirectory(Rig.StateDir);
        new KeyValueStore(new SimulatedFlash(Rig.StateDir), "settings")
            .SetMany(["sensor.mode", "sensor.interval", "sensor.max_silence"], ["battery", "10", "1"]);
        string pub = Path.Combine(Dir, "ota.pub");
        File.WriteAllText(pub, Convert.ToHexStringLower(OtaKit.PublicKey) + "\n");
        string epk = Path.Combine(Dir, "sensor-1.1.0.epk");
        File.WriteAllBytes(epk, OtaKit.Bundle(Dir, "1.1.0", 2, ["xiao-esp32c3"], "esp32c3", app: "sensor").Data);

        using var sim = Rig.StartSim("sensor", "sensor-b", "--board", "xiao-esp32c3", "--ota-key", pub, "--param", "noise=0");
        sim.WaitForLine(l => l.Contains("ms (reported); deep sleep"), timeoutMs: 30_000);

        // Offered while it sleeps: it takes the offer at its next wake, stays up for the transfer, reboots, confirms.
        using (var publish = new SimProcess("ota", "publish", "--hub", Rig.HubUri, "--device", "sensor-b", "--timeout", "50", epk))
        {
            int code = publish.WaitForExit(60_000);
            Assert.True(code == 0, $"exit {code}:\n{publish.Output}\n--- sim:\n{sim.Output}");
            Assert.Contains("sensor-b: runs 1.1.0 (build 2)", publish.Output);
        }

        sim.WaitForLine(l => l.Contains("confirmed healthy: build 2"));
        Assert.DoesNotContain("command ota refused", sim.Output);

        // The broker holds the device's retained status, and no offer any more (the subscriptions are answered in
        // order, so the offer would have come before the status).
        using var probe = await Rig.ConnectHubAsync("endpoint/sensor-b/cmd/ota", "endpoint/sensor-b/ota/status");
        var status = probe.WaitFor("endpoint/sensor-b/ota/status");
        Assert.Contains("\"state\":\"done\"", status.Payload);
        await Task.Delay(300);
        Assert.DoesNotContain(probe.Messages, m => m.Topic == "endpoint/sensor-b/cmd/ota");

    }
}
