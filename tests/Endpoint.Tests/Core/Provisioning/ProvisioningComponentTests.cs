using System;
using System.IO;
using System.Linq;
using System.Text;
using Endpoint.Core.Hub;
using Endpoint.Core.Provisioning;
using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Provisioning;

public class ProvisioningComponentTests
{
    private const byte State = ImprovSpec.CurrentState, Error = ImprovSpec.ErrorState, Result = ImprovSpec.RpcResult;

    [Fact]
    public void Start_NoCredentials_SerialAuthorizedHubOffAndTheLogSaysHowToProvision()
    {
        using var rig = new ProvisioningRig().Start();
        var frames = rig.Serial.Frames;
        Assert.Contains(frames, f => f.Type == State && f.Value == 0x02);
        Assert.Empty(rig.Transport.ConnectAttempts);
        Assert.Contains("not provisioned: waiting for Wi-Fi credentials over Improv (serial", rig.Log.All);
        Assert.Equal(ComponentState.Running, rig.Endpoint.Runtime.Provisioning.State);
    }

    [Fact]
    public void WrongPassword_UnableToConnectBackToAuthorizedNothingStoredHubOff()
    {
        using var rig = new ProvisioningRig().Start();
        rig.Serial.Clear();
        rig.ProvisionOverSerial("Lab", "hunter2-typo");

        Assert.Equal(new[] { (Error, 0x00), (State, 0x03), (Error, 0x03), (State, 0x02) }, Values(rig.Serial.Frames));
        Assert.Null(rig.StoredSettings().Get("wifi.ssid"));
        Assert.Null(rig.StoredSettings().Get("wifi.password"));
        Assert.Empty(rig.Transport.ConnectAttempts);
        Assert.DoesNotContain("hunter2-typo", rig.Log.All);
    }

    [Fact]
    public void RightPassword_ProvisionedWithTheHubAsRedirectCredentialsStoredHubStarts()
    {
        using var rig = new ProvisioningRig().Start();
        rig.Serial.Clear();
        rig.ProvisionOverSerial("Lab", "secret");

        var frames = rig.Serial.Frames;
        Assert.Equal(new[] { (Error, 0x00), (State, 0x03), (State, 0x04), (Result, 0x01) }, Values(frames));
        Assert.Equal(new[] { "mqtt://broker.test:1883" }, frames.Last().Strings);
        var stored = rig.StoredSettings();
        Assert.Equal("Lab", stored.Get("wifi.ssid"));
        Assert.Equal("secret", stored.Get("wifi.password"));
        Assert.Single(rig.Transport.ConnectAttempts);
        rig.Transport.AcceptConnect();
        rig.Run();
        Assert.Equal(HubState.Online, rig.Endpoint.Runtime.Hub.State);
        Assert.DoesNotContain("secret", rig.Log.All);
    }

    [Fact]
    public void RedirectUrlSetting_WinsOverTheBroker()
    {
        using var rig = new ProvisioningRig();
        rig.Endpoint.Runtime.Settings.Set(ProvisioningComponent.RedirectUrlKey, "https://hub.lan/devices");
        rig.Start();
        rig.ProvisionOverSerial("Lab", "secret");
        Assert.Equal(new[] { "https://hub.lan/devices" }, rig.Serial.Frames.Last().Strings);
    }

    [Fact]
    public void UnknownNetwork_UnableToConnect()
    {
        using var rig = new ProvisioningRig().Start();
        rig.ProvisionOverSerial("Neighbour", "secret");
        Assert.Equal((Error, 0x03), Values(rig.Serial.Frames)[^2]);
        Assert.Contains("network not found", rig.Log.All);
    }

    [Fact]
    public void JoinNeverCompletes_UnableToConnectAfterTheJoinTimeout()
    {
        using var rig = new ProvisioningRig().Start();
        rig.Endpoint.Wifi.JoinDelayMs = 120_000;
        rig.SerialRpc(0x01, ImprovSpec.WifiData("Lab", "secret"));
        rig.Run(19_999);
        Assert.Equal((State, 0x03), Values(rig.Serial.Frames).Last());
        rig.Run(1);
        Assert.Equal(new[] { (Error, 0x03), (State, 0x02) }, Values(rig.Serial.Frames).TakeLast(2));
        Assert.Null(rig.StoredSettings().Get("wifi.ssid"));
    }

