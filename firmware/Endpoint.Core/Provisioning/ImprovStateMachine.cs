using System.Text;
using Endpoint.Core.Net;
using Endpoint.Core.Runtime;

namespace Endpoint.Core.Provisioning
{
    /// <summary>
    /// The Improv Wi-Fi protocol (improv-wifi.com, BLE protocol 2.4 and serial) for one client channel,
    /// independent of the framing: decoded RPC commands and device events go in, states, errors and
    /// results go out through an <see cref="IImprovChannel"/>. All calls run on the endpoint loop.
    /// </summary>
    /// <remarks>
    /// Rules, per state (AR = authorization required, A = authorized, P = provisioning, D = provisioned):
    /// <list type="bullet">
    /// <item>Every well-framed command first clears the error state (serial spec, "Packet: RPC Command").</item>
    /// <item>0x01 send Wi-Fi settings: accepted in A (serial also in D: serial access is physical presence,
    /// and ESP Web Tools changes the network of a provisioned device this way) → P, then D with the
    /// redirect URL as result, or error 0x03 and back to A. AR and BLE-D → 0x04 not authorized; P → 0xFF
    /// (a join is running). Malformed data → 0x01.</item>
    /// <item>0x02 BLE identify: AR and A only ("The client is able to send an identify … in the states
    /// Require Authorization and Authorized"), no result. Serial request current state: any state; the
    /// state, plus the URLs (result 0x02) when provisioned.</item>
    /// <item>0x03 device info: any state.</item>
    /// <item>0x04 scan: any state but P (the radio is busy joining → 0xFF). Serial: one result per network
    /// [SSID, RSSI, YES|NO] then an empty result; BLE: one result of triples [SSID, RSSI, WPA2|NO].</item>
    /// <item>0x05 hostname, get or set: A only ("only available while the device is Authorized"), else
    /// 0x04; an unacceptable name → 0x05.</item>
    /// <item>0x06 device name: get in any state; set in A only, else 0x04; an unusable name → 0x01.</item>
    /// <item>0x07 network state (serial only): flags and URLs. Any other command → 0x02 unknown.</item>
    /// <item>BLE authorization lasts <see cref="AuthorizationTimeoutMs"/> (the spec suggests 1 minute) and
    /// restarts after a failed join and after setting the hostname or device name.</item>
    /// </list>
    /// </remarks>
    public sealed class ImprovStateMachine
    {
        private readonly ImprovTransport _transport;
        private readonly IImprovChannel _channel;
        private readonly IImprovDevice _device;
        private readonly IScheduler _scheduler;
        private int _authTimer;
        private int _scanTimer;
        private bool _scanPending;

        /// <summary>Creates a machine for one channel; <see cref="Start"/> begins the protocol.</summary>
        public ImprovStateMachine(ImprovTransport transport, IImprovChannel channel, IImprovDevice device, IScheduler scheduler)
        {
            _transport = transport;
            _channel = channel;
            _device = device;
            _scheduler = scheduler;
            RequiresAuthorization = true;
            AuthorizationTimeoutMs = 60000;
            ScanTimeoutMs = 15000;
            State = ImprovState.Stopped;
        }

        /// <summary>The framing this machine serves.</summary>
        public ImprovTransport Transport
        {
            get { return _transport; }
        }

        /// <summary>The current state.</summary>
        public ImprovState State { get; private set; }

        /// <summary>The last error reported.</summary>
        public ImprovError Error { get; private set; }

        /// <summary>BLE: credentials need a physical authorization (<see cref="Authorize"/>). Ignored over serial.</summary>
        public bool RequiresAuthorization { get; set; }

        /// <summary>How long an authorization lasts.</summary>
        public long AuthorizationTimeoutMs { get; set; }

        /// <summary>How long to wait for scan results before reporting an error.</summary>
        public long ScanTimeoutMs { get; set; }

        /// <summary>
        /// (Re)starts the protocol: provisioned, or waiting for credentials (BLE with authorization: waiting for
        /// a button press first). Pending scans and authorizations are forgotten.
        /// </summary>
        public void Start(bool provisioned)
        {
            CancelAuthorization();
            CancelScan();
            ImprovState initial = provisioned ? ImprovState.Provisioned : InitialWaitingState();
            SetError(ImprovError.None);
            SetState(initial);
        }

        /// <summary>A person is at the device (button press): authorizes a BLE machine, or extends its authorization.</summary>
        public void Authorize()
        {
            if (_transport != ImprovTransport.Ble || !RequiresAuthorization)
            {
                return;
            }

            if (State == ImprovState.AuthorizationRequired)
            {
                SetState(ImprovState.Authorized);
                StartAuthorizationTimer();
            }
            else if (State == ImprovState.Authorized)
            {
                StartAuthorizationTimer();
            }
        }

        /// <summary>A frame could not be decoded (bad checksum, truncated, wrong length): reports an invalid RPC.</summary>
        public void RejectFrame()
        {
            SetError(ImprovError.InvalidRpc);
        }

