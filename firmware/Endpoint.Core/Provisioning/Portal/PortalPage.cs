using System.Text;
using Endpoint.Core.Net;

namespace Endpoint.Core.Provisioning.Portal
{
    /// <summary>
    /// The portal's pages: the form (networks from the last scan, strongest first, with their signal and
    /// whether they are open; a field for a hidden network; the password; the hub, folded away), "connecting…"
    /// (which reloads itself every second), and the result. Plain UTF-8 HTML with its CSS and a few lines of JS
    /// inline — no external resources, since the phone on the access point has no other network — laid out for a
    /// phone screen first. Everything that came from outside (network names, typed values) is HTML-escaped.
    /// </summary>
    public static class PortalPage
    {
        private const string Style =
            "*{box-sizing:border-box}body{margin:0;font:16px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f3f5f7;color:#1c2330}"
            + "main{max-width:30rem;margin:0 auto;padding:1.25rem 1rem 2rem}h1{font-size:1.35rem;margin:.2rem 0}"
            + ".sub{color:#5b6472;margin:0 0 1rem;font-size:.9rem}"
            + "fieldset{border:0;margin:0 0 1rem;padding:0}legend{font-weight:600;margin-bottom:.4rem}"
            + ".net{display:flex;align-items:center;gap:.7rem;background:#fff;border:1px solid #d8dde4;border-radius:.6rem;padding:.75rem .9rem;margin-bottom:.45rem;cursor:pointer}"
            + ".net:has(input:checked){border-color:#1769e0;box-shadow:0 0 0 2px #1769e033}.net input{margin:0;width:1.15rem;height:1.15rem}"
            + ".name{flex:1;font-weight:500;overflow-wrap:anywhere}.meta{color:#5b6472;font-size:.8rem;white-space:nowrap}"
            + "label.f{display:block;font-weight:600;margin:.8rem 0 .3rem}"
            + "input[type=text],input[type=password],input[type=number]{width:100%;font:inherit;padding:.7rem .8rem;border:1px solid #c3cad4;border-radius:.5rem;background:#fff}"
            + "input:focus{outline:2px solid #1769e0;outline-offset:1px}.bad{border-color:#c62828!important}"
            + ".show{display:flex;gap:.4rem;align-items:center;margin-top:.4rem;font-size:.9rem;color:#5b6472}"
            + "details{background:#fff;border:1px solid #d8dde4;border-radius:.6rem;padding:.6rem .9rem;margin:1rem 0}summary{font-weight:600;cursor:pointer}"
            + "button,.btn{display:block;width:100%;font:inherit;font-weight:600;padding:.85rem;border:0;border-radius:.6rem;background:#1769e0;color:#fff;margin-top:1rem;text-align:center;text-decoration:none}"
            + ".link{background:none;color:#1769e0;padding:.4rem;margin-top:.2rem;font-weight:500}"
            + ".msg{padding:.75rem .9rem;border-radius:.6rem;margin:0 0 1rem}.err{background:#fdecea;color:#8a1c1c;border:1px solid #f5c2c0}"
            + ".ok{background:#e7f6ec;color:#14532d;border:1px solid #b7e4c7}code{overflow-wrap:anywhere}"
            + ".spin{width:2.2rem;height:2.2rem;border:4px solid #d8dde4;border-top-color:#1769e0;border-radius:50%;margin:1.5rem auto;animation:r 1s linear infinite}"
            + "@keyframes r{to{transform:rotate(360deg)}}";

        // Open networks take no password: grey the field out; "Other network" wants its name typed.
        private const string Script =
            "function pick(){var r=document.querySelector('input[name=ssid]:checked'),p=document.getElementById('password'),o=document.getElementById('other_ssid');"
            + "if(!r)return;p.disabled=r.dataset.open==='1';if(p.disabled)p.value='';o.required=r.value==='';}"
            + "document.querySelectorAll('input[name=ssid]').forEach(function(r){r.addEventListener('change',pick)});"
            + "document.getElementById('other_ssid').addEventListener('input',function(){document.getElementById('other').checked=true;pick()});"
            + "document.getElementById('showpw').addEventListener('change',function(e){document.getElementById('password').type=e.target.checked?'text':'password'});pick();";

