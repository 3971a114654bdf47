namespace Endpoint.Core.Ble
{
    /// <summary>
    /// Improv Wi-Fi's advertisement (improv-wifi.com/ble, "Bluetooth LE Advertisement", protocol 2.0): the Improv
    /// service UUID and the service data 0x4677 — current state, capabilities and four reserved zero bytes — in
    /// the same advertisement, never in the scan response. The one implementation of these bytes: the device
    /// renders them (<see cref="WriteAdvertisement"/>) and scanners read them back (<see cref="StateName"/>).
    /// </summary>
    public static class ImprovServiceData
    {
        /// <summary>Service data UUID.</summary>
        public const int Uuid = 0x4677;

        /// <summary>The Improv GATT service UUID.</summary>
        public const string ServiceUuid = "00467768-6228-2272-4663-277478268000";

        /// <summary>Bytes after the UUID: state, capabilities, 4 reserved.</summary>
        public const int Length = 6;

        /// <summary>Bytes of the complete advertisement: flags (3), the 128-bit UUID list (18), the service data (10).</summary>
        public const int AdvertisementLength = 31;

        /// <summary>Capability bit 0: the device supports the identify command.</summary>
        public const byte CapabilityIdentify = 0x01;

        /// <summary>Capability bit 1: the device supports the device-info command (protocol 2.1).</summary>
        public const byte CapabilityDeviceInfo = 0x02;

        // The service UUID as it goes on the air: least significant byte first (Core spec Vol 3 Part C §11.1.1).
        private static readonly byte[] ServiceUuidOnAir = LittleEndian(ServiceUuid);

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
        /// Writes the complete legacy advertisement (exactly <see cref="AdvertisementLength"/> = 31 bytes) and
        /// returns the offset after it: flags (LE general discoverable, no BR/EDR), the complete list of 128-bit
        /// service UUIDs with the Improv service, and the service data — "The Service Data and Service UUID MUST be
        /// in the same advertisement" (improv-wifi.com/ble). No room is left for a name: a device with more to say
        /// cycles between advertisements, as the spec allows (<see cref="Advertiser"/>).
        /// </summary>
        public static int WriteAdvertisement(byte state, byte capabilities, byte[] output, int offset)
        {
            output[offset++] = 2;
            output[offset++] = AdType.Flags;
            output[offset++] = AdType.GeneralDiscoverableNoBrEdr;
            output[offset++] = 17;
            output[offset++] = AdType.CompleteUuid128;
            for (int i = 0; i < 16; i++)
            {
                output[offset++] = ServiceUuidOnAir[i];
            }

            output[offset++] = 3 + Length;
            output[offset++] = AdType.ServiceData16;
            output[offset++] = (byte)(Uuid & 0xFF);
            output[offset++] = (byte)(Uuid >> 8);
            return Write(state, capabilities, output, offset);
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

        private static byte[] LittleEndian(string uuid)
        {
            byte[] bytes = new byte[16];
            int digits = 0;
            for (int i = 0; i < uuid.Length; i++)
            {
                char c = uuid[i];
                int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
                if (v < 0)
                {
                    continue; // dashes
                }

                int b = 15 - (digits / 2);
                bytes[b] = (byte)((bytes[b] << 4) | v);
                digits++;
            }

            return bytes;
        }
    }
}