        /// <summary>
        /// Handles one RPC command, <c>[command][data length][data]</c>, already unwrapped from its framing
        /// (any checksum verified and removed).
        /// </summary>
        public void HandleRpc(byte[] data, int offset, int count)
        {
            if (count < 2 || data[offset + 1] != count - 2)
            {
                SetError(ImprovError.InvalidRpc);
                return;
            }

            byte command = data[offset];
            int at = offset + 2;
            int length = count - 2;
            SetError(ImprovError.None);
            switch (command)
            {
                case ImprovCommand.WifiSettings:
                    OnWifiSettings(data, at, length);
                    break;
                case ImprovCommand.RequestState: // == Identify
                    if (length != 0)
                    {
                        SetError(ImprovError.InvalidRpc);
                    }
                    else if (_transport == ImprovTransport.Serial)
                    {
                        OnRequestState();
                    }
                    else if (State == ImprovState.AuthorizationRequired || State == ImprovState.Authorized)
                    {
                        _device.Identify();
                    }

                    break;
                case ImprovCommand.DeviceInfo:
                    if (length != 0)
                    {
                        SetError(ImprovError.InvalidRpc);
                        break;
                    }

                    string[] info = _device.DeviceInfo();
                    _channel.SendResult(ImprovCommand.DeviceInfo, info, info.Length);
                    break;
                case ImprovCommand.ScanNetworks:
                    OnScan(length);
                    break;
                case ImprovCommand.Hostname:
                    OnHostname(data, at, length);
                    break;
                case ImprovCommand.DeviceName:
                    OnDeviceName(data, at, length);
                    break;
                case ImprovCommand.NetworkState:
                    if (_transport != ImprovTransport.Serial)
                    {
                        SetError(ImprovError.UnknownRpc);
                    }
                    else if (length != 0)
                    {
                        SetError(ImprovError.InvalidRpc);
                    }
                    else
                    {
                        OnNetworkState();
                    }

                    break;
                default:
                    SetError(ImprovError.UnknownRpc);
                    break;
            }
        }

        /// <summary>The credentials this machine sent worked: provisioned, with the redirect URL as the result.</summary>
        public void JoinSucceeded()
        {
            CancelAuthorization();
            SetState(ImprovState.Provisioned);
            string[] urls = _device.RedirectUrls();
            _channel.SendResult(ImprovCommand.WifiSettings, urls, urls.Length);
        }

        /// <summary>The credentials this machine sent did not work: "unable to connect", back to authorized.</summary>
        public void JoinFailed()
        {
            SetError(ImprovError.UnableToConnect);
            SetState(ImprovState.Authorized);
            if (_transport == ImprovTransport.Ble && RequiresAuthorization)
            {
                // "If the gadget required authorization, the authorization reset timeout should start over."
                StartAuthorizationTimer();
            }
        }

        /// <summary>Another channel provisioned the device: this one reports provisioned too.</summary>
        public void ProvisionedElsewhere()
        {
            CancelAuthorization();
            CancelScan();
            SetState(ImprovState.Provisioned);
        }

        /// <summary>The scan this machine asked for finished (networks strongest first; hidden ones removed).</summary>
        public void ScanCompleted(WifiNetwork[] networks)
        {
            if (!_scanPending)
            {
                return;
            }

            CancelScan();
            if (_transport == ImprovTransport.Serial)
            {
                // improv-wifi.com/serial: one result per network, then an empty one that ends the list.
                string[] entry = new string[3];
                for (int i = 0; i < networks.Length; i++)
                {
                    entry[0] = networks[i].Ssid;
                    entry[1] = networks[i].Rssi.ToString();
                    entry[2] = networks[i].Secured ? "YES" : "NO";
                    _channel.SendResult(ImprovCommand.ScanNetworks, entry, 3);
                }

                _channel.SendResult(ImprovCommand.ScanNetworks, entry, 0);
                return;
            }

            // improv-wifi.com/ble: one result holding triples; as many whole triples as fit 255 bytes.
            // The authentication type is WEP, WPA, WPA2 or NO; platforms that only know "secured" say WPA2.
            string[] all = new string[networks.Length * 3];
            int used = 0;
            int bytes = 0;
            for (int i = 0; i < networks.Length; i++)
            {
                string ssid = networks[i].Ssid;
                string rssi = networks[i].Rssi.ToString();
                string auth = networks[i].Secured ? "WPA2" : "NO";
                int size = 3 + ImprovRpc.Utf8Length(ssid) + rssi.Length + auth.Length;
                if (bytes + size > ImprovRpc.MaxData)
                {
                    break;
                }

                all[used++] = ssid;
                all[used++] = rssi;
                all[used++] = auth;
                bytes += size;
            }

            _channel.SendResult(ImprovCommand.ScanNetworks, all, used);
        }

        private ImprovState InitialWaitingState()
        {
            return _transport == ImprovTransport.Ble && RequiresAuthorization ? ImprovState.AuthorizationRequired : ImprovState.Authorized;
        }

