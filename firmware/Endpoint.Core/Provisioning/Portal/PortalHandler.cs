using Endpoint.Core.Net;
using Endpoint.Core.Runtime;

namespace Endpoint.Core.Provisioning.Portal
{
    /// <summary>
    /// The captive portal as a function from <see cref="HttpRequest"/> to <see cref="HttpResponse"/>, whatever
    /// server carries it (the device's socket server on the access point, the simulator's loopback listener).
    /// Runs on the endpoint's loop: servers post each request into it.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><c>GET /</c>: the form, "connecting…" while a join runs, or the result.</item>
    /// <item><c>POST /connect</c>: the form (<see cref="FormData"/>, <see cref="PortalForm"/>); a bad form is answered
    /// 400 with the form again and the reason, and starts nothing; a good one starts the join
    /// (<see cref="IPortalDevice.BeginJoin"/>) and redirects to <c>/</c> (303, RFC 9110 §15.4.4).</item>
    /// <item><c>POST /scan</c>: a new scan, then <c>/</c>.</item>
    /// <item>Captive-portal detection: a request for another host (the DNS responder sends every name here) or for
    /// any other path — Android's <c>/generate_204</c>, Apple's <c>/hotspot-detect.html</c>, Windows'
    /// <c>/connecttest.txt</c> and <c>/ncsi.txt</c>, Firefox's <c>/canonical.html</c>… — gets a 302 to the portal,
    /// which tells the OS it is behind a portal and makes it open this page.</item>
    /// <item><c>/favicon.ico</c> is 404 (no redirect loop for an icon); methods other than GET, HEAD and POST are 405.</item>
    /// </list>
    /// Passwords are never echoed into a page or a log.
    /// </remarks>
    public sealed class PortalHandler
    {
        private readonly IPortalDevice _device;
        private readonly FormData _form = new FormData();
        private readonly PortalForm _fields = new PortalForm();
        private PortalStatus _status = PortalStatus.Form;
        private string _ssid;
        private string _error;
        private string _errorField;

        /// <summary>Creates the handler for <paramref name="device"/>, served at <paramref name="host"/> ("192.168.4.1", "127.0.0.1:8080").</summary>
        public PortalHandler(IPortalDevice device, string host)
        {
            _device = device;
            Host = host;
        }

        /// <summary>The host the portal is served at; requests for other hosts are redirected here.</summary>
        public string Host { get; private set; }

        /// <summary>The portal's address: <c>http://host/</c>.</summary>
        public string Url
        {
            get { return "http://" + Host + "/"; }
        }

        /// <summary>False while the access point is closed: requests get 503.</summary>
        public bool Active { get; set; }

        /// <summary>Where the page stands.</summary>
        public PortalStatus Status
        {
            get { return _status; }
        }

        /// <summary>Every request that reaches the open portal: someone is using it (the idle timeout restarts).</summary>
        public event RuntimeRequestHandler Activity;

        /// <summary>Back to the empty form (the access point opened again).</summary>
        public void Reset()
        {
            _status = PortalStatus.Form;
            _ssid = null;
            _error = null;
            _errorField = null;
        }

        /// <summary>Answers one request.</summary>
        public HttpResponse Handle(HttpRequest request)
        {
            HttpResponse response = Route(request);
            if (request.Method == "HEAD")
            {
                response.OmitBody = true;
            }

            return response;
        }

        /// <summary>The answer to a request the parser refused: its status and reason as text.</summary>
        public static HttpResponse Refused(int status, string reason)
        {
            return HttpResponse.PlainText(status, reason + "\n");
        }

        private HttpResponse Route(HttpRequest request)
        {
            string method = request.Method;
            if (method != "GET" && method != "HEAD" && method != "POST")
            {
                return HttpResponse.PlainText(405, "only GET, HEAD and POST\n");
            }

            if (!Active)
            {
                return HttpResponse.PlainText(503, "the access point is closing\n");
            }

            RuntimeRequestHandler activity = Activity;
            if (activity != null)
            {
                activity();
            }

            string host = request.Host;
            if (host != null && host.ToLower() != Host)
            {
                return HttpResponse.Redirect(302, Url);
            }

            string path = request.Path;
            if (path == "/favicon.ico")
            {
                return HttpResponse.PlainText(404, "no icon\n");
            }

            if (method == "POST")
            {
                if (path == "/connect")
                {
                    return Submit(request);
                }

                if (path == "/scan")
                {
                    _device.Scan();
                    return HttpResponse.Redirect(303, "/");
                }

                return HttpResponse.PlainText(405, "POST goes to /connect or /scan\n");
            }

            if (path != "/")
            {
                // OS connectivity probes and anything else: "you are behind a portal, here it is".
                return HttpResponse.Redirect(302, Url);
            }

            return Page(200);
        }

