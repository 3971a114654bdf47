namespace Endpoint.Core.Provisioning
{
    /// <summary>Bits of the BLE "Capabilities" characteristic and of the 0x4677 service data (improv-wifi.com/ble).</summary>
    public static class ImprovCapabilities
    {
        /// <summary>Bit 0: the identify command.</summary>
        public const byte Identify = 0x01;

        /// <summary>Bit 1: the device info command.</summary>
        public const byte DeviceInfo = 0x02;

        /// <summary>Bit 2: the scan Wi-Fi command.</summary>
        public const byte ScanNetworks = 0x04;

        /// <summary>Bit 3: the hostname command.</summary>
        public const byte Hostname = 0x08;
    }
}
