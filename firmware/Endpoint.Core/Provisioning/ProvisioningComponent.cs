using System;
using System.Collections;
using Endpoint.Core.Hub;
using Endpoint.Core.Net;
using Endpoint.Core.Provisioning.Portal;
using Endpoint.Core.Runtime;

namespace Endpoint.Core.Provisioning
{
    /// <summary>
    /// Gets a new device from the box onto Wi-Fi and the hub with Improv Wi-Fi (improv-wifi.com), over the
    /// UART the board keeps free for it (<see cref="Platform.Serial"/>) and over BLE (<see cref="Platform.Ble"/>),
    /// and serves the captive portal's device side (<see cref="IPortalDevice"/>, <see cref="CaptivePortal"/>):
    /// one join path and one scan for every channel.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Serial Improv runs whenever the port exists and reports provisioned once the device has a
    /// network, so a client can always read the state and the redirect URL or change the network.</item>
    /// <item>BLE Improv runs while the device has no network, and again after
    /// <see cref="EndpointRuntime.ProvisioningRequested"/> (a long press of the button, or the
    /// <c>cmd/provision</c> command). Credentials over BLE need a press of the button
    /// (<see cref="EndpointRuntime.ConfirmPresence"/>) within the last <see cref="AuthorizationTimeoutMs"/>;
    /// the setting <c>provision.ble_auth</c> = <c>none</c> opens it on a board without a button
    /// (<c>button</c> forces it). One second after success the Improv advertisement stops.</item>
    /// <item>Credentials — from Improv serial, Improv BLE or the portal, one attempt at a time — are tried with
    /// <see cref="NetworkComponent.TryCredentials"/>: stored atomically only once the network accepted them; on
    /// failure the previous ones stay and the station goes back to them. Hub settings from the portal are stored
    /// (<see cref="HubSettings.Save"/>, one atomic write) and applied only after the join succeeded. The hub starts
    /// when Wi-Fi is up (<see cref="NetworkComponent"/>).</item>
    /// <item>Redirect URL: the setting <c>provision.redirect_url</c> when set (e.g. the hub's web page),
    /// otherwise the broker the device will use, <c>mqtt://host:port</c> (without credentials); none when
    /// neither is known (the portal shows it too).</item>
    /// <item>Host name (<c>device.hostname</c>) and device name (<c>device.name</c>, the friendly name the
    /// hub shows) are stored settings; the device name is applied at start.</item>
    /// </list>
    /// </remarks>
    public sealed class ProvisioningComponent : Component, IImprovDevice, IPortalDevice
    {
        /// <summary>How long a scan may take before the portal shows an empty list (a radio busy joining reports nothing).</summary>
        public const long ScanWaitMs = 10000;

        /// <summary>Settings key of the host name.</summary>
        public const string HostnameKey = "device.hostname";

        /// <summary>Settings key of the device (friendly) name.</summary>
        public const string DeviceNameKey = "device.name";

        /// <summary>Settings key of the URL returned after provisioning.</summary>
        public const string RedirectUrlKey = "provision.redirect_url";

        /// <summary>Settings key of the BLE authorization: <c>button</c> or <c>none</c>.</summary>
        public const string BleAuthorizationKey = "provision.ble_auth";

        private readonly EndpointRuntime _runtime;
        private readonly ArrayList _scanners = new ArrayList();
        private ImprovSerialTransport _serial;
        private ImprovBleTransport _ble;
        private object _joining;
        private MqttConnectOptions _joiningHub;
        private WifiTrialHandler _portalDone;
        private WifiNetwork[] _networks;
        private int _scanTimer;
        private bool _bleActive;
        private int _bleStopTimer;

