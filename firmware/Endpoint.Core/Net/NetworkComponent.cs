using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;

namespace Endpoint.Core.Net
{
    /// <summary>
    /// Joins Wi-Fi with the stored credentials (<c>wifi.ssid</c>, <c>wifi.password</c>), retries with
    /// backoff, and starts the hub client once the station has an address.
    /// </summary>
    public sealed class NetworkComponent : Component
    {
        /// <summary>Key of the network name.</summary>
        public const string SsidKey = "wifi.ssid";

        /// <summary>Key of the network password.</summary>
        public const string PasswordKey = "wifi.password";

        private readonly IWifiStation _wifi;
        private readonly KeyValueStore _settings;
        private readonly HubClient _hub;
        private readonly Backoff _backoff;
        private int _retryTimer;

        /// <summary>Creates the component.</summary>
        public NetworkComponent(IWifiStation wifi, KeyValueStore settings, HubClient hub, Backoff backoff)
            : base("wifi")
        {
            _wifi = wifi;
            _settings = settings;
            _hub = hub;
            _backoff = backoff;
            StartOnSetup = true;
        }

        /// <summary>
        /// When true (the default) setup joins the network at once. A battery device that may go back to
        /// sleep without the radio turns it off and calls <see cref="Start"/> only when it has something to send.
        /// </summary>
        public bool StartOnSetup { get; set; }

        /// <summary>True when credentials are stored.</summary>
        public bool HasCredentials
        {
            get { return _settings.Get(SsidKey) != null; }
        }

        /// <inheritdoc />
        public override void Setup()
        {
            _wifi.StateChanged += (station, state) => Scheduler.Post(() => OnState(state));
            if (StartOnSetup)
            {
                Start();
            }
        }

        /// <summary>Starts the hub at once when the station is already joined, otherwise joins the stored network.</summary>
        public void Start()
        {
            if (_wifi.State == WifiState.Connected)
            {
                OnState(WifiState.Connected);
                return;
            }

            Join();
        }

        /// <inheritdoc />
        public override void DumpConfig()
        {
            if (HasCredentials)
            {
                LogInfo("network: " + _settings.Get(SsidKey));
            }
            else if (_wifi.State != WifiState.Connected)
            {
                LogWarning("no Wi-Fi credentials stored: waiting for provisioning");
            }
        }

        /// <summary>Joins the stored network now (after provisioning stored new credentials).</summary>
        public void Join()
        {
            string ssid = _settings.Get(SsidKey);
            if (ssid == null)
            {
                return;
            }

            LogInfo("joining " + ssid);
            _wifi.Connect(ssid, _settings.Get(PasswordKey, string.Empty));
        }

        private void OnState(WifiState state)
        {
            if (state == WifiState.Connected)
            {
                _backoff.Reset();
                LogInfo("connected, address " + _wifi.IpAddress + ", RSSI " + _wifi.Rssi + " dBm");
                _hub.Start();
                return;
            }

            if ((state == WifiState.Failed || state == WifiState.Disconnected) && HasCredentials && _retryTimer == 0)
            {
                long delay = _backoff.NextDelayMs();
                LogWarning((state == WifiState.Failed ? "join failed" : "link lost") + "; retrying in " + (delay / 1000) + " s");
                _retryTimer = Scheduler.SetTimeout(delay, () =>
                {
                    _retryTimer = 0;
                    Join();
                });
            }
        }
    }
}