        /// <summary>
        /// The form. <paramref name="networks"/> is the last scan (null: none yet, the page says it is scanning);
        /// <paramref name="selected"/> is preselected (the network of a failed attempt or a refused form);
        /// <paramref name="error"/> is shown on top and marks <paramref name="errorField"/>.
        /// </summary>
        public static string Form(string deviceName, WifiNetwork[] networks, string selected, string error, string errorField, PortalForm hubValues)
        {
            StringBuilder b = Begin("Connect " + deviceName, networks == null);
            b.Append("<h1>Connect ").Append(Escape(deviceName)).Append(" to Wi-Fi</h1><p class=\"sub\">Pick your network and enter its password. The device joins it and then leaves this access point.</p>");
            if (error != null)
            {
                b.Append("<p class=\"msg err\" role=\"alert\">").Append(Escape(error)).Append("</p>");
            }

            b.Append("<form method=\"post\" action=\"/connect\" accept-charset=\"utf-8\"><fieldset><legend>Network</legend>");
            bool listed = false;
            for (int i = 0; networks != null && i < networks.Length; i++)
            {
                WifiNetwork n = networks[i];
                bool check = n.Ssid == selected;
                listed |= check;
                b.Append("<label class=\"net\"><input type=\"radio\" name=\"ssid\" value=\"").Append(Escape(n.Ssid)).Append("\" data-open=\"").Append(n.Secured ? "0" : "1").Append('"')
                    .Append(check ? " checked" : string.Empty).Append("><span class=\"name\">").Append(Escape(n.Ssid)).Append("</span><span class=\"meta\">")
                    .Append(n.Secured ? "secured" : "open").Append(" · ").Append(Bars(n.Rssi)).Append("</span></label>");
            }

            if (networks == null)
            {
                b.Append("<p class=\"sub\">Looking for networks…</p>");
            }
            else if (networks.Length == 0)
            {
                b.Append("<p class=\"sub\">No network in range. Type the name of yours below, or scan again.</p>");
            }

            bool other = !listed && selected != null && selected.Length > 0;
            b.Append("<label class=\"net\"><input type=\"radio\" name=\"ssid\" value=\"\" id=\"other\" data-open=\"0\"").Append(other ? " checked" : string.Empty)
                .Append("><span class=\"name\">Other network…</span></label>");
            b.Append("<input type=\"text\" name=\"other_ssid\" id=\"other_ssid\" maxlength=\"32\" autocomplete=\"off\" autocapitalize=\"none\" placeholder=\"Network name\" aria-label=\"Name of another network\"")
                .Append(Mark("other_ssid", errorField)).Append(other ? " value=\"" + Escape(selected) + "\"" : string.Empty).Append("></fieldset>");

            b.Append("<label class=\"f\" for=\"password\">Password</label><input type=\"password\" name=\"password\" id=\"password\" maxlength=\"64\" autocomplete=\"current-password\"")
                .Append(Mark("password", errorField)).Append("><label class=\"show\"><input type=\"checkbox\" id=\"showpw\">Show password</label>");

            MqttFields(b, hubValues, errorField);
            b.Append("<button type=\"submit\">Connect</button></form>");
            b.Append("<form method=\"post\" action=\"/scan\"><button type=\"submit\" class=\"link\">Scan again</button></form>");
            b.Append("<script>").Append(Script).Append("</script>");
            return End(b);
        }

        /// <summary>The page shown while the device tries the network; it reloads itself every second.</summary>
        public static string Connecting(string deviceName, string ssid)
        {
            StringBuilder b = Begin("Connecting…", true);
            b.Append("<h1>Connecting to ").Append(Escape(ssid)).Append("…</h1><div class=\"spin\" aria-hidden=\"true\"></div>")
                .Append("<p class=\"sub\">").Append(Escape(deviceName)).Append(" is joining the network. This takes a few seconds.</p>");
            return End(b);
        }

        /// <summary>The page shown once the device joined: where to find it now.</summary>
        public static string Connected(string deviceName, string deviceId, string ssid, string[] urls)
        {
            StringBuilder b = Begin("Connected", false);
            b.Append("<h1>Connected</h1><p class=\"msg ok\" role=\"status\">").Append(Escape(deviceName)).Append(" joined <b>").Append(Escape(ssid)).Append("</b> and stored it.</p>");
            if (urls.Length > 0)
            {
                b.Append("<p>Find it on its hub at <code>").Append(Escape(urls[0])).Append("</code>, as device <code>").Append(Escape(deviceId))
                    .Append("</code> (topics <code>endpoint/").Append(Escape(deviceId)).Append("/…</code>).</p>");
            }
            else
            {
                b.Append("<p>It has no hub yet: device <code>").Append(Escape(deviceId)).Append("</code> waits for one (Improv, or <code>endpoint flash --hub</code>).</p>");
            }

            b.Append("<p class=\"sub\">This access point closes in a few seconds; your phone goes back to its usual network.</p>");
            return End(b);
        }

