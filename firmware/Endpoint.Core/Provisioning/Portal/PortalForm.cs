using System.Text;
using Endpoint.Core.Hub;
using Endpoint.Core.Net;

namespace Endpoint.Core.Provisioning.Portal
{
    /// <summary>
    /// The portal's form, checked field by field: the network (<c>ssid</c> from the list, or <c>other_ssid</c>
    /// typed for a hidden one), its <c>password</c>, and optionally the hub (<c>hub_host</c>, <c>hub_port</c>,
    /// <c>hub_user</c>, <c>hub_password</c>, <c>hub_tls</c>). <see cref="Read"/> either fills every property or
    /// returns the first problem as a sentence for the page and names the field it is about.
    /// </summary>
    public sealed class PortalForm
    {
        /// <summary>Field names the form may carry.</summary>
        public static readonly string[] Fields = new string[] { "ssid", "other_ssid", "password", "hub_host", "hub_port", "hub_user", "hub_password", "hub_tls" };

        /// <summary>The network name (1–32 bytes of UTF-8).</summary>
        public string Ssid { get; private set; }

        /// <summary>The password: empty for an open network, else 8–63 characters or 64 hex digits (WPA2-PSK).</summary>
        public string Password { get; private set; }

        /// <summary>The hub to use, or null when the form names none.</summary>
        public MqttConnectOptions Hub { get; private set; }

        /// <summary>The field the last error is about (to mark it on the page), or null.</summary>
        public string ErrorField { get; private set; }

        /// <summary>
        /// Checks <paramref name="form"/>; <paramref name="networks"/> (the last scan, may be null) tells which
        /// networks are known to be open. Returns null when the form is good, else a sentence saying what to fix.
        /// </summary>
        public string Read(FormData form, WifiNetwork[] networks)
        {
            Ssid = null;
            Password = null;
            Hub = null;
            ErrorField = null;
            for (int i = 0; i < form.Count; i++)
            {
                if (!IsField(form.NameAt(i)))
                {
                    return Fail(null, "The form has an unexpected field '" + FormData.Printable(form.NameAt(i)) + "'.");
                }
            }

            string ssid = form.Get("ssid");
            string field = "ssid";
            if (ssid == null || ssid.Length == 0)
            {
                ssid = form.Get("other_ssid");
                field = "other_ssid";
            }

            if (ssid == null || ssid.Length == 0)
            {
                return Fail("ssid", "Choose a network, or type the name of a hidden one.");
            }

            if (Encoding.UTF8.GetBytes(ssid).Length > 32)
            {
                return Fail(field, "A network name has at most 32 bytes; '" + FormData.Printable(ssid) + "' is longer.");
            }

            if (HasControl(ssid))
            {
                return Fail(field, "The network name contains a control character.");
            }

            string password = form.Get("password");
            password = password == null ? string.Empty : password;
            string problem = PasswordProblem(ssid, password, Find(networks, ssid));
            if (problem != null)
            {
                return Fail("password", problem);
            }

            string hubProblem = ReadHub(form);
            if (hubProblem != null)
            {
                return hubProblem;
            }

            Ssid = ssid;
            Password = password;
            return null;
        }

        /// <summary>
        /// What is wrong with <paramref name="password"/> for <paramref name="ssid"/>, or null: a WPA2 passphrase has
        /// 8 to 63 characters, a raw pre-shared key 64 hex digits (IEEE 802.11-2020 J.4.1); an open network takes none.
        /// </summary>
        public static string PasswordProblem(string ssid, string password, WifiNetwork known)
        {
            if (password.Length == 0)
            {
                return null; // an open network (or the network says no when it is not)
            }

            if (known != null && !known.Secured)
            {
                return "'" + ssid + "' is an open network: leave the password empty.";
            }

            if (HasControl(password))
            {
                return "The password contains a control character.";
            }

            if (password.Length == 64)
            {
                return IsHex(password) ? null : "A 64-character password must be a key of 64 hex digits; a passphrase has 8 to 63 characters.";
            }

            if (password.Length < 8 || password.Length > 63)
            {
                return "A Wi-Fi password has 8 to 63 characters (leave it empty for an open network).";
            }

            return null;
        }