    [Fact]
    public void Reprovision_WrongPassword_PreviousCredentialsKeptAndRejoined()
    {
        using var rig = new ProvisioningRig().Start();
        rig.ProvisionOverSerial("Lab", "secret");
        rig.Run(ProvisioningRig.JoinDelayMs);
        Assert.Equal("Lab", rig.Endpoint.Wifi.Ssid);

        rig.ProvisionOverSerial("Cafe", "not-needed-but-wrong");
        Assert.Equal((Error, 0x03), Values(rig.Serial.Frames)[^2]);
        rig.Run(ProvisioningRig.JoinDelayMs + 10);
        Assert.Equal("Lab", rig.Endpoint.Wifi.Ssid);
        Assert.Equal("Lab", rig.StoredSettings().Get("wifi.ssid"));
        Assert.Equal("secret", rig.StoredSettings().Get("wifi.password"));
    }

    [Fact]
    public void Reprovision_OpenNetwork_NewCredentialsReplaceTheOld()
    {
        using var rig = new ProvisioningRig().Start();
        rig.ProvisionOverSerial("Lab", "secret");
        rig.ProvisionOverSerial("Cafe", "");
        Assert.Equal((Result, 0x01), Values(rig.Serial.Frames).Last());
        Assert.Equal("Cafe", rig.StoredSettings().Get("wifi.ssid"));
        Assert.Equal("", rig.StoredSettings().Get("wifi.password"));
    }

    [Fact]
    public void RequestState_Provisioned_StateAndUrl()
    {
        using var rig = new ProvisioningRig().Start();
        rig.ProvisionOverSerial("Lab", "secret");
        rig.Serial.Clear();
        rig.SerialRpc(0x02);
        var frames = rig.Serial.Frames;
        Assert.Equal(new[] { (Error, 0x00), (State, 0x04), (Result, 0x02) }, Values(frames));
        Assert.Equal(new[] { "mqtt://broker.test:1883" }, frames.Last().Strings);
    }

