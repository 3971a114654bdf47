using System;
using System.IO;
using System.Linq;
using System.Text;
using Endpoint.Core.Hub;
using Endpoint.Core.Net;
using Endpoint.Core.Provisioning.Portal;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Provisioning.Portal;

/// <summary>The portal on a simulated plug in range of "Lab" (secured) and "Cafe" (open): when it opens, joins through it, when it closes.</summary>
public class CaptivePortalTests
{
    private static readonly SimulatedNetwork[] Networks = [new("Lab", "correct-horse", -48), new("Cafe", "", -71)];

    private static ProvisioningRig Rig(Action<ProvisioningRig> before = null)
    {
        var rig = new ProvisioningRig(serial: true, networks: Networks);
        before?.Invoke(rig);
        return rig.Start();
    }

    private static CaptivePortal Portal(ProvisioningRig rig) => rig.Endpoint.Runtime.Portal;

    private static HttpResponse Request(ProvisioningRig rig, string method, string path, string body = null)
    {
        var request = new HttpRequest(method, path);
        request.SetHeader("Host", Portal(rig).Handler.Host);
        if (body != null)
        {
            request.SetHeader("Content-Type", "application/x-www-form-urlencoded");
            request.SetBody(Encoding.UTF8.GetBytes(body));
        }

        var response = Portal(rig).Handler.Handle(request);
        rig.Run();
        return response;
    }

    [Fact]
    public void NoCredentials_AccessPointOpenAtBootNamedAfterTheDeviceWithTheScannedNetworks()
    {
        using var rig = Rig();
        var ap = rig.Endpoint.SoftAp;
        Assert.True(ap.IsActive);
        Assert.Equal(CaptivePortal.AccessPointName("plug-1"), ap.Ssid);
        Assert.Matches("^Endpoint-[0-9A-F]{4}$", ap.Ssid);
        Assert.True(Portal(rig).IsOpen);
        Assert.Contains("captive portal open (no Wi-Fi credentials): join access point " + ap.Ssid, rig.Log.All);

        rig.Run(rig.Endpoint.Wifi.ScanDelayMs);
        string page = Request(rig, "GET", "/").Text;
        Assert.Contains("value=\"Lab\" data-open=\"0\"", page);
        Assert.Contains("value=\"Cafe\" data-open=\"1\"", page);
    }

    [Fact]
    public void AccessPointName_StablePerDeviceAndDifferentBetweenDevices()
    {
        Assert.Equal(CaptivePortal.AccessPointName("kitchen-plug"), CaptivePortal.AccessPointName("kitchen-plug"));
        Assert.NotEqual(CaptivePortal.AccessPointName("kitchen-plug"), CaptivePortal.AccessPointName("desk-plug"));
    }

    [Fact]
    public void Join_WrongThenRightPassword_NothingStoredThenStoredHubStartsAndTheAccessPointClosesAfterTheDelay()
    {
        using var rig = Rig();
        Assert.Equal(303, Request(rig, "POST", "/connect", "ssid=Lab&password=wrong-horse").Status);
        Assert.Contains("Connecting to Lab", Request(rig, "GET", "/").Text);
        rig.Run(ProvisioningRig.JoinDelayMs + 10);
        Assert.Contains("Unable to connect to &#39;Lab&#39;: wrong password", Request(rig, "GET", "/").Text);
        Assert.Null(rig.StoredSettings().Get("wifi.ssid"));
        Assert.Empty(rig.Transport.ConnectAttempts);

        Request(rig, "POST", "/connect", "ssid=Lab&password=correct-horse");
        rig.Run(ProvisioningRig.JoinDelayMs + 10);
        string done = Request(rig, "GET", "/").Text;
        Assert.Contains("joined <b>Lab</b>", done);
        Assert.Contains("mqtt://broker.test:1883", done);
        Assert.Equal("Lab", rig.StoredSettings().Get("wifi.ssid"));
        Assert.Equal("correct-horse", rig.StoredSettings().Get("wifi.password"));
        Assert.Single(rig.Transport.ConnectAttempts);
        Assert.Contains("provisioned over the captive portal", rig.Log.All);
        Assert.DoesNotContain("horse", rig.Log.All);

        rig.Run(Portal(rig).CloseDelayMs - 100);
        Assert.True(rig.Endpoint.SoftAp.IsActive);
        rig.Run(100);
        Assert.False(rig.Endpoint.SoftAp.IsActive);
        Assert.Equal(503, Request(rig, "GET", "/").Status);
        Assert.Contains("closed (provisioned)", rig.Log.All);
    }

    [Fact]
    public void Join_OpenNetwork_EmptyPasswordStored()
    {
        using var rig = Rig();
        Request(rig, "POST", "/connect", "ssid=Cafe&password=");
        rig.Run(ProvisioningRig.JoinDelayMs + 10);
        Assert.Equal("Cafe", rig.StoredSettings().Get("wifi.ssid"));
        Assert.Equal("", rig.StoredSettings().Get("wifi.password"));
    }

