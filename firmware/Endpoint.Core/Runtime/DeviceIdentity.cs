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

        /// <summary>What a device id may be, for error messages: the rule <see cref="IsValidId"/> checks.</summary>
        public const string IdRule = "1-64 characters A-Z, a-z, 0-9, '-' or '_'";

        /// <summary>
        /// True when <paramref name="id"/> is usable as a device id: 1–64 characters of A–Z, a–z, 0–9, '-' or '_'.
        /// MQTT wildcards, '/', '$' and spaces would break the topic scheme (DESIGN.md §5); the same
        /// characters are what Home Assistant allows in a discovery topic's node and object ids.
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
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