    [Fact]
    public void Restart_WithStoredCredentials_SerialReportsProvisionedAndJoins()
    {
        string dir = NewDir();
        try
        {
            using (var first = new ProvisioningRig(stateDir: dir).Start())
            {
                first.ProvisionOverSerial("Lab", "secret");
            }

            using var second = new ProvisioningRig(stateDir: dir).Start();
            Assert.Contains(second.Serial.Frames, f => f.Type == State && f.Value == 0x04);
            second.Run(ProvisioningRig.JoinDelayMs);
            Assert.Equal("Lab", second.Endpoint.Wifi.Ssid);
            Assert.Single(second.Transport.ConnectAttempts);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Scan_Serial_NetworksStrongestFirstThenTheEndOfTheList()
    {
        using var rig = new ProvisioningRig().Start();
        rig.Serial.Clear();
        rig.SerialRpc(0x04);
        rig.Run(rig.Endpoint.Wifi.ScanDelayMs);
        var results = rig.Serial.Frames.Where(f => f.Type == Result).ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal("Lab", results[0].Strings[0]);
        Assert.Equal("YES", results[0].Strings[2]);
        Assert.InRange(int.Parse(results[0].Strings[1]), -51, -45);
        Assert.Equal(new[] { "Cafe", "NO" }, new[] { results[1].Strings[0], results[1].Strings[2] });
        Assert.Empty(results[2].Strings);
    }

    [Fact]
    public void DeviceInfo_FirmwareVersionBoardAndName()
    {
        using var rig = new ProvisioningRig().Start();
        rig.Serial.Clear();
        rig.SerialRpc(0x03);
        Assert.Equal(new[] { "Endpoint plug", "1.0.0", "esp32-devkitc/esp32", "plug-1" }, rig.Serial.Frames.Last().Strings);
    }

    [Fact]
    public void DeviceNameAndHostname_SetOverImprov_StoredAndTheNameAppliedAfterRestart()
    {
        string dir = NewDir();
        try
        {
            using (var rig = new ProvisioningRig(stateDir: dir).Start())
            {
                rig.SerialRpc(0x06, Encoding.UTF8.GetBytes("Küchen-Steckdose"));
                rig.SerialRpc(0x05, Encoding.ASCII.GetBytes("kitchen-plug"));
                Assert.Equal("Küchen-Steckdose", rig.Endpoint.Identity.Name);
                Assert.Equal(new[] { "kitchen-plug" }, rig.Serial.Frames.Last().Strings);
            }

            using var again = new ProvisioningRig(stateDir: dir).Start();
            Assert.Equal("Küchen-Steckdose", again.Endpoint.Identity.Name);
            Assert.Equal("kitchen-plug", again.Endpoint.Runtime.Provisioning.Hostname);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void DeviceName_SetWhileOnline_RepublishesTheDescriptionWithTheNewName()
    {
        using var rig = new ProvisioningRig().Start();
        rig.ProvisionOverSerial("Lab", "secret");
        rig.Transport.AcceptConnect();
        rig.Run();
        rig.Endpoint.Runtime.RequestProvisioning(); // serial back to authorized: names may be set
        rig.SerialRpc(0x06, Encoding.UTF8.GetBytes("Desk lamp"));
        Assert.Contains("\"name\":\"Desk lamp\"", rig.Transport.Last("endpoint/plug-1/description").Payload);
    }

    [Fact]
    public void SerialGarbage_NoCrashNothingPersistedAndProvisioningStillWorks()
    {
        using var rig = new ProvisioningRig().Start();
        int writes = rig.Endpoint.Flash.Writes;
        var random = new Random(99);
        for (int i = 0; i < 2000; i++)
        {
            var chunk = new byte[random.Next(1, 120)];
            random.NextBytes(chunk);
            if (i % 7 == 0)
            {
                // Packets that look right but are not: bad checksum, wrong length, unknown command, over-long SSID.
                chunk = (i % 4) switch
                {
                    0 => ImprovSpec.SerialCommand(0x01, ImprovSpec.WifiData("Lab", "secret")).Select((b, k) => k == 20 ? (byte)(b ^ 1) : b).ToArray(),
                    1 => ImprovSpec.Packet(0x03, 0x01, 0x09, 0x03, 0x4C, 0x61, 0x62),
                    2 => ImprovSpec.SerialCommand(0x99),
                    _ => ImprovSpec.SerialCommand(0x01, ImprovSpec.WifiData(new string('x', 33), "secret")),
                };
            }

            rig.Serial.Send(chunk);
            if (i % 50 == 0)
            {
                rig.Run(1500);
            }
        }

        rig.Run(2000);
        Assert.Equal(writes, rig.Endpoint.Flash.Writes);
        Assert.Null(rig.StoredSettings().Get("wifi.ssid"));
        Assert.Equal(ComponentState.Running, rig.Endpoint.Runtime.Provisioning.State);
        Assert.Contains(rig.Serial.Frames, f => f.Type == Error && f.Value == 0x01);

        rig.ProvisionOverSerial("Lab", "secret");
        Assert.Equal("Lab", rig.StoredSettings().Get("wifi.ssid"));
    }

    [Fact]
    public void PowerCutDuringTheCredentialWrite_OldOrNewCredentialsNeverAMix()
    {
        var networks = new[] { new SimulatedNetwork("Old", "old-password", -60), new SimulatedNetwork("Lab", "secret", -50) };
        string baseDir = NewDir();
        using (var first = new ProvisioningRig(stateDir: baseDir, networks: networks).Start())
        {
            first.ProvisionOverSerial("Old", "old-password");
        }

        bool sawOld = false, sawNew = false;
        for (int k = 1; k <= 8; k++)
        {
            string dir = NewDir();
            try
            {
                foreach (string file in Directory.GetFiles(baseDir))
                {
                    File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
                }

                using (var rig = new ProvisioningRig(stateDir: dir, networks: networks).Start())
                {
                    rig.Run(ProvisioningRig.JoinDelayMs);
                    rig.Endpoint.Flash.CutPowerAtWrite(k);
                    rig.ProvisionOverSerial("Lab", "secret");
                    if (rig.Endpoint.Flash.PowerIsCut)
                    {
                        // The device never claims what flash does not hold.
                        Assert.DoesNotContain(rig.Serial.Frames, f => f.Type == Result && f.Data[0] == 0x01);
                    }
                }

                var stored = new KeyValueStore(new SimulatedFlash(dir), "settings"); // after the reboot
                var pair = (stored.Get("wifi.ssid"), stored.Get("wifi.password"));
                Assert.True(pair == ("Old", "old-password") || pair == ("Lab", "secret"), $"cut at write {k}: {pair}");
                sawOld |= pair.Item1 == "Old";
                sawNew |= pair.Item1 == "Lab";
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        Directory.Delete(baseDir, true);
        Assert.True(sawOld && sawNew, "the sweep must cut inside the write (old) and after it (new)");
    }

    [Fact]
    public void NoNetworksDeclared_AlreadyOnTheHostNetworkSerialSaysProvisioned()
    {
        using var rig = new ProvisioningRig(networks: Array.Empty<SimulatedNetwork>()).Start();
        Assert.Contains(rig.Serial.Frames, f => f.Type == State && f.Value == 0x04);
        Assert.Single(rig.Transport.ConnectAttempts);
    }

    [Fact]
    public void Ble_Unprovisioned_OffersTheServiceAndAdvertisesAwaitingAuthorization()
    {
        using var rig = new ProvisioningRig(serial: false, ble: true).Start();
        Assert.Single(rig.Radio.Services);
        Assert.Equal(new byte[] { 0x0F }, rig.Radio.ValueOf(ImprovBleTransport.CapabilitiesUuid)); // identify: the plug has an LED
        Assert.Equal(31, rig.Radio.Advertisement.Length); // on the air at once
        Assert.Equal(Hex("09 16 77 46 01 0F 00 00 00 00"), rig.Radio.Advertisement[21..]);
        Assert.Equal(new byte[] { 0x01 }, rig.Radio.ValueOf(ImprovBleTransport.StateUuid));
    }

    [Fact]
    public void Ble_CredentialsWithoutAButtonPress_NotAuthorizedNothingTried()
    {
        using var rig = new ProvisioningRig(serial: false, ble: true).Start();
        rig.BleRpc(0x01, ImprovSpec.WifiData("Lab", "secret"));
        rig.Run(ProvisioningRig.JoinDelayMs + 10);
        Assert.Equal(new byte[] { 0x04 }, rig.Radio.ValueOf(ImprovBleTransport.ErrorUuid));
        Assert.Equal(0, rig.Endpoint.Wifi.Joins);
        Assert.Null(rig.StoredSettings().Get("wifi.ssid"));
    }

    [Fact]
    public void Ble_ButtonPress_AuthorizesForSixtySeconds()
    {
        using var rig = new ProvisioningRig(serial: false, ble: true).Start();
        rig.Endpoint.PressButton(100);
        rig.Run(500); // debounce and the double-press gap
        Assert.Equal(new byte[] { 0x02 }, rig.Radio.ValueOf(ImprovBleTransport.StateUuid));
        Assert.Equal(0x02, rig.ImprovAdvertisement()[25]); // the advertisement follows the state
        rig.Run(60_000);
        Assert.Equal(new byte[] { 0x01 }, rig.Radio.ValueOf(ImprovBleTransport.StateUuid));
    }

    [Fact]
    public void Ble_AuthorizedWrongThenRightPassword_RefusedThenProvisionedAndAdvertisingStops()
    {
        using var rig = new ProvisioningRig(serial: false, ble: true).Start();
        rig.Endpoint.PressButton(100);
        rig.Run(500);
        rig.BleRpc(0x01, ImprovSpec.WifiData("Lab", "wrong-one"));
        rig.Run(ProvisioningRig.JoinDelayMs + 10);
        Assert.Equal(new byte[] { 0x03 }, rig.Radio.ValueOf(ImprovBleTransport.ErrorUuid));
        Assert.Equal(new byte[] { 0x02 }, rig.Radio.ValueOf(ImprovBleTransport.StateUuid));

        rig.BleRpc(0x01, ImprovSpec.WifiData("Lab", "secret"));
        rig.Run(ProvisioningRig.JoinDelayMs + 10);
        Assert.Equal(new byte[] { 0x04 }, rig.Radio.ValueOf(ImprovBleTransport.StateUuid));
        byte[] result = rig.Radio.ValueOf(ImprovBleTransport.RpcResultUuid);
        Assert.Equal(ImprovSpec.Sum(result[..^1]), result[^1]);
        Assert.Equal("mqtt://broker.test:1883", Encoding.ASCII.GetString(result, 3, result[2]));
        Assert.Equal(0x04, rig.ImprovAdvertisement()[25]); // "provisioned" is advertised for a second
        rig.Run(1000);
        Assert.Null(rig.ImprovAdvertisement());
        Assert.True(RecordingBleRadio.Bthome(rig.Radio.Advertisement).Count > 0); // BTHome goes on alone
        Assert.Equal("Lab", rig.StoredSettings().Get("wifi.ssid"));
    }

    [Fact]
    public void Ble_AuthorizationSettingNone_OpenFromTheStart()
    {
        using var rig = new ProvisioningRig(serial: false, ble: true);
        rig.Endpoint.Runtime.Settings.Set(ProvisioningComponent.BleAuthorizationKey, "none");
        rig.Start();
        Assert.Equal(new byte[] { 0x02 }, rig.Radio.ValueOf(ImprovBleTransport.StateUuid));
        rig.BleRpc(0x01, ImprovSpec.WifiData("Lab", "secret"));
        rig.Run(ProvisioningRig.JoinDelayMs + 10);
        Assert.Equal(new byte[] { 0x04 }, rig.Radio.ValueOf(ImprovBleTransport.StateUuid));
    }

    [Fact]
    public void Ble_Provisioned_NotStartedAtBoot()
    {
        string dir = NewDir();
        try
        {
            using (var first = new ProvisioningRig(stateDir: dir).Start())
            {
                first.ProvisionOverSerial("Lab", "secret");
            }

            using var again = new ProvisioningRig(serial: false, ble: true, stateDir: dir).Start();
            Assert.Null(again.ImprovAdvertisement());
            Assert.Empty(again.Radio.Services);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void LongPress_ReentersProvisioningOnBothChannelsAndKeepsTheNetwork()
    {
        using var rig = new ProvisioningRig(ble: true).Start();
        rig.ProvisionOverSerial("Lab", "secret");
        rig.Run(1000);
        Assert.Null(rig.ImprovAdvertisement());
        rig.Serial.Clear();

        rig.Endpoint.PressButton(5500);
        rig.Run(6000);
        Assert.Equal(0x01, rig.ImprovAdvertisement()[25]);
        Assert.Contains(rig.Serial.Frames, f => f.Type == State && f.Value == 0x02);
        Assert.Equal("Lab", rig.Endpoint.Wifi.Ssid);
        Assert.Equal("Lab", rig.StoredSettings().Get("wifi.ssid"));
    }

    [Fact]
    public void ProvisionCommandOverMqtt_ReentersProvisioning()
    {
        using var rig = new ProvisioningRig(serial: false, ble: true).Start();
        rig.Endpoint.PressButton(100);
        rig.Run(500);
        rig.BleRpc(0x01, ImprovSpec.WifiData("Lab", "secret"));
        rig.Run(ProvisioningRig.JoinDelayMs + 1010);
        rig.Transport.AcceptConnect();
        rig.Run();
        Assert.Null(rig.ImprovAdvertisement());

        rig.Transport.Deliver("endpoint/plug-1/cmd/provision", "");
        rig.Run();
        Assert.Equal(0x01, rig.Radio.Advertisement[25]); // at once
        Assert.Equal(new byte[] { 0x01 }, rig.Radio.ValueOf(ImprovBleTransport.StateUuid));
    }

    private static (byte, int)[] Values(System.Collections.Generic.List<ImprovSpec.Frame> frames) =>
        frames.Select(f => (f.Type, f.Type == Result ? f.Data[0] : (int)f.Value)).ToArray();

    private static string NewDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));
}
