namespace Endpoint.Core.Ble
{
    /// <summary>
    /// Improv Wi-Fi's advertisement service data (improv-wifi.com/ble, "Bluetooth LE Advertisement",
    /// protocol 2.0): 16-bit UUID 0x4677, then the current state, the capabilities and four reserved
    /// zero bytes. The service UUID below must be advertised in the same advertisement.
    /// </summary>
    public static class ImprovServiceData
    {
        /// <summary>Service data UUID.</summary>
        public const int Uuid = 0x4677;

        /// <summary>The Improv GATT service UUID.</summary>
        public const string ServiceUuid = "00467768-6228-2272-4663-277478268000";

        /// <summary>Bytes after the UUID: state, capabilities, 4 reserved.</summary>
        public const int Length = 6;

        /// <summary>Capability bit 0: the device supports the identify command.</summary>
        public const byte CapabilityIdentify = 0x01;

        /// <summary>Capability bit 1: the device supports the device-info command (protocol 2.1).</summary>
        public const byte CapabilityDeviceInfo = 0x02;

        /// <summary>Writes the 6 bytes after the UUID and returns the offset after them.</summary>
        public static int Write(byte state, byte capabilities, byte[] output, int offset)
        {
            output[offset++] = state;
            output[offset++] = capabilities;
            for (int i = 0; i < 4; i++)
            {
                output[offset++] = 0;
            }

            return offset;
        }

        /// <summary>
        /// The state's name: authorization_required (1), authorized (2), provisioning (3),
        /// provisioned (4); null for another value.
        /// </summary>
        public static string StateName(int state)
        {
            switch (state)
            {
                case 1:
                    return "authorization_required";
                case 2:
                    return "authorized";
                case 3:
                    return "provisioning";
                case 4:
                    return "provisioned";
                default:
                    return null;
            }
        }
    }
}
