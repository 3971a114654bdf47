namespace Endpoint.Core.Runtime
{
    /// <summary>Who an endpoint is: the facts every hub message and discovery document carries.</summary>
    public sealed class DeviceIdentity
    {
        /// <summary>Creates an identity.</summary>
        public DeviceIdentity(string id, string type, string board, string firmwareVersion)
        {
            Id = id;
            Type = type;
            Board = board;
            FirmwareVersion = firmwareVersion;
            Name = id;
        }

        /// <summary>Device id: lower-case letters, digits, '-' and '_' (it appears in topics).</summary>
        public string Id { get; private set; }

        /// <summary>App type: plug, light, sensor.</summary>
        public string Type { get; private set; }

        /// <summary>Board id.</summary>
        public string Board { get; private set; }

        /// <summary>Firmware (app) version, semantic.</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>Friendly name shown in Home Assistant; defaults to the id.</summary>
        public string Name { get; set; }

        /// <summary>
        /// True when <paramref name="id"/> is usable as a device id: 1–64 characters of a–z, 0–9, '-' or '_'.
        /// MQTT wildcards, '/' and '$' would break the topic scheme (DESIGN.md §5).
        /// </summary>
        public static bool IsValidId(string id)
        {
            if (id == null || id.Length == 0 || id.Length > 64)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
