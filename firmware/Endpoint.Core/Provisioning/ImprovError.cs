namespace Endpoint.Core.Provisioning
{
    /// <summary>Improv Wi-Fi error codes: the "Error state" characteristic and serial packet (improv-wifi.com).</summary>
    public enum ImprovError : byte
    {
        /// <summary>No error (sent when a new command arrives, to clear the previous error).</summary>
        None = 0x00,
        /// <summary>The RPC packet was malformed: bad checksum, wrong length, bad field.</summary>
        InvalidRpc = 0x01,
        /// <summary>The command is unknown (or not offered on this transport).</summary>
        UnknownRpc = 0x02,
        /// <summary>The credentials were tried and the network could not be joined.</summary>
        UnableToConnect = 0x03,
        /// <summary>The command needs the authorized state (BLE: press the device's button first).</summary>
        NotAuthorized = 0x04,
        /// <summary>The hostname is not an RFC 1123 host name (protocol 2.3).</summary>
        BadHostname = 0x05,
        /// <summary>Any other failure; this device also uses it for "busy" (a join or scan already running).</summary>
        Unknown = 0xFF,
    }
}
