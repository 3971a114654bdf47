namespace Endpoint.Core.Provisioning
{
    /// <summary>
    /// Improv RPC command ids (improv-wifi.com/ble and /serial, protocol 2.4). One id means different things
    /// on the two transports: 0x02 is "identify" over BLE and "request current state" over serial.
    /// </summary>
    public static class ImprovCommand
    {
        /// <summary>Send Wi-Fi settings: data = ssid length, ssid, password length, password.</summary>
        public const byte WifiSettings = 0x01;

        /// <summary>BLE: identify (blink); no data, no result.</summary>
        public const byte Identify = 0x02;

        /// <summary>Serial: request current state (a state packet, plus the URLs when provisioned).</summary>
        public const byte RequestState = 0x02;

        /// <summary>Device info: firmware name, version, chip, device name (protocol 2.1).</summary>
        public const byte DeviceInfo = 0x03;

        /// <summary>Scanned Wi-Fi networks (protocol 2.2).</summary>
        public const byte ScanNetworks = 0x04;

        /// <summary>Get (no data) or set (data) the hostname (protocol 2.3).</summary>
        public const byte Hostname = 0x05;

        /// <summary>Get (no data) or set (data) the device name (protocol 2.4).</summary>
        public const byte DeviceName = 0x06;

        /// <summary>Serial: network state, the connectivity flags and the device URLs.</summary>
        public const byte NetworkState = 0x07;
    }
}
