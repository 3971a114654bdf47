namespace Endpoint.Core.Net
{
    /// <summary>
    /// The device's own Wi-Fi access point, for the captive portal (System.Net's WirelessAPConfiguration on the
    /// device; a recording simulation on the host). Open (no password): the portal only asks, and the access point
    /// closes once the device has a network. Called on the loop.
    /// </summary>
    public interface ISoftAccessPoint
    {
        /// <summary>True while the access point is up.</summary>
        bool IsActive { get; }

        /// <summary>The access point's own IPv4 address ("192.168.4.1"): where the portal is, what the captive DNS answers.</summary>
        string Address { get; }

        /// <summary>The port the portal's HTTP server listens on (80 on the device).</summary>
        int HttpPort { get; }

        /// <summary>
        /// Opens the access point named <paramref name="ssid"/>. True when it is up now; false when the platform only
        /// applies it at its next start (nanoFramework on the ESP32 picks the Wi-Fi mode at boot): the caller
        /// restarts the device. Throws when the platform cannot open one.
        /// </summary>
        bool Start(string ssid);

        /// <summary>Closes the access point. True when it is down now; false when it takes a restart, as for <see cref="Start"/>.</summary>
        bool Stop();
    }
}