        /// <summary>Creates the component for <paramref name="runtime"/> (which adds it when the platform has Wi-Fi).</summary>
        public ProvisioningComponent(EndpointRuntime runtime)
            : base("provision")
        {
            _runtime = runtime;
            AuthorizeWithButton = true;
            AuthorizationTimeoutMs = 60000;
            JoinTimeoutMs = 20000;
            FirmwareName = "Endpoint " + runtime.Identity.Type;
            Chip = runtime.Identity.Board;
        }

        /// <summary>
        /// True when the app confirms presence with a button (<see cref="EndpointRuntime.ConfirmPresence"/>):
        /// BLE credentials then need a press. Apps on boards without a button set false (open, as the Improv
        /// spec allows). The <c>provision.ble_auth</c> setting overrides it.
        /// </summary>
        public bool AuthorizeWithButton { get; set; }

        /// <summary>How long a button press authorizes BLE provisioning (the Improv spec suggests 1 minute).</summary>
        public long AuthorizationTimeoutMs { get; set; }

        /// <summary>How long the station may take to join and get an address before "unable to connect".</summary>
        public long JoinTimeoutMs { get; set; }

        /// <summary>Firmware name in the device info ("Endpoint plug").</summary>
        public string FirmwareName { get; set; }

        /// <summary>Hardware chip/variant in the device info: the board id by default; apps set "board/soc".</summary>
        public string Chip { get; set; }

        /// <summary>The serial Improv machine, or null without a serial port.</summary>
        public ImprovStateMachine SerialImprov { get; private set; }

        /// <summary>The BLE Improv machine, or null until BLE provisioning first starts (or without a radio).</summary>
        public ImprovStateMachine BleImprov { get; private set; }

        /// <summary>True while the Improv advertisement has its turns on the air.</summary>
        public bool BleActive
        {
            get { return _bleActive; }
        }

        /// <summary>Credentials from any channel worked and are stored (raised on the loop).</summary>
        public event RuntimeRequestHandler Provisioned;

        /// <summary>True when the device has a network: credentials stored, or a link up.</summary>
        public bool IsProvisioned
        {
            get { return _runtime.Network.HasCredentials || _runtime.Network.IsTrying || _runtime.Platform.Wifi.State == WifiState.Connected; }
        }

        /// <inheritdoc />
        public override void Setup()
        {
            string name = _runtime.Settings.Get(DeviceNameKey);
            if (name != null)
            {
                _runtime.Identity.Name = name;
            }

            _runtime.Platform.Wifi.ScanCompleted += (station, networks) => Scheduler.Post(() => OnScanCompleted(networks));
            _runtime.ProvisioningRequested += Reopen;
            _runtime.PresenceConfirmed += () =>
            {
                if (BleImprov != null && _bleActive)
                {
                    BleImprov.Authorize();
                }
            };

            bool provisioned = IsProvisioned;
            if (_runtime.Platform.Serial != null)
            {
                _serial = new ImprovSerialTransport(_runtime.Platform.Serial, Scheduler, Clock);
                SerialImprov = new ImprovStateMachine(ImprovTransport.Serial, _serial, this, Scheduler);
                _serial.RpcReceived += SerialImprov.HandleRpc;
                _serial.Rejected += error => Rejected(SerialImprov, error);
                SerialImprov.Start(provisioned);
            }

            if (!provisioned)
            {
                StartBle();
            }
        }

        /// <inheritdoc />
        public override void DumpConfig()
        {
            string serial = _serial != null ? "serial" : "no serial";
            string ble = _runtime.Advertiser == null ? "no BLE" : "BLE " + (RequiresBleAuthorization() ? "(authorized by a button press)" : "(open: no authorization)");
            if (IsProvisioned)
            {
                LogInfo("Improv: " + serial + ", " + ble);
            }
            else
            {
                LogWarning("not provisioned: waiting for Wi-Fi credentials over Improv (" + serial + ", " + ble + ")");
            }
        }

        /// <inheritdoc />
        public bool BeginJoin(ImprovStateMachine requester, string ssid, string password)
        {
            return StartJoin(requester, ssid, password, null);
        }

