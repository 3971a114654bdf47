using System;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;

namespace Endpoint.Core.Net
{
    /// <summary>
    /// Joins Wi-Fi with the stored credentials (<c>wifi.ssid</c>, <c>wifi.password</c>), retries with
    /// backoff, and starts the hub client once the station has an address. New credentials (from
    /// provisioning) are tried with <see cref="TryCredentials"/> and stored only once they work.
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
        private string _trialSsid;
        private string _trialPassword;
        private WifiTrialHandler _trialHandler;
        private int _trialTimer;
        private bool _held;

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

        /// <summary>Joins of the stored network that failed in a row (since the last success or the last <see cref="HoldJoins"/>).</summary>
        public int FailedJoins { get; private set; }

        /// <summary>A join of the stored network failed (<see cref="FailedJoins"/> counts it). Raised on the loop.</summary>
        public event RuntimeRequestHandler JoinFailed;

        /// <summary>
        /// True stops the station's own join attempts (the stored network and its retries) — <see cref="TryCredentials"/>
        /// still works. The captive portal holds them while its access point is open: on the ESP32 the station and the
        /// access point share one radio, and a station scanning for its network takes it off the access point's
        /// channel. Setting it back to false joins the stored network at once and counts failures from zero.
        /// </summary>
        public bool HoldJoins
        {
            get
            {
                return _held;
            }

            set
            {
                if (_held == value)
                {
                    return;
                }

                _held = value;
                FailedJoins = 0;
                if (value)
                {
                    CancelRetry();
                }
                else if (_wifi.State != WifiState.Connected && _trialHandler == null)
                {
                    Join();
                }
            }
        }

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

        /// <summary>True while <see cref="TryCredentials"/> is waiting for the network's answer.</summary>
        public bool IsTrying
        {
            get { return _trialHandler != null; }
        }

        /// <summary>
        /// Joins <paramref name="ssid"/> with <paramref name="password"/> instead of the stored network. When the
        /// station gets an address within <paramref name="timeoutMs"/>, both are stored in one atomic write
        /// (a power cut leaves the old pair or the new one) and <paramref name="handler"/> hears
        /// <c>true</c>; otherwise nothing is stored, the station goes back to the stored network (if any)
        /// and the handler hears why. Returns false, changing nothing, while another trial runs.
        /// </summary>
        public bool TryCredentials(string ssid, string password, long timeoutMs, WifiTrialHandler handler)
        {
            if (_trialHandler != null)
            {
                return false;
            }

            CancelRetry();
            _trialSsid = ssid;
            _trialPassword = password;
            _trialHandler = handler;
            _trialTimer = Scheduler.SetTimeout(timeoutMs, () =>
            {
                _trialTimer = 0;
                EndTrial(false, WifiFailure.Timeout);
            });
            LogInfo("trying network " + ssid);
            _wifi.Connect(ssid, password);
            return true;
        }

        /// <summary>Joins the stored network now (nothing while <see cref="HoldJoins"/>).</summary>
        public void Join()
        {
            string ssid = _settings.Get(SsidKey);
            if (ssid == null || _held)
            {
                return;
            }

            LogInfo("joining " + ssid);
            _wifi.Connect(ssid, _settings.Get(PasswordKey, string.Empty));
        }

        private void OnState(WifiState state)
        {
            if (_trialHandler != null)
            {
                // Connecting, and a Disconnected from leaving the previous network, are steps of the trial.
                if (state == WifiState.Failed)
                {
                    EndTrial(false, _wifi.Failure);
                }

                if (state != WifiState.Connected || !EndTrial(true, WifiFailure.None))
                {
                    return;
                }
            }

            if (state == WifiState.Connected)
            {
                _backoff.Reset();
                FailedJoins = 0;
                LogInfo("connected, address " + _wifi.IpAddress + ", RSSI " + _wifi.Rssi + " dBm");
                _hub.Start();
                return;
            }

            if (state == WifiState.Failed && HasCredentials && !_held)
            {
                FailedJoins++;
                RuntimeRequestHandler failed = JoinFailed;
                if (failed != null)
                {
                    failed();
                }
            }

            if ((state == WifiState.Failed || state == WifiState.Disconnected) && HasCredentials && _retryTimer == 0 && !_held)
            {
                long delay = _backoff.NextDelayMs();
                LogWarning((state == WifiState.Failed ? "join failed (" + Describe(_wifi.Failure) + ")" : "link lost") + "; retrying in " + (delay / 1000) + " s");
                _retryTimer = Scheduler.SetTimeout(delay, () =>
                {
                    _retryTimer = 0;
                    Join();
                });
            }
        }

        // Returns whether the new credentials are in use and stored.
        private bool EndTrial(bool joined, WifiFailure failure)
        {
            WifiTrialHandler handler = _trialHandler;
            string ssid = _trialSsid;
            string password = _trialPassword;
            _trialHandler = null;
            _trialSsid = null;
            _trialPassword = null;
            if (_trialTimer != 0)
            {
                Scheduler.Cancel(_trialTimer);
                _trialTimer = 0;
            }

            if (joined)
            {
                try
                {
                    _settings.SetMany(new string[] { SsidKey, PasswordKey }, new string[] { ssid, password });
                }
                catch (Exception ex)
                {
                    // The network works but flash refused the write: report it, so nobody believes it is stored.
                    LogError("joined " + ssid + " but could not store the credentials: " + ex.Message);
                    joined = false;
                    failure = WifiFailure.Other;
                }
            }

            if (joined)
            {
                LogInfo("joined " + ssid + "; credentials stored");
            }
            else
            {
                LogWarning("could not join " + ssid + ": " + Describe(failure));
                if (HasCredentials && !_held)
                {
                    Join(); // back to the network that worked before
                }
                else
                {
                    _wifi.Disconnect();
                }
            }

            handler(joined, failure);
            return joined;
        }

        private void CancelRetry()
        {
            if (_retryTimer != 0)
            {
                Scheduler.Cancel(_retryTimer);
                _retryTimer = 0;
            }
        }

        /// <summary>A short English reason for logs.</summary>
        public static string Describe(WifiFailure failure)
        {
            switch (failure)
            {
                case WifiFailure.WrongPassword:
                    return "wrong password";
                case WifiFailure.NetworkNotFound:
                    return "network not found";
                case WifiFailure.Timeout:
                    return "timed out";
                case WifiFailure.None:
                    return "no failure";
                default:
                    return "failed";
            }
        }
    }
}
