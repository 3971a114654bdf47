using Endpoint.Core.Storage;

namespace Endpoint.Core.Hub
{
    /// <summary>
    /// The hub connection as stored on the device (set by provisioning or <c>endpoint flash</c>):
    /// keys <c>hub.host</c>, <c>hub.port</c>, <c>hub.tls</c>, <c>hub.user</c>, <c>hub.password</c>, <c>hub.ca</c>.
    /// </summary>
    public static class HubSettings
    {
        /// <summary>Key of the broker host.</summary>
        public const string HostKey = "hub.host";

        /// <summary>Key of the broker port.</summary>
        public const string PortKey = "hub.port";

        /// <summary>Key of the TLS flag ("1").</summary>
        public const string TlsKey = "hub.tls";

        /// <summary>Key of the user name.</summary>
        public const string UserKey = "hub.user";

        /// <summary>Key of the password.</summary>
        public const string PasswordKey = "hub.password";

        /// <summary>Key of the CA certificate (PEM).</summary>
        public const string CaKey = "hub.ca";

        /// <summary>The stored connection, or null when no hub is stored.</summary>
        public static MqttConnectOptions Load(KeyValueStore settings)
        {
            string host = settings.Get(HostKey);
            if (host == null || host.Length == 0)
            {
                return null;
            }

            MqttConnectOptions o = new MqttConnectOptions();
            o.Host = host;
            o.UseTls = settings.Get(TlsKey) == "1";
            o.Port = o.UseTls ? 8883 : 1883;
            string port = settings.Get(PortKey);
            if (port != null)
            {
                int p = ParsePort(port);
                if (p > 0)
                {
                    o.Port = p;
                }
            }

            o.Username = settings.Get(UserKey);
            o.Password = settings.Get(PasswordKey);
            o.CaCertificatePem = settings.Get(CaKey);
            return o;
        }

        /// <summary>Stores a connection in one atomic write.</summary>
        public static void Save(KeyValueStore settings, MqttConnectOptions o)
        {
            settings.SetMany(
                new string[] { HostKey, PortKey, TlsKey, UserKey, PasswordKey, CaKey },
                new string[] { o.Host, o.Port.ToString(), o.UseTls ? "1" : null, o.Username, o.Password, o.CaCertificatePem });
        }

        private static int ParsePort(string s)
        {
            if (s.Length == 0 || s.Length > 5)
            {
                return -1;
            }

            int v = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9')
                {
                    return -1;
                }

                v = (v * 10) + (c - '0');
            }

            return v >= 1 && v <= 65535 ? v : -1;
        }
    }
}