        /// <inheritdoc />
        public bool BeginJoin(string ssid, string password, MqttConnectOptions hub, WifiTrialHandler done)
        {
            _portalDone = done;
            if (!StartJoin(done, ssid, password, hub))
            {
                _portalDone = null;
                return false;
            }

            return true;
        }

        /// <inheritdoc />
        public string DeviceId
        {
            get { return _runtime.Identity.Id; }
        }

        /// <inheritdoc />
        public WifiNetwork[] Networks
        {
            get { return _networks; }
        }

        /// <inheritdoc />
        public void Scan()
        {
            if (_runtime.Network.IsTrying || _scanTimer != 0)
            {
                return;
            }

            _scanTimer = Scheduler.SetTimeout(ScanWaitMs, () =>
            {
                _scanTimer = 0;
                if (_networks == null)
                {
                    _networks = new WifiNetwork[0]; // the page stops waiting and offers the hidden-network field
                }
            });
            _runtime.Platform.Wifi.Scan();
        }

        /// <inheritdoc />
        public bool BeginScan(ImprovStateMachine requester)
        {
            if (_runtime.Network.IsTrying)
            {
                return false;
            }

            if (!_scanners.Contains(requester))
            {
                _scanners.Add(requester);
            }

            if (_scanners.Count == 1 && _scanTimer == 0)
            {
                _runtime.Platform.Wifi.Scan();
            }

            return true;
        }

        /// <inheritdoc />
        public bool CanIdentify
        {
            get { return _runtime.CanIdentify; }
        }

        /// <inheritdoc />
        public void Identify()
        {
            _runtime.RequestIdentify();
        }

        /// <inheritdoc />
        public string[] DeviceInfo()
        {
            return new string[] { FirmwareName, _runtime.Identity.FirmwareVersion, Chip, _runtime.Identity.Name };
        }

        /// <inheritdoc />
        public string Hostname
        {
            get
            {
                string stored = _runtime.Settings.Get(HostnameKey);
                return stored != null ? stored : DefaultHostname(_runtime.Identity.Id);
            }
        }

        /// <inheritdoc />
        public bool SetHostname(string hostname)
        {
            return Store(HostnameKey, hostname);
        }

        /// <inheritdoc />
        public string DeviceName
        {
            get { return _runtime.Identity.Name; }
        }

        /// <inheritdoc />
        public bool SetDeviceName(string name)
        {
            if (!Store(DeviceNameKey, name))
            {
                return false;
            }

            _runtime.Identity.Name = name;
            if (_runtime.Hub.State == HubState.Online)
            {
                _runtime.Hub.PublishAnnouncements(); // the hub shows the new name at once
            }

            return true;
        }

        /// <inheritdoc />
        public string[] RedirectUrls()
        {
            string url = _runtime.Settings.Get(RedirectUrlKey);
            if (url == null || url.Length == 0)
            {
                url = _runtime.Hub.BrokerUrl;
            }

            return url == null || url.Length == 0 ? new string[0] : new string[] { url };
        }

        /// <inheritdoc />
        public bool IsOnline
        {
            get { return _runtime.Platform.Wifi.State == WifiState.Connected; }
        }

        /// <summary>The host name used when none is stored: the device id with '_' (not allowed in host names) as '-'.</summary>
        public static string DefaultHostname(string id)
        {
            char[] chars = id.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '_')
                {
                    chars[i] = '-';
                }
            }

