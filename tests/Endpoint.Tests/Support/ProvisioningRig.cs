using System;
using System.IO;
using System.Linq;
using Endpoint.Core.Ble;
using Endpoint.Core.Hub;
using Endpoint.Core.Provisioning;
using Endpoint.Core.Storage;
using Endpoint.Host.Ble;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Support;

/// <summary>
/// A simulated plug in range of Wi-Fi networks ("Lab"/"secret" unless told otherwise), with its Improv UART on
/// an in-memory <see cref="SerialPair"/> and, when asked, the board's simulated BLE radio (off the air: read it
/// through <see cref="Radio"/>); manual clock, fake broker.
/// </summary>
public sealed class ProvisioningRig : IDisposable
{
    public const long JoinDelayMs = 1000;

    public ProvisioningRig(bool serial = true, bool ble = false, string stateDir = null, SimulatedNetwork[] networks = null)
    {
        StateDir = stateDir ?? Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
        OwnsDir = stateDir == null;
        Endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
        {
            App = "plug",
            Id = "plug-1",
            Board = TestBoards.DevKitC(ble),
            StateDir = StateDir,
            Transport = Transport,
            Hub = new MqttConnectOptions { Host = "broker.test", Port = 1883 },
            Clock = Clock,
            Log = Log,
            WifiNetworks = networks ?? new[] { new SimulatedNetwork("Lab", "secret", -48), new SimulatedNetwork("Cafe", "", -71) },
            Serial = serial ? Serial : null,
        });
        Endpoint.Wifi.JoinDelayMs = JoinDelayMs;
    }

    public ManualClock Clock { get; } = new();
    public TestLog Log { get; } = new();
    public FakeMqttTransport Transport { get; } = new();
    public SerialPair Serial { get; } = new();
    /// <summary>The board's radio, or null for <c>ble: false</c>.</summary>
    public SimulatedBleRadio Radio => Endpoint.Ble;
    public SimulatedEndpoint Endpoint { get; }
    public string StateDir { get; }
    private bool OwnsDir { get; }

    public ProvisioningRig Start()
    {
        Endpoint.Start();
        Run();
        return this;
    }

    public void Run(long ms = 0) => LoopStepper.Advance(Endpoint.Loop, Clock, ms);

    /// <summary>The client sends an RPC command over serial and the loop handles it.</summary>
    public void SerialRpc(byte command, params byte[] data)
    {
        Serial.Send(ImprovSpec.SerialCommand(command, data));
        Run();
    }

    /// <summary>Sends Wi-Fi settings over serial and lets the join finish.</summary>
    public void ProvisionOverSerial(string ssid, string password)
    {
        SerialRpc(0x01, ImprovSpec.WifiData(ssid, password));
        Run(JoinDelayMs + 10);
    }

    /// <summary>A BLE client writes an RPC command (in 20-byte pieces, as on the default ATT MTU).</summary>
    public void BleRpc(byte command, params byte[] data)
    {
        byte[] frame = ImprovSpec.BleCommand(command, data);
        for (int i = 0; i < frame.Length; i += 20)
        {
            Radio.Write(ImprovBleTransport.RpcCommandUuid, frame.Skip(i).Take(20).ToArray());
        }

        Run();
    }

    /// <summary>
    /// The Improv advertisement as a scanner next to the device would catch it: the one on the air, else the one
    /// of the next turns of the advertiser's rotation (one interval each); null when none comes within a rotation.
    /// </summary>
    public byte[] ImprovAdvertisement()
    {
        for (int turn = 0; turn < 2; turn++)
        {
            byte[] ad = Radio.Advertisement;
            var info = new AdvertisementInfo();
            if (ad != null && AdvertisementDecoder.Decode(ad, 0, ad.Length, info) && info.FindServiceData(ImprovServiceData.Uuid) >= 0)
            {
                return ad;
            }

            Run(Endpoint.Runtime.Advertiser.IntervalMs);
        }

        return null;
    }

    /// <summary>The settings as a reboot would read them from flash.</summary>
    public KeyValueStore StoredSettings() => new(new SimulatedFlash(StateDir), "settings");

    public void Dispose()
    {
        if (OwnsDir && Directory.Exists(StateDir))
        {
            Directory.Delete(StateDir, true);
        }
    }
}
