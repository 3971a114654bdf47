using System.Collections.Generic;
using System.Linq;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;

namespace Endpoint.Host.Flashing;

/// <summary>One setting as people may see it: the password and other secrets are masked.</summary>
/// <param name="Key">The settings key.</param>
/// <param name="Display">The value, or a mask / summary for secrets and long values.</param>
public sealed record SettingLine(string Key, string Display);

/// <summary>
/// The files that give a device its identity and hub: the <c>settings</c> record (written by the device's
/// own <see cref="KeyValueStore"/> into memory, so the bytes are exactly what the firmware reads at boot)
/// and, when given, the OTA public key file. Names are relative to <see cref="ProvisionedSettings.StorageRoot"/>.
/// </summary>
public sealed class DeviceSettings
{
    /// <summary>What people see instead of a password.</summary>
    public const string Mask = "********";

    private DeviceSettings(IReadOnlyDictionary<string, byte[]> files, IReadOnlyList<SettingLine> lines)
    {
        Files = files;
        Lines = lines;
    }

    /// <summary>The files to put in the device's storage folder, by name (settings.a, settings.b, ota.pub).</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>The settings written, for display (secrets masked).</summary>
    public IReadOnlyList<SettingLine> Lines { get; }

    /// <summary>The names of every file this writes or replaces: both record generations (a stale newer one would win) and the key file.</summary>
    public static IReadOnlyList<string> Replaced(bool otaKey) =>
        otaKey ? [ProvisionedSettings.StoreName + ".a", ProvisionedSettings.StoreName + ".b", ProvisionedSettings.OtaPublicKeyFile]
               : [ProvisionedSettings.StoreName + ".a", ProvisionedSettings.StoreName + ".b"];

    /// <summary>Builds the files.</summary>
    /// <param name="boardId">The board (always stored: one app build runs on every board of its SoC).</param>
    /// <param name="deviceId">The device id, or null to let the device derive it from its MAC.</param>
    /// <param name="hub">The hub connection, or null to leave the hub to provisioning.</param>
    /// <param name="otaPublicKey">The 32-byte Ed25519 OTA key, or null.</param>
    public static DeviceSettings Build(string boardId, string deviceId, MqttConnectOptions hub, byte[] otaPublicKey)
    {
        var store = new MemoryFileStore();
        var settings = new KeyValueStore(store, ProvisionedSettings.StoreName);
        settings.SetMany([ProvisionedSettings.BoardIdKey, ProvisionedSettings.DeviceIdKey], [boardId, deviceId]);
        if (hub != null)
        {
            HubSettings.Save(settings, hub);
        }

        if (otaPublicKey != null)
        {
            store.Write(ProvisionedSettings.OtaPublicKeyFile, otaPublicKey, 0, otaPublicKey.Length);
        }

        string[] order =
        [
            ProvisionedSettings.BoardIdKey, ProvisionedSettings.DeviceIdKey, HubSettings.HostKey, HubSettings.PortKey,
            HubSettings.TlsKey, HubSettings.UserKey, HubSettings.PasswordKey, HubSettings.CaKey,
        ];
        var lines = order.Where(k => settings.Get(k) != null).Select(k => new SettingLine(k, Display(k, settings.Get(k)))).ToList();
        return new DeviceSettings(store.Files, lines);
    }

    private static string Display(string key, string value) => key switch
    {
        HubSettings.PasswordKey => Mask,
        HubSettings.CaKey => $"(PEM, {value.Length} characters)",
        _ => value,
    };
}
