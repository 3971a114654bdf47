using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Endpoint.Core.Ble;
using Endpoint.Core.Hub;
using Endpoint.Host.Ble;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Integration;

/// <summary>
/// A simulated plug on the simulated BLE air, heard by a scanner as <c>endpoint scan</c> hears it: BTHome and
/// Improv share the one advertising slot while the plug waits for credentials, BTHome stays alone afterwards.
/// </summary>
public sealed class ProvisioningOnTheAirTests : IDisposable
{
    private readonly string _air = Path.Combine(Path.GetTempPath(), "endpoint-air-test-" + Guid.NewGuid().ToString("N"));
    private readonly string _state = Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        foreach (string dir in new[] { _air, _state })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }

    [Fact]
    public void Unprovisioned_ScannerHearsImprovAndBthomeInTurnThenOnlyBthomeAfterProvisioning()
    {
        using var listener = new AirListener(_air);
        using var air = new BleAir(_air, intervalMs: 20);
        var serial = new SerialPair();
        var endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
        {
            App = "plug",
            Id = "air-plug",
            Board = TestBoards.DevKitC(),
            StateDir = _state,
            Transport = new FakeMqttTransport(),
            Hub = new MqttConnectOptions { Host = "broker.test", Port = 1883 },
            Log = new TestLog(),
            Air = air,
            WifiNetworks = [new SimulatedNetwork("Lab", "secret", -50)],
            Serial = serial,
        });
        endpoint.Wifi.JoinDelayMs = 50;
        endpoint.Runtime.Advertiser.IntervalMs = 100;
        using var thread = new LoopThread(endpoint.Loop, "air-plug");
        endpoint.Start();

        var before = Listen(listener, endpoint.Ble.Address, TimeSpan.FromMilliseconds(1500));
        Assert.Contains(before, ad => ad.Improv?.StateName == "authorization_required" && ad.ImprovService);
        Assert.Contains(before, ad => ad.Bthome?.Readings.Any(r => r.Type == "power" && !r.State) == true && ad.Name == "air-plug");
        AssertWellFormed(before);

        // A press authorizes BLE provisioning and toggles the relay: both show on the air.
        endpoint.PressButton(100);
        var pressed = Listen(listener, endpoint.Ble.Address, TimeSpan.FromMilliseconds(1500));
        Assert.Contains(pressed, ad => ad.Improv?.StateName == "authorized");
        Assert.Contains(pressed, ad => ad.Bthome?.Readings.Any(r => r.Type == "power" && r.State) == true);
        AssertWellFormed(pressed);

        serial.Send(ImprovSpec.SerialCommand(0x01, ImprovSpec.WifiData("Lab", "secret")));
        WaitFor(() => endpoint.Runtime.Provisioning.BleActive == false, TimeSpan.FromSeconds(5));
        Listen(listener, endpoint.Ble.Address, TimeSpan.FromMilliseconds(300)); // what was heard before, still queued

        var after = Listen(listener, endpoint.Ble.Address, TimeSpan.FromMilliseconds(800));
        Assert.NotEmpty(after);
        Assert.All(after, ad => Assert.Null(ad.Improv));
        Assert.All(after, ad => Assert.False(ad.ImprovService));
        Assert.All(after, ad => Assert.Contains(ad.Bthome.Readings, r => r.Type == "power"));
        AssertWellFormed(after);
        endpoint.Ble.Detach();
    }

    private static void AssertWellFormed(List<ScannedAdvertisement> heard)
    {
        Assert.All(heard, ad =>
        {
            Assert.InRange(ad.Datagram.Data.Length, 1, 31);
            Assert.Null(ad.Error);
            Assert.Null(ad.Bthome?.Error);
            Assert.False(ad.NameShortened);
        });
    }

    private static List<ScannedAdvertisement> Listen(AirListener listener, string address, TimeSpan span)
    {
        var heard = new List<ScannedAdvertisement>();
        var decoder = new BthomeDecoder();
        var deadline = DateTime.UtcNow + span;
        while (DateTime.UtcNow < deadline)
        {
            var d = listener.Receive(TimeSpan.FromMilliseconds(50));
            if (d != null && d.Address == address)
            {
                heard.Add(ScannedAdvertisement.Decode(d, decoder));
            }
        }

        return heard;
    }

    private static void WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            Thread.Sleep(20);
        }
    }
}
