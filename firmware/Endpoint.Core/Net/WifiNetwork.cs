namespace Endpoint.Core.Net
{
    /// <summary>One network seen by a scan.</summary>
    public sealed class WifiNetwork
    {
        /// <summary>Creates a scan entry.</summary>
        public WifiNetwork(string ssid, int rssi, bool secured)
        {
            Ssid = ssid;
            Rssi = rssi;
            Secured = secured;
        }

        /// <summary>Network name (up to 32 bytes of UTF-8; empty for a hidden network).</summary>
        public string Ssid { get; private set; }

        /// <summary>Signal strength in dBm.</summary>
        public int Rssi { get; private set; }

        /// <summary>True when joining needs a password (true when the platform cannot tell).</summary>
        public bool Secured { get; private set; }
    }
}
