namespace Endpoint.Core.Provisioning
{
    /// <summary>
    /// Improv Wi-Fi provisioning states: the "Current State" characteristic (improv-wifi.com/ble) and the
    /// serial "Current state" packet (improv-wifi.com/serial), same values in both.
    /// </summary>
    public enum ImprovState : byte
    {
        /// <summary>Provisioning is not running (the ESPHome and SDK value; never sent by this device).</summary>
        Stopped = 0x00,
        /// <summary>Awaiting authorization by a physical interaction (BLE only).</summary>
        AuthorizationRequired = 0x01,
        /// <summary>Ready to accept credentials.</summary>
        Authorized = 0x02,
        /// <summary>Credentials received; joining the network.</summary>
        Provisioning = 0x03,
        /// <summary>Joined; the redirect URL has been (or can be) returned.</summary>
        Provisioned = 0x04,
    }
}