    [Fact]
    public void Join_WithHub_StoredAndUsedOnlyAfterTheJoinWorked()
    {
        using var rig = Rig();
        const string hub = "&hub_host=hub.lan&hub_port=1884&hub_user=plug&hub_password=pw1";
        Request(rig, "POST", "/connect", "ssid=Lab&password=wrong-horse" + hub);
        rig.Run(ProvisioningRig.JoinDelayMs + 10);
        Assert.Null(HubSettings.Load(rig.StoredSettings()));
        Assert.Equal("mqtt://broker.test:1883", rig.Endpoint.Runtime.Hub.BrokerUrl);

        Request(rig, "POST", "/connect", "ssid=Lab&password=correct-horse" + hub);
        rig.Run(ProvisioningRig.JoinDelayMs + 10);
        var stored = HubSettings.Load(rig.StoredSettings());
        Assert.Equal(("hub.lan", 1884, "plug", "pw1", false), (stored.Host, stored.Port, stored.Username, stored.Password, stored.UseTls));
        var attempt = Assert.Single(rig.Transport.ConnectAttempts);
        Assert.Equal(("hub.lan", 1884, "plug-1"), (attempt.Host, attempt.Port, attempt.ClientId));
        Assert.Contains("mqtt://hub.lan:1884", Request(rig, "GET", "/").Text);
        Assert.DoesNotContain("pw1", rig.Log.All);
    }

    [Fact]
    public void Join_WhileImprovSerialIsJoining_BusyAndNothingStarted()
    {
        using var rig = Rig();
        rig.SerialRpc(0x01, ImprovSpec.WifiData("Lab", "correct-horse"));
        var r = Request(rig, "POST", "/connect", "ssid=Cafe&password=");
        Assert.Equal(503, r.Status);
        rig.Run(ProvisioningRig.JoinDelayMs + 10);
        Assert.Equal("Lab", rig.StoredSettings().Get("wifi.ssid"));
    }

    [Fact]
    public void ImprovProvisioned_AccessPointClosesToo()
    {
        using var rig = Rig();
        rig.ProvisionOverSerial("Lab", "correct-horse");
        Assert.True(rig.Endpoint.SoftAp.IsActive);
        rig.Run(Portal(rig).CloseDelayMs);
        Assert.False(rig.Endpoint.SoftAp.IsActive);
    }

    [Fact]
    public void StoredNetworkGone_OpensAfterThreeFailedJoinsAndHoldsTheStationsOwnAttempts()
    {
        using var rig = Rig(r => r.Endpoint.Runtime.Settings.SetMany(["wifi.ssid", "wifi.password"], ["Gone", "correct-horse"]));
        Assert.False(rig.Endpoint.SoftAp.IsActive);

        for (int i = 0; i < 60 && !rig.Endpoint.SoftAp.IsActive; i++)
        {
            rig.Run(1000);
        }

        Assert.True(rig.Endpoint.SoftAp.IsActive);
        Assert.Equal(3, rig.Endpoint.Wifi.Joins);
        Assert.Contains("captive portal open (3 failed joins)", rig.Log.All);
        rig.Run(120_000);
        Assert.Equal(3, rig.Endpoint.Wifi.Joins); // held: the station keeps off the access point's channel

        // A network that works, through the portal, ends it.
        Request(rig, "POST", "/connect", "ssid=Lab&password=correct-horse");
        rig.Run(ProvisioningRig.JoinDelayMs + Portal(rig).CloseDelayMs + 10);
        Assert.False(rig.Endpoint.SoftAp.IsActive);
        Assert.Equal("Lab", rig.Endpoint.Wifi.Ssid);
    }

    [Fact]
    public void StoredNetworkGone_UnusedPortalClosesAfterTheIdleTimeoutAndTheStationTriesAgain()
    {
        using var rig = Rig(r =>
        {
            r.Endpoint.Runtime.Settings.SetMany(["wifi.ssid", "wifi.password"], ["Gone", "correct-horse"]);
            r.Endpoint.Runtime.Settings.Set(CaptivePortal.ApAfterFailuresKey, "1");
        });
        rig.Run(ProvisioningRig.JoinDelayMs + 10);
        Assert.True(rig.Endpoint.SoftAp.IsActive);
        int joins = rig.Endpoint.Wifi.Joins;

        rig.Run(Portal(rig).IdleTimeoutMs - 1000);
        Request(rig, "GET", "/"); // someone is looking: the timeout starts again
        rig.Run(Portal(rig).IdleTimeoutMs - 1000);
        Assert.True(rig.Endpoint.SoftAp.IsActive);
        Assert.Equal(joins, rig.Endpoint.Wifi.Joins);

        rig.Run(1000);
        Assert.False(rig.Endpoint.SoftAp.IsActive);
        Assert.Equal(joins + 1, rig.Endpoint.Wifi.Joins);
        Assert.Contains("retrying the stored network", rig.Log.All);
    }

