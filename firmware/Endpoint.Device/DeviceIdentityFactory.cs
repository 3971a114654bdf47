using System.Net.NetworkInformation;

namespace Endpoint.Device
{
    /// <summary>
    /// Stable per-device values derived from the Wi-Fi MAC address.
    /// </summary>
    /// <remarks>
    /// The MAC is <c>NetworkInterface.PhysicalAddress</c> (System.Net) of the first interface whose
    /// <c>NetworkInterfaceType</c> is <c>Wireless80211</c>; on ESP32 it is burnt into eFuse, so it survives
    /// reflashing and is readable before Wi-Fi connects.
    /// </remarks>
    public static class DeviceIdentityFactory
    {
        private const string HexDigits = "0123456789abcdef";

        /// <summary>
        /// A default device id: <paramref name="prefix"/>, '-', the last three MAC bytes in lower-case hex
        /// (<c>plug-a1b2c3</c>). Without a Wi-Fi interface the suffix is <c>000000</c>.
        /// </summary>
        public static string FromMac(string prefix)
        {
            byte[] mac = WifiMac();
            string suffix = "000000";
            if (mac != null && mac.Length >= 3)
            {
                char[] hex = new char[6];
                for (int i = 0; i < 3; i++)
                {
                    byte b = mac[mac.Length - 3 + i];
                    hex[2 * i] = HexDigits[b >> 4];
                    hex[(2 * i) + 1] = HexDigits[b & 0x0F];
                }

                suffix = new string(hex);
            }

            return prefix + "-" + suffix;
        }

        /// <summary>A random seed that differs between devices (FNV-1a over the MAC), for backoff jitter.</summary>
        public static int SeedFromMac()
        {
            byte[] mac = WifiMac();
            uint hash = 2166136261;
            if (mac != null)
            {
                for (int i = 0; i < mac.Length; i++)
                {
                    hash = (hash ^ mac[i]) * 16777619;
                }
            }

            return (int)(hash & 0x7FFFFFFFu);
        }

        /// <summary>The Wi-Fi interface's MAC address, or null when the firmware has none.</summary>
        public static byte[] WifiMac()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    return interfaces[i].PhysicalAddress;
                }
            }

            return null;
        }
    }
}