        private void OnWifiSettings(byte[] data, int at, int length)
        {
            bool accepts = State == ImprovState.Authorized
                || (_transport == ImprovTransport.Serial && State == ImprovState.Provisioned);
            if (State == ImprovState.Provisioning)
            {
                SetError(ImprovError.Unknown);
                return;
            }

            if (!accepts)
            {
                SetError(ImprovError.NotAuthorized);
                return;
            }

            string ssid;
            string password;
            ImprovError parsed = ImprovRpc.ParseWifiSettings(data, at, length, out ssid, out password);
            if (parsed != ImprovError.None)
            {
                SetError(parsed);
                return;
            }

            CancelScan();
            ImprovState before = State;
            SetState(ImprovState.Provisioning);
            if (!_device.BeginJoin(this, ssid, password))
            {
                // Another channel is joining: nothing started here.
                SetState(before);
                SetError(ImprovError.Unknown);
                return;
            }

            CancelAuthorization();
        }

        private void OnRequestState()
        {
            _channel.SendState(State);
            if (State == ImprovState.Provisioned)
            {
                string[] urls = _device.RedirectUrls();
                _channel.SendResult(ImprovCommand.RequestState, urls, urls.Length);
            }
        }

        private void OnScan(int length)
        {
            if (length != 0)
            {
                SetError(ImprovError.InvalidRpc);
                return;
            }

            if (State == ImprovState.Provisioning)
            {
                SetError(ImprovError.Unknown);
                return;
            }

            if (_scanPending)
            {
                return; // the answer to the first request answers this one too
            }

            if (!_device.BeginScan(this))
            {
                SetError(ImprovError.Unknown);
                return;
            }

            _scanPending = true;
            _scanTimer = _scheduler.SetTimeout(ScanTimeoutMs, () =>
            {
                _scanTimer = 0;
                _scanPending = false;
                SetError(ImprovError.Unknown);
            });
        }

        private void OnHostname(byte[] data, int at, int length)
        {
            if (State != ImprovState.Authorized)
            {
                SetError(ImprovError.NotAuthorized);
                return;
            }

            if (length > 0)
            {
                if (!ImprovRpc.IsValidHostname(data, at, length))
                {
                    SetError(ImprovError.BadHostname);
                    return;
                }

                if (!_device.SetHostname(Encoding.UTF8.GetString(data, at, length)))
                {
                    SetError(ImprovError.Unknown);
                    return;
                }
            }

            RestartAuthorization();
            SendOne(ImprovCommand.Hostname, _device.Hostname);
        }

        private void OnDeviceName(byte[] data, int at, int length)
        {
            if (length > 0)
            {
                if (State != ImprovState.Authorized)
                {
                    SetError(ImprovError.NotAuthorized);
                    return;
                }

                if (!ImprovRpc.IsValidDeviceName(data, at, length))
                {
                    SetError(ImprovError.InvalidRpc);
                    return;
                }

                if (!_device.SetDeviceName(Encoding.UTF8.GetString(data, at, length)))
                {
                    SetError(ImprovError.Unknown);
                    return;
                }

                RestartAuthorization();
            }

            SendOne(ImprovCommand.DeviceName, _device.DeviceName);
        }

        // improv-wifi.com/serial "Get Network State": bit 0 online, bit 1 Wi-Fi present; the URLs when online.
        private void OnNetworkState()
        {
            bool online = _device.IsOnline;
            string[] urls = online ? _device.RedirectUrls() : new string[0];
            string[] values = new string[1 + urls.Length];
            values[0] = (online ? 0x03 : 0x02).ToString();
            for (int i = 0; i < urls.Length; i++)
            {
                values[1 + i] = urls[i];
            }

            _channel.SendResult(ImprovCommand.NetworkState, values, values.Length);
        }

        private void SendOne(byte command, string value)
        {
            string[] values = new string[] { value };
            _channel.SendResult(command, values, 1);
        }

        private void SetState(ImprovState state)
        {
            State = state;
            _channel.SendState(state);
        }

        private void SetError(ImprovError error)
        {
            Error = error;
            _channel.SendError(error);
        }

        private void RestartAuthorization()
        {
            if (_authTimer != 0)
            {
                StartAuthorizationTimer();
            }
        }

        private void StartAuthorizationTimer()
        {
            CancelAuthorization();
            _authTimer = _scheduler.SetTimeout(AuthorizationTimeoutMs, () =>
            {
                _authTimer = 0;
                if (State == ImprovState.Authorized)
                {
                    SetState(ImprovState.AuthorizationRequired);
                }
            });
        }

        private void CancelAuthorization()
        {
            if (_authTimer != 0)
            {
                _scheduler.Cancel(_authTimer);
                _authTimer = 0;
            }
        }

        private void CancelScan()
        {
            _scanPending = false;
            if (_scanTimer != 0)
            {
                _scheduler.Cancel(_scanTimer);
                _scanTimer = 0;
            }
        }
    }
}
