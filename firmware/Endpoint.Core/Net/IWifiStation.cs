namespace Endpoint.Core.Net
{
    /// <summary>Raised when the station's state changes. May be raised on any thread.</summary>
    public delegate void WifiStateChangedHandler(IWifiStation station, WifiState state);

    /// <summary>Raised when a scan completes with the networks in range. May be raised on any thread.</summary>
    public delegate void WifiScanCompletedHandler(IWifiStation station, WifiNetwork[] networks);

    /// <summary>The Wi-Fi station interface (System.Device.Wifi's WifiAdapter on the device).</summary>
    public interface IWifiStation
    {
        /// <summary>Current state.</summary>
        WifiState State { get; }

        /// <summary>Why the last join failed; <see cref="WifiFailure.None"/> unless <see cref="State"/> is Failed.</summary>
        WifiFailure Failure { get; }

        /// <summary>Signal of the joined network in dBm; 0 when not connected.</summary>
        int Rssi { get; }

        /// <summary>IPv4 address as text, or null.</summary>
        string IpAddress { get; }

        /// <summary>Starts joining <paramref name="ssid"/>; completion is reported through <see cref="StateChanged"/>.</summary>
        void Connect(string ssid, string password);

        /// <summary>Leaves the network.</summary>
        void Disconnect();

        /// <summary>
        /// Starts a scan; the networks in range are reported through <see cref="ScanCompleted"/>. A scan the
        /// radio cannot start (busy joining) reports nothing: callers time out.
        /// </summary>
        void Scan();

        /// <summary>State changes.</summary>
        event WifiStateChangedHandler StateChanged;

        /// <summary>Scan results, one event per completed scan.</summary>
        event WifiScanCompletedHandler ScanCompleted;
    }
}