        private HttpResponse Submit(HttpRequest request)
        {
            if (_status == PortalStatus.Connecting || _status == PortalStatus.Connected)
            {
                return HttpResponse.Redirect(303, "/");
            }

            string type = request.Header("content-type");
            if (!IsFormType(type))
            {
                return Refuse(415, "The form must be sent as application/x-www-form-urlencoded (UTF-8).", null);
            }

            byte[] body = request.Body;
            string error = FormData.Parse(body, 0, body.Length, _form);
            if (error != null)
            {
                return Refuse(400, "The form could not be read: " + error + ".", null);
            }

            error = _fields.Read(_form, _device.Networks);
            if (error != null)
            {
                string typed = _form.Get("ssid");
                return Refuse(400, error, typed != null && typed.Length > 0 ? typed : _form.Get("other_ssid"));
            }

            if (!_device.BeginJoin(_fields.Ssid, _fields.Password, _fields.Hub, OnJoined))
            {
                return Refuse(503, "The device is busy trying another network; try again in a moment.", _fields.Ssid);
            }

            _status = PortalStatus.Connecting;
            _ssid = _fields.Ssid;
            _error = null;
            _errorField = null;
            return HttpResponse.Redirect(303, "/");
        }

        private void OnJoined(bool joined, WifiFailure failure)
        {
            if (joined)
            {
                _status = PortalStatus.Connected;
                return;
            }

            _status = PortalStatus.Form;
            _error = "Unable to connect to '" + _ssid + "': " + Reason(failure) + ". Check the password and try again.";
            _errorField = failure == WifiFailure.NetworkNotFound ? "ssid" : "password";
        }

        private HttpResponse Refuse(int status, string error, string ssid)
        {
            _error = error;
            _errorField = _fields.ErrorField;
            _ssid = ssid;
            HttpResponse page = Page(status);
            _error = null;
            _errorField = null;
            return page;
        }

        private HttpResponse Page(int status)
        {
            string name = _device.DeviceName;
            switch (_status)
            {
                case PortalStatus.Connecting:
                    return HttpResponse.Html(status, PortalPage.Connecting(name, _ssid));
                case PortalStatus.Connected:
                    return HttpResponse.Html(status, PortalPage.Connected(name, _device.DeviceId, _ssid, _device.RedirectUrls()));
                default:
                    string error = _error;
                    string field = _errorField;

                    // A failed attempt is said once; a reload shows the plain form.
                    if (status == 200)
                    {
                        _error = null;
                        _errorField = null;
                    }

                    return HttpResponse.Html(status, PortalPage.Form(name, _device.Networks, _ssid, error, field, _fields));
            }
        }

        private static string Reason(WifiFailure failure)
        {
            switch (failure)
            {
                case WifiFailure.WrongPassword:
                    return "wrong password";
                case WifiFailure.NetworkNotFound:
                    return "network not found";
                case WifiFailure.Timeout:
                    return "no answer in time";
                default:
                    return "the network refused";
            }
        }

        // application/x-www-form-urlencoded, optionally with charset=utf-8 (the form says accept-charset="utf-8").
        private static bool IsFormType(string type)
        {
            if (type == null)
            {
                return false;
            }

            string t = type.ToLower();
            int semicolon = t.IndexOf(';');
            string media = (semicolon < 0 ? t : t.Substring(0, semicolon)).Trim();
            if (media != "application/x-www-form-urlencoded")
            {
                return false;
            }

            if (semicolon < 0)
            {
                return true;
            }

            string parameter = t.Substring(semicolon + 1).Trim();
            return parameter == "charset=utf-8" || parameter == "charset=\"utf-8\"";
        }
    }
}