    [Fact]
    public void FailuresSettingZero_NeverOpensAfterFailedJoins()
    {
        using var rig = Rig(r =>
        {
            r.Endpoint.Runtime.Settings.SetMany(["wifi.ssid", "wifi.password"], ["Gone", "correct-horse"]);
            r.Endpoint.Runtime.Settings.Set(CaptivePortal.ApAfterFailuresKey, "0");
        });
        rig.Run(300_000);
        Assert.False(rig.Endpoint.SoftAp.IsActive);
        Assert.True(rig.Endpoint.Wifi.Joins > 5);
    }

    [Fact]
    public void LongPressWhileOnline_OpensWithoutHoldingTheStationAndAFailedAttemptKeepsTheNetwork()
    {
        using var rig = Rig();
        Request(rig, "POST", "/connect", "ssid=Lab&password=correct-horse");
        rig.Run(ProvisioningRig.JoinDelayMs + Portal(rig).CloseDelayMs + 10);
        Assert.False(rig.Endpoint.SoftAp.IsActive);

        rig.Endpoint.PressButton(5500);
        rig.Run(6000);
        Assert.True(rig.Endpoint.SoftAp.IsActive);
        Assert.Equal(2, rig.Endpoint.SoftAp.Starts);
        Assert.Equal(PortalStatus.Form, Portal(rig).Handler.Status); // a fresh form, not the last result

        rig.Endpoint.Wifi.JoinDelayMs = 50_000;
        Request(rig, "POST", "/connect", "ssid=Cafe&password=");
        rig.Run(20_010); // the join times out and the station goes back to Lab (not held: it was online)
        rig.Run(50_010);
        Assert.Equal("Lab", rig.Endpoint.Wifi.Ssid);
        Assert.Contains("no answer in time", Request(rig, "GET", "/").Text);
    }

    [Fact]
    public void ProvisionCommand_OpensThePortal()
    {
        using var rig = Rig();
        Request(rig, "POST", "/connect", "ssid=Lab&password=correct-horse");
        rig.Run(ProvisioningRig.JoinDelayMs + Portal(rig).CloseDelayMs + 10);
        rig.Transport.AcceptConnect();
        rig.Run();

        rig.Transport.Deliver("endpoint/plug-1/cmd/provision", "");
        rig.Run();
        Assert.True(rig.Endpoint.SoftAp.IsActive);
    }

    [Fact]
    public void PlatformAppliesTheAccessPointAtBoot_OpeningAndClosingRestartTheDevice()
    {
        string dir = Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var ap = new BootOnlyAccessPoint();
            var first = Boot(dir, ap);
            first.Run(1000);
            Assert.Equal(["captive portal"], first.Reboots);
            Assert.False(first.Runtime.Portal.IsOpen);

            // After the restart the access point is up: the portal serves it, and closing it restarts again.
            ap.Booted();
            var second = Boot(dir, ap);
            Assert.True(second.Runtime.Portal.IsOpen);
            Assert.Contains("captive portal open (no Wi-Fi credentials)", second.Log.All);
            Assert.Empty(second.Reboots);
            second.Runtime.Portal.Close("test");
            second.Run(1000);
            Assert.Equal(["captive portal closed"], second.Reboots);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static BootedDevice Boot(string dir, BootOnlyAccessPoint ap)
    {
        var clock = new ManualClock();
        var log = new TestLog();
        var loop = new EventLoop(clock, log);
        var system = new SimulatedSystem("power_on");
        var platform = new Platform
        {
            Clock = clock, Loop = loop, Log = log, Files = new SimulatedFlash(dir), Mqtt = new FakeMqttTransport(), Random = new Random(1),
            Wifi = new SimulatedWifi(Networks, loop), Reboot = system, SystemInfo = system, SoftAp = ap,
        };
        var device = new BootedDevice(new EndpointRuntime(new DeviceIdentity("plug-9", "plug", "esp32-devkitc", "1.0.0"), platform), loop, clock, log);
        system.RebootRequested += reason => device.Reboots.Add(reason);
        device.Runtime.Start();
        device.Run(0);
        return device;
    }

    private sealed record BootedDevice(EndpointRuntime Runtime, EventLoop Loop, ManualClock Clock, TestLog Log)
    {
        public System.Collections.Generic.List<string> Reboots { get; } = new();

        public void Run(long ms) => LoopStepper.Advance(Loop, Clock, ms);
    }

    /// <summary>An access point as nanoFramework on the ESP32 has it: configured now, up after the next boot.</summary>
    private sealed class BootOnlyAccessPoint : ISoftAccessPoint
    {
        private bool _configured;

        public bool IsActive { get; private set; }

        public string Address => "192.168.4.1";

        public int HttpPort => 80;

        public bool Start(string ssid)
        {
            _configured = true;
            return IsActive;
        }

        public bool Stop()
        {
            _configured = false;
            return !IsActive;
        }

        public void Booted() => IsActive = _configured;
    }
}
