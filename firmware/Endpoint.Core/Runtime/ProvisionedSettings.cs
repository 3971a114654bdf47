using Endpoint.Core.Storage;

namespace Endpoint.Core.Runtime
{
    /// <summary>
    /// Where a device keeps what <c>endpoint flash</c> (or provisioning) gave it, and the keys of its
    /// identity. The host writes these files with the same <see cref="KeyValueStore"/> code the device
    /// reads them with, so the two cannot drift apart. The hub keys are in <c>Hub.HubSettings</c>.
    /// </summary>
    public static class ProvisionedSettings
    {
        /// <summary>The folder on the device's internal flash drive that holds the endpoint's files.</summary>
        public const string StorageRoot = "I:\\endpoint";

        /// <summary>Name of the settings record (files <c>settings.a</c> / <c>settings.b</c>, see <see cref="AtomicRecordFile"/>).</summary>
        public const string StoreName = "settings";

        /// <summary>Key of the device id (A–Z, a–z, 0–9, '-', '_'); absent means "derive it from the MAC".</summary>
        public const string DeviceIdKey = "device.id";

        /// <summary>Key of the board id (boards/&lt;id&gt;); absent means the board the app was built for.</summary>
        public const string BoardIdKey = "board.id";

        /// <summary>The file holding the Ed25519 public key (raw 32 bytes) that OTA bundles must be signed with.</summary>
        public const string OtaPublicKeyFile = "ota.pub";

        /// <summary>The stored device id when it is valid, else <paramref name="fallback"/>.</summary>
        public static string DeviceId(KeyValueStore settings, string fallback)
        {
            string id = settings.Get(DeviceIdKey);
            return DeviceIdentity.IsValidId(id) ? id : fallback;
        }

        /// <summary>The stored board id, else <paramref name="fallback"/>.</summary>
        public static string BoardId(KeyValueStore settings, string fallback)
        {
            string id = settings.Get(BoardIdKey);
            return id == null || id.Length == 0 ? fallback : id;
        }
    }
}