        /// <summary>
        /// True for a host name (RFC 1123 §2.1: dot-separated labels of letters, digits and '-', each 1–63
        /// characters, not starting or ending with '-', 253 characters at most) or a dotted IPv4 address.
        /// </summary>
        public static bool IsValidHost(string host)
        {
            if (host == null || host.Length == 0 || host.Length > 253)
            {
                return false;
            }

            int label = 0;
            bool allDigitsAndDots = true;
            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                if (c == '.')
                {
                    if (label == 0 || host[i - 1] == '-')
                    {
                        return false;
                    }

                    label = 0;
                    continue;
                }

                bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                bool digit = c >= '0' && c <= '9';
                if (!letter && !digit && c != '-')
                {
                    return false;
                }

                if ((c == '-' && label == 0) || ++label > 63)
                {
                    return false;
                }

                allDigitsAndDots &= digit;
            }

            if (label == 0 || host[host.Length - 1] == '-')
            {
                return false;
            }

            return !allDigitsAndDots || IsIpv4(host);
        }

        private string ReadHub(FormData form)
        {
            string host = Value(form, "hub_host");
            string port = Value(form, "hub_port");
            string user = Value(form, "hub_user");
            string password = Value(form, "hub_password");
            string tls = form.Get("hub_tls");
            if (tls != null && tls != "on")
            {
                return Fail("hub_tls", "The TLS box sends 'on' or nothing.");
            }

            if (host.Length == 0)
            {
                if (port.Length > 0 || user.Length > 0 || password.Length > 0 || tls != null)
                {
                    return Fail("hub_host", "Give the hub's host name along with its port, user, password or TLS.");
                }

                return null;
            }

            if (host.IndexOf("://") >= 0)
            {
                return Fail("hub_host", "Give the hub's host name only, like broker.lan or 192.168.1.10 (port and TLS have their own fields).");
            }

            if (!IsValidHost(host))
            {
                return Fail("hub_host", "'" + FormData.Printable(host) + "' is not a host name or an IPv4 address.");
            }

            MqttConnectOptions hub = new MqttConnectOptions();
            hub.Host = host;
            hub.UseTls = tls != null;
            hub.Port = hub.UseTls ? 8883 : 1883;
            if (port.Length > 0)
            {
                int p = ParsePort(port);
                if (p < 0)
                {
                    return Fail("hub_port", "The hub port is a number from 1 to 65535.");
                }

                hub.Port = p;
            }

            if (HasControl(user) || HasControl(password))
            {
                return Fail(HasControl(user) ? "hub_user" : "hub_password", "The hub user and password cannot contain control characters.");
            }

            if (password.Length > 0 && user.Length == 0)
            {
                // MQTT 3.1.1 §3.1.2.9: no password without a user name.
                return Fail("hub_user", "A hub password needs a user name.");
            }

            hub.Username = user.Length > 0 ? user : null;
            hub.Password = password.Length > 0 ? password : null;
            Hub = hub;
            return null;
        }

        private string Fail(string field, string message)
        {
            ErrorField = field;
            Ssid = null;
            Password = null;
            Hub = null;
            return message;
        }

        private static string Value(FormData form, string name)
        {
            string v = form.Get(name);
            return v == null ? string.Empty : v.Trim();
        }

        private static bool IsField(string name)
        {
            for (int i = 0; i < Fields.Length; i++)
            {
                if (Fields[i] == name)
                {
                    return true;
                }
            }

            return false;
        }

        private static WifiNetwork Find(WifiNetwork[] networks, string ssid)
        {
            for (int i = 0; networks != null && i < networks.Length; i++)
            {
                if (networks[i].Ssid == ssid)
                {
                    return networks[i];
                }
            }

            return null;
        }

        private static bool HasControl(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] < ' ' || s[i] == '\u007F')
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsHex(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsIpv4(string s)
        {
            string[] parts = s.Split('.');
            if (parts.Length != 4)
            {
                return false;
            }

            for (int i = 0; i < 4; i++)
            {
                if (parts[i].Length > 3 || (parts[i].Length > 1 && parts[i][0] == '0') || ParsePort(parts[i]) > 255 || (parts[i] != "0" && ParsePort(parts[i]) < 0))
                {
                    return false;
                }
            }

            return true;
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
