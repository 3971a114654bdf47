namespace Endpoint.Core.Hub
{
    /// <summary>What an MQTT 3.1.1 connection needs: broker, identity, credentials, will (MQTT 3.1.1 §3.1).</summary>
    public class MqttConnectOptions
    {
        /// <summary>Broker host name or address.</summary>
        public string Host;

        /// <summary>Broker port (1883 plain, 8883 TLS).</summary>
        public int Port = 1883;

        /// <summary>Use TLS; the broker certificate is verified against <see cref="CaCertificatePem"/>.</summary>
        public bool UseTls;

        /// <summary>PEM of the CA that signed the broker's certificate; null means the platform's trust store.</summary>
        public string CaCertificatePem;

        /// <summary>Client identifier; the device id.</summary>
        public string ClientId;

        /// <summary>User name, or null.</summary>
        public string Username;

        /// <summary>Password, or null. Never logged.</summary>
        public string Password;

        /// <summary>Keep-alive interval in seconds (§3.1.2.10); 0 disables.</summary>
        public int KeepAliveSeconds = 30;

        /// <summary>Clean session flag (§3.1.2.4).</summary>
        public bool CleanSession = true;

        /// <summary>Will topic, or null for no will.</summary>
        public string WillTopic;

        /// <summary>Will payload.</summary>
        public byte[] WillPayload;

        /// <summary>Will QoS (0 or 1).</summary>
        public int WillQos;

        /// <summary>Will retain flag.</summary>
        public bool WillRetain;

        /// <summary>Connect timeout in milliseconds.</summary>
        public int ConnectTimeoutMs = 10000;
    }
}