        /// <summary>Escapes text for HTML content and double- or single-quoted attributes.</summary>
        public static string Escape(string s)
        {
            if (s == null)
            {
                return string.Empty;
            }

            StringBuilder b = null;
            for (int i = 0; i < s.Length; i++)
            {
                string rep = null;
                switch (s[i])
                {
                    case '&':
                        rep = "&amp;";
                        break;
                    case '<':
                        rep = "&lt;";
                        break;
                    case '>':
                        rep = "&gt;";
                        break;
                    case '"':
                        rep = "&quot;";
                        break;
                    case '\'':
                        rep = "&#39;";
                        break;
                }

                if (rep != null && b == null)
                {
                    b = new StringBuilder(s.Length + 16);
                    b.Append(s.Substring(0, i));
                }

                if (b != null)
                {
                    if (rep != null)
                    {
                        b.Append(rep);
                    }
                    else
                    {
                        b.Append(s[i]);
                    }
                }
            }

            return b == null ? s : b.ToString();
        }

        private static void MqttFields(StringBuilder b, PortalForm values, string errorField)
        {
            string host = values != null && values.Hub != null ? values.Hub.Host : null;
            bool open = errorField != null && errorField.StartsWith("hub_");
            b.Append("<details").Append(open ? " open" : string.Empty).Append("><summary>Hub (optional)</summary><p class=\"sub\">Only if the device should use another MQTT broker than the one it was set up with.</p>");
            b.Append("<label class=\"f\" for=\"hub_host\">Host</label><input type=\"text\" name=\"hub_host\" id=\"hub_host\" autocapitalize=\"none\" placeholder=\"broker.lan\"")
                .Append(Mark("hub_host", errorField)).Append(host != null ? " value=\"" + Escape(host) + "\"" : string.Empty).Append('>');
            b.Append("<label class=\"f\" for=\"hub_port\">Port</label><input type=\"number\" name=\"hub_port\" id=\"hub_port\" min=\"1\" max=\"65535\" placeholder=\"1883\"").Append(Mark("hub_port", errorField)).Append('>');
            b.Append("<label class=\"f\" for=\"hub_user\">User</label><input type=\"text\" name=\"hub_user\" id=\"hub_user\" autocapitalize=\"none\" autocomplete=\"off\"").Append(Mark("hub_user", errorField)).Append('>');
            b.Append("<label class=\"f\" for=\"hub_password\">Password</label><input type=\"password\" name=\"hub_password\" id=\"hub_password\" autocomplete=\"off\"").Append(Mark("hub_password", errorField)).Append('>');
            b.Append("<label class=\"show\"><input type=\"checkbox\" name=\"hub_tls\" id=\"hub_tls\"").Append(Mark("hub_tls", errorField)).Append(">TLS (mqtts, port 8883)</label></details>");
        }

        private static string Mark(string field, string errorField)
        {
            return field == errorField ? " class=\"bad\" aria-invalid=\"true\" autofocus" : string.Empty;
        }

        // Signal in words a phone user reads at a glance (dBm thresholds as phones draw their bars).
        private static string Bars(int rssi)
        {
            return rssi >= -60 ? "strong" : rssi >= -70 ? "good" : rssi >= -80 ? "fair" : "weak";
        }

        private static StringBuilder Begin(string title, bool refresh)
        {
            StringBuilder b = new StringBuilder(4096);
            b.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><link rel=\"icon\" href=\"data:,\">");
            if (refresh)
            {
                b.Append("<meta http-equiv=\"refresh\" content=\"1\">");
            }

            b.Append("<title>").Append(Escape(title)).Append("</title><style>").Append(Style).Append("</style></head><body><main>");
            return b;
        }

        private static string End(StringBuilder b)
        {
            b.Append("</main></body></html>");
            return b.ToString();
        }
    }
}
