using System.Linq;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;
using Endpoint.Host.Flashing;
using Endpoint.Host.Runtime;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Flashing;

public class DeviceSettingsTests
{
    private static readonly byte[] OtaKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private static MqttConnectOptions Hub() => new()
    {
        Host = "broker.lan", Port = 8883, UseTls = true, Username = "alice", Password = "s3cret", CaCertificatePem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    };

    private static MemoryFileStore DeviceStorage(DeviceSettings settings)
    {
        var storage = new MemoryFileStore();
        foreach (var f in settings.Files)
        {
            storage.Write(f.Key, f.Value, 0, f.Value.Length);
        }

        return storage;
    }

    [Fact]
    public void Build_FilesReadBackWithTheDevicesOwnCode()
    {
        var settings = DeviceSettings.Build("shelly-plus-1", "porch-light", Hub(), OtaKey);

        var storage = DeviceStorage(settings);
        var device = new KeyValueStore(storage, ProvisionedSettings.StoreName);
        var hub = HubSettings.Load(device);

        Assert.Equal("porch-light", ProvisionedSettings.DeviceId(device, "plug-000000"));
        Assert.Equal("shelly-plus-1", ProvisionedSettings.BoardId(device, "esp32-devkitc"));
        Assert.Equal(("broker.lan", 8883, true, "alice", "s3cret"), (hub.Host, hub.Port, hub.UseTls, hub.Username, hub.Password));
        Assert.Equal(Hub().CaCertificatePem, hub.CaCertificatePem);
        Assert.Equal(OtaKey, storage.ReadAll(ProvisionedSettings.OtaPublicKeyFile));
    }

    [Fact]
    public void Build_WithoutIdOrHub_StoresOnlyTheBoard()
    {
        var settings = DeviceSettings.Build("esp32-devkitc", null, null, null);

        var device = new KeyValueStore(DeviceStorage(settings), ProvisionedSettings.StoreName);

        Assert.Equal(1, device.Count);
        Assert.Equal("plug-a1b2c3", ProvisionedSettings.DeviceId(device, "plug-a1b2c3"));
        Assert.Null(HubSettings.Load(device));
        Assert.DoesNotContain(ProvisionedSettings.OtaPublicKeyFile, settings.Files.Keys);
        Assert.Equal([("board.id", "esp32-devkitc")], settings.Lines.Select(l => (l.Key, l.Display)));
    }

    [Fact]
    public void Lines_MaskThePasswordAndSummariseTheCa()
    {
        var lines = DeviceSettings.Build("esp32-devkitc", "kitchen", Hub(), null).Lines.ToDictionary(l => l.Key, l => l.Display);

        Assert.Equal(DeviceSettings.Mask, lines[HubSettings.PasswordKey]);
        Assert.DoesNotContain(lines.Values, v => v.Contains("s3cret"));
        Assert.StartsWith("(PEM, ", lines[HubSettings.CaKey]);
        Assert.Equal("kitchen", lines[ProvisionedSettings.DeviceIdKey]);
    }

    [Fact]
    public void EndpointRuntime_ReadsTheFlashedSettingsRecord()
    {
        // The name the device's runtime opens must be the record `endpoint flash` writes.
        var storage = DeviceStorage(DeviceSettings.Build("esp32-devkitc", "kitchen", Hub(), null));
        var clock = new ManualClock();
        var log = new TestLog();
        var platform = new Platform
        {
            Clock = clock,
            Log = log,
            Loop = new EventLoop(clock, log),
            Files = storage,
            Mqtt = new FakeMqttTransport(),
            Random = new System.Random(1),
        };

        var runtime = new EndpointRuntime(new DeviceIdentity("kitchen", "plug", "esp32-devkitc", "1.0.0"), platform);

        Assert.Equal("broker.lan", runtime.Settings.Get(HubSettings.HostKey));
        Assert.Equal("kitchen", runtime.Settings.Get(ProvisionedSettings.DeviceIdKey));
    }

    [Fact]
    public void DeviceId_InvalidStoredIdFallsBack()
    {
        var storage = new MemoryFileStore();
        var settings = new KeyValueStore(storage, ProvisionedSettings.StoreName);
        settings.Set(ProvisionedSettings.DeviceIdKey, "Bad/Id#");

        Assert.Equal("plug-010203", ProvisionedSettings.DeviceId(settings, "plug-010203"));
    }
}
