namespace Endpoint.Core.Hub
{
    /// <summary>Why a connection attempt failed or a connection ended. Values 1–5 are the CONNACK return codes (MQTT 3.1.1 §3.2.2.3).</summary>
    public enum MqttCloseReason
    {
        /// <summary>Closed on request (<see cref="IMqttTransport.Disconnect"/>).</summary>
        Requested = 0,
        /// <summary>CONNACK 1: the broker does not speak MQTT 3.1.1.</summary>
        UnacceptableProtocolVersion = 1,
        /// <summary>CONNACK 2: the client id was rejected.</summary>
        IdentifierRejected = 2,
        /// <summary>CONNACK 3: the broker is unavailable.</summary>
        ServerUnavailable = 3,
        /// <summary>CONNACK 4: bad user name or password.</summary>
        BadCredentials = 4,
        /// <summary>CONNACK 5: not authorized.</summary>
        NotAuthorized = 5,
        /// <summary>The broker could not be reached (DNS, refused, unreachable).</summary>
        Unreachable = 100,
        /// <summary>TLS handshake or certificate verification failed.</summary>
        TlsFailed = 101,
        /// <summary>No CONNACK, or no PINGRESP within the keep-alive.</summary>
        Timeout = 102,
        /// <summary>The connection dropped.</summary>
        ConnectionLost = 103,
        /// <summary>The broker sent something that is not MQTT 3.1.1.</summary>
        ProtocolError = 104,
    }
}