            return new string(chars);
        }

        // Long press or cmd/provision: take credentials again on every channel; the current network stays
        // in use until new credentials work.
        private void Reopen()
        {
            if (SerialImprov != null && _joining != SerialImprov)
            {
                SerialImprov.Start(false);
            }

            StartBle();
        }

        private void StartBle()
        {
            if (_runtime.Advertiser == null)
            {
                return;
            }

            if (_ble == null)
            {
                byte capabilities = (byte)(ImprovCapabilities.DeviceInfo | ImprovCapabilities.ScanNetworks | ImprovCapabilities.Hostname);
                if (CanIdentify)
                {
                    capabilities |= ImprovCapabilities.Identify;
                }

                _ble = new ImprovBleTransport(_runtime.Platform.Ble, Scheduler, capabilities);
                BleImprov = new ImprovStateMachine(ImprovTransport.Ble, _ble, this, Scheduler);
                _ble.RpcReceived += BleImprov.HandleRpc;
                _ble.Rejected += error => Rejected(BleImprov, error);
                _ble.StateChanged += Advertise;
                _ble.Start();
            }

            if (_joining == BleImprov)
            {
                return;
            }

            if (_bleStopTimer != 0)
            {
                Scheduler.Cancel(_bleStopTimer);
                _bleStopTimer = 0;
            }

            _bleActive = true;
            BleImprov.RequiresAuthorization = RequiresBleAuthorization();
            BleImprov.AuthorizationTimeoutMs = AuthorizationTimeoutMs;
            BleImprov.Start(false);
            _runtime.Advertiser.AddSource(_ble);
        }

        private bool RequiresBleAuthorization()
        {
            string mode = _runtime.Settings.Get(BleAuthorizationKey);
            if (mode == "none")
            {
                return false;
            }

            return mode == "button" || AuthorizeWithButton;
        }

        // While BLE provisioning runs, the Improv advertisement (service UUID and 0x4677 data) takes its turns on
        // the air with the BTHome packets and follows every state change at once, as the spec requires.
        private void Advertise()
        {
            _runtime.Advertiser.Update(_ble);
        }

        // One attempt at a time, whichever channel it comes from: requester is an Improv machine or the portal's handler.
        private bool StartJoin(object requester, string ssid, string password, MqttConnectOptions hub)
        {
            if (_joining != null)
            {
                return false;
            }

            _joining = requester;
            _joiningHub = hub;
            if (!_runtime.Network.TryCredentials(ssid, password, JoinTimeoutMs, OnJoinResult))
            {
                _joining = null;
                _joiningHub = null;
                return false;
            }

            LogInfo(Describe(requester) + ": received credentials for " + ssid + (hub != null ? " and the hub " + hub.Host + ":" + hub.Port : string.Empty));
            return true;
        }

        private void OnJoinResult(bool joined, WifiFailure failure)
        {
            object requester = _joining;
            MqttConnectOptions hub = _joiningHub;
            WifiTrialHandler portal = _portalDone;
            _joining = null;
            _joiningHub = null;
            _portalDone = null;
            if (requester == null)
            {
                return;
            }

            ImprovStateMachine improv = requester as ImprovStateMachine;
            if (!joined)
            {
                LogWarning(Describe(requester) + ": unable to connect (" + NetworkComponent.Describe(failure) + "); previous credentials kept");
                if (improv != null)
                {
                    improv.JoinFailed();
                }
                else
                {
                    portal(false, failure);
                }

                return;
            }

            if (hub != null)
            {
                UseHub(hub);
            }

            if (improv != null)
            {
                improv.JoinSucceeded();
            }
            else
            {
                portal(true, WifiFailure.None);
            }

            if (SerialImprov != null && SerialImprov != requester)
            {
                SerialImprov.ProvisionedElsewhere();
            }

            if (BleImprov != null && BleImprov != requester && _bleActive)
            {
                BleImprov.ProvisionedElsewhere();
            }

            string[] urls = RedirectUrls();
            LogInfo("provisioned over " + Describe(requester) + (urls.Length > 0 ? "; redirect " + urls[0] : string.Empty));
            if (_bleActive)
            {
                // ESPHome's esp32_improv also stops one second later, after the client has read the result.
                _bleStopTimer = Scheduler.SetTimeout(1000, () =>
                {
                    _bleStopTimer = 0;
                    _bleActive = false;
                    _runtime.Advertiser.RemoveSource(_ble);
                });
            }

            RuntimeRequestHandler provisioned = Provisioned;
            if (provisioned != null)
            {
                provisioned();
            }
        }

        // Stores the hub the portal was given (one atomic write) and connects to it: the network component starts
        // the hub right after this, so a running connection to the old broker is closed first.
        private void UseHub(MqttConnectOptions hub)
        {
            try
            {
                HubSettings.Save(_runtime.Settings, hub);
            }
            catch (Exception ex)
            {
                LogError("joined, but could not store the hub " + hub.Host + ": " + ex.Message + "; keeping the previous one");
                return;
            }

            if (_runtime.Hub.State != HubState.Stopped)
            {
                _runtime.Hub.Stop();
            }

            _runtime.Hub.Configure(hub);
            LogInfo("hub " + _runtime.Hub.BrokerUrl + " stored");
        }

        private void OnScanCompleted(WifiNetwork[] networks)
        {
            WifiNetwork[] list = Strongest(networks);
            _networks = list;
            if (_scanTimer != 0)
            {
                Scheduler.Cancel(_scanTimer);
                _scanTimer = 0;
            }

            for (int i = 0; i < _scanners.Count; i++)
            {
                ((ImprovStateMachine)_scanners[i]).ScanCompleted(list);
            }

            _scanners.Clear();
        }

        private void Rejected(ImprovStateMachine machine, ImprovFrameError error)
        {
            LogDebug("Improv " + Describe(machine) + ": dropped a frame (" + (error == ImprovFrameError.BadChecksum ? "bad checksum" : error == ImprovFrameError.Truncated ? "truncated" : error == ImprovFrameError.TooLong ? "too long" : "unknown packet type") + ")");
            machine.RejectFrame();
        }

        private bool Store(string key, string value)
        {
            try
            {
                _runtime.Settings.Set(key, value);
                return true;
            }
            catch (Exception ex)
            {
                LogError("could not store " + key + ": " + ex.Message);
                return false;
            }
        }

        private static string Describe(ImprovStateMachine machine)
        {
            return machine.Transport == ImprovTransport.Serial ? "serial" : "BLE";
        }

        private static string Describe(object requester)
        {
            ImprovStateMachine improv = requester as ImprovStateMachine;
            return improv != null ? "Improv " + Describe(improv) : "the captive portal";
        }

        // One entry per name (several access points share one), strongest first, hidden networks left out.
        private static WifiNetwork[] Strongest(WifiNetwork[] networks)
        {
            ArrayList kept = new ArrayList();
            for (int i = 0; i < networks.Length; i++)
            {
                WifiNetwork n = networks[i];
                if (n.Ssid == null || n.Ssid.Length == 0)
                {
                    continue;
                }

                int same = -1;
                for (int j = 0; j < kept.Count; j++)
                {
                    if (((WifiNetwork)kept[j]).Ssid == n.Ssid)
                    {
                        same = j;
                        break;
                    }
                }

                if (same < 0)
                {
                    kept.Add(n);
                }
                else if (((WifiNetwork)kept[same]).Rssi < n.Rssi)
                {
                    kept[same] = n;
                }
            }

            WifiNetwork[] sorted = new WifiNetwork[kept.Count];
            for (int i = 0; i < sorted.Length; i++)
            {
                sorted[i] = (WifiNetwork)kept[i];
            }

            // Insertion sort: a scan lists a few dozen networks at most (Array.Sort is not in nanoFramework).
            for (int i = 1; i < sorted.Length; i++)
            {
                WifiNetwork x = sorted[i];
                int j = i - 1;
                while (j >= 0 && sorted[j].Rssi < x.Rssi)
                {
                    sorted[j + 1] = sorted[j];
                    j--;
                }

                sorted[j + 1] = x;
            }

            return sorted;
        }
    }
}
