using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using Endpoint.Core.Net;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IWifiStation"/> over System.Device.Wifi.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><c>WifiAdapter.FindAllAdapters()[0]</c> is the ESP32 station (each call creates a new adapter
    /// object, so it is done once).</item>
    /// <item><c>WifiAdapter.Connect(ssid, WifiReconnectionKind.Automatic, password)</c> blocks until the
    /// association succeeds or fails and returns a <c>WifiConnectionResult</c>; it runs on a worker thread.
    /// Any status but <c>WifiConnectionStatus.Success</c> (InvalidCredential for a wrong password,
    /// NetworkNotAvailable, Timeout…) is <see cref="WifiState.Failed"/>, and the adapter is disconnected
    /// so the driver stops retrying a bad password.</item>
    /// <item>Associated is not yet usable: <see cref="WifiState.Connected"/> is reported once the Wi-Fi
    /// <c>NetworkInterface</c> (System.Net) has an IPv4 address, signalled by
    /// <c>NetworkChange.NetworkAddressChanged</c>; no address within <see cref="DhcpTimeoutMs"/> is Failed.</item>
    /// <item>With <c>WifiReconnectionKind.Automatic</c> the ESP-IDF driver rejoins by itself after a drop;
    /// <c>NetworkChange.NetworkAvailabilityChanged</c> / <c>NetworkAddressChanged</c> move the state between
    /// Connected and Disconnected meanwhile.</item>
    /// <item>RSSI: System.Device.Wifi has no call for the joined network's signal (nanoframework/Home#1632), so it
    /// comes from a scan report (<c>ScanAsync</c> → <c>AvailableNetworksChanged</c> → <c>NetworkReport</c>),
    /// refreshed at most every <see cref="RssiRefreshMs"/> when <see cref="Rssi"/> is read.</item>
    /// <item>Every scan report, asked for by <see cref="Scan"/> or by the RSSI refresh, is raised as
    /// <see cref="ScanCompleted"/>. <c>WifiAvailableNetwork</c> does not expose the authentication mode (the
    /// native report carries it but <c>WifiAdapter.ParseNativeReports</c> skips it), so every network is
    /// reported as secured.</item>
    /// </list>
    /// <see cref="StateChanged"/> is raised on the worker or the network event thread. The password is never logged or kept.
    /// </remarks>
    public sealed class WifiStationAdapter : IWifiStation
    {
        /// <summary>How long to wait for a DHCP lease after association, in milliseconds.</summary>
        public const int DhcpTimeoutMs = 30000;

        /// <summary>Minimum interval between RSSI scans, in milliseconds.</summary>
        public const int RssiRefreshMs = 300000;

        private readonly object _sync = new object();
        private readonly WifiAdapter _adapter;
        private readonly AutoResetEvent _addressChanged = new AutoResetEvent(false);
        private WifiState _state = WifiState.Disconnected;
        private string _ssid;
        private int _generation;
        private bool _joining;
        private int _rssi;
        private long _lastScanMs = -RssiRefreshMs;
        private string _lastFailure;
        private WifiFailure _failure;

        /// <summary>Opens the first Wi-Fi adapter.</summary>
        /// <exception cref="NotSupportedException">The firmware has no Wi-Fi adapter.</exception>
        public WifiStationAdapter()
        {
            WifiAdapter[] adapters = WifiAdapter.FindAllAdapters();
            if (adapters.Length == 0)
            {
                throw new NotSupportedException("this firmware has no Wi-Fi adapter");
            }

            _adapter = adapters[0];
            _adapter.AvailableNetworksChanged += OnScanCompleted;
            NetworkChange.NetworkAddressChanged += OnAddressChanged;
            NetworkChange.NetworkAvailabilityChanged += OnAvailabilityChanged;
        }

        /// <inheritdoc />
        public event WifiStateChangedHandler StateChanged;

        /// <inheritdoc />
        public event WifiScanCompletedHandler ScanCompleted;

        /// <inheritdoc />
        public WifiFailure Failure
        {
            get
            {
                lock (_sync)
                {
                    return _failure;
                }
            }
        }

        /// <inheritdoc />
        public WifiState State
        {
            get
            {
                lock (_sync)
                {
                    return _state;
                }
            }
        }

        /// <summary>Why the last join failed (for logs; never contains the password), or null.</summary>
        public string LastFailure
        {
            get
            {
                lock (_sync)
                {
                    return _lastFailure;
                }
            }
        }

        /// <inheritdoc />
        public int Rssi
        {
            get
            {
                bool scan;
                int rssi;
                lock (_sync)
                {
                    if (_state != WifiState.Connected)
                    {
                        return 0;
                    }

                    scan = Environment.TickCount64 - _lastScanMs >= RssiRefreshMs;
                    rssi = _rssi;
                }

                if (scan)
                {
                    StartScan();
                }

                return rssi;
            }
        }

        /// <inheritdoc />
        public string IpAddress
        {
            get { return ReadIpAddress(); }
        }

        /// <inheritdoc />
        public void Connect(string ssid, string password)
        {
            if (ssid == null || ssid.Length == 0)
            {
                throw new ArgumentException("ssid is empty");
            }

            int generation;
            lock (_sync)
            {
                _ssid = ssid;
                _rssi = 0;
                _lastFailure = null;
                _failure = WifiFailure.None;
                _joining = true;
                generation = ++_generation;
            }

            SetState(generation, WifiState.Connecting);
            Thread worker = new Thread(() => Join(generation, ssid, password));
            worker.Start();
        }

        /// <inheritdoc />
        public void Disconnect()
        {
            int generation;
            lock (_sync)
            {
                _ssid = null;
                _joining = false;
                generation = ++_generation;
            }

            try
            {
                _adapter.Disconnect();
            }
            catch (Exception)
            {
                // Not associated: nothing to leave.
            }

            SetState(generation, WifiState.Disconnected);
        }

        /// <inheritdoc />
        public void Scan()
        {
            StartScan();
        }

        private void Join(int generation, string ssid, string password)
        {
            try
            {
                // Leave whatever the station is on (or still retrying) before joining.
                _adapter.Disconnect();

                WifiConnectionResult result = _adapter.Connect(ssid, WifiReconnectionKind.Automatic, password);
                if (!IsCurrent(generation))
                {
                    return;
                }

                if (result.ConnectionStatus != WifiConnectionStatus.Success)
                {
                    Fail(generation, "joining \"" + ssid + "\" failed: " + Describe(result.ConnectionStatus), ToFailure(result.ConnectionStatus));
                    return;
                }

                long deadline = Environment.TickCount64 + DhcpTimeoutMs;
                while (ReadIpAddress() == null)
                {
                    if (!IsCurrent(generation))
                    {
                        return;
                    }

                    if (Environment.TickCount64 >= deadline)
                    {
                        Fail(generation, "joined \"" + ssid + "\" but got no IP address (DHCP) within " + (DhcpTimeoutMs / 1000) + " s", WifiFailure.Timeout);
                        return;
                    }

                    _addressChanged.WaitOne(500, false);
                }

                lock (_sync)
                {
                    if (generation == _generation)
                    {
                        _joining = false;
                    }
                }

                SetState(generation, WifiState.Connected);
                StartScan();
            }
            catch (Exception ex)
            {
                Fail(generation, "joining \"" + ssid + "\" failed: " + ex.Message, WifiFailure.Other);
            }
        }

        private void Fail(int generation, string reason, WifiFailure failure)
        {
            lock (_sync)
            {
                if (generation != _generation)
                {
                    return;
                }

                _joining = false;
                _lastFailure = reason;
                _failure = failure;
            }

            try
            {
                // With WifiReconnectionKind.Automatic the driver would keep retrying a wrong password.
                _adapter.Disconnect();
            }
            catch (Exception)
            {
            }

            SetState(generation, WifiState.Failed);
        }

        private void OnAddressChanged(object sender, EventArgs e)
        {
            _addressChanged.Set();
            FollowLink(ReadIpAddress() != null);
        }

        private void OnAvailabilityChanged(object sender, NetworkAvailabilityEventArgs e)
        {
            FollowLink(e.IsAvailable && ReadIpAddress() != null);
        }

        // Link changes outside a join: the driver's automatic reconnection, or a drop.
        private void FollowLink(bool up)
        {
            int generation;
            WifiState next;
            lock (_sync)
            {
                if (_ssid == null || _joining)
                {
                    return;
                }

                if (up && _state != WifiState.Connected)
                {
                    next = WifiState.Connected;
                }
                else if (!up && _state == WifiState.Connected)
                {
                    next = WifiState.Disconnected;
                }
                else
                {
                    return;
                }

                generation = _generation;
            }

            SetState(generation, next);
        }

        private void StartScan()
        {
            lock (_sync)
            {
                _lastScanMs = Environment.TickCount64;
            }

            try
            {
                _adapter.ScanAsync();
            }
            catch (Exception)
            {
                // Busy (connecting) or not started: the next Rssi read after the interval tries again.
            }
        }

        private void OnScanCompleted(WifiAdapter sender, object e)
        {
            string ssid;
            lock (_sync)
            {
                ssid = _ssid;
            }

            WifiAvailableNetwork[] networks = sender.NetworkReport.AvailableNetworks;
            WifiNetwork[] seen = new WifiNetwork[networks.Length];
            for (int i = 0; i < networks.Length; i++)
            {
                // The native report holds the SSID in a fixed 33-byte field: drop the NUL padding.
                string name = networks[i].Ssid;
                int nul = name.IndexOf('\0');
                if (nul >= 0)
                {
                    name = name.Substring(0, nul);
                }

                int rssi = (int)networks[i].NetworkRssiInDecibelMilliwatts;
                seen[i] = new WifiNetwork(name, rssi, true);
                if (ssid != null && name == ssid)
                {
                    lock (_sync)
                    {
                        _rssi = rssi;
                    }
                }
            }

            WifiScanCompletedHandler handler = ScanCompleted;
            if (handler != null)
            {
                handler(this, seen);
            }
        }

        private bool IsCurrent(int generation)
        {
            lock (_sync)
            {
                return generation == _generation;
            }
        }

        private void SetState(int generation, WifiState state)
        {
            lock (_sync)
            {
                if (generation != _generation || _state == state)
                {
                    return;
                }

                _state = state;
            }

            WifiStateChangedHandler handler = StateChanged;
            if (handler != null)
            {
                handler(this, state);
            }
        }

        private static string ReadIpAddress()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    string ip = interfaces[i].IPv4Address;
                    return ip == null || ip.Length == 0 || ip == "0.0.0.0" ? null : ip;
                }
            }

            return null;
        }

        private static WifiFailure ToFailure(WifiConnectionStatus status)
        {
            switch (status)
            {
                case WifiConnectionStatus.InvalidCredential:
                    return WifiFailure.WrongPassword;
                case WifiConnectionStatus.NetworkNotAvailable:
                    return WifiFailure.NetworkNotFound;
                case WifiConnectionStatus.Timeout:
                    return WifiFailure.Timeout;
                default:
                    return WifiFailure.Other;
            }
        }

        private static string Describe(WifiConnectionStatus status)
        {
            switch (status)
            {
                case WifiConnectionStatus.InvalidCredential:
                    return "wrong password";
                case WifiConnectionStatus.NetworkNotAvailable:
                    return "network not found";
                case WifiConnectionStatus.Timeout:
                    return "timed out";
                case WifiConnectionStatus.AccessRevoked:
                    return "access revoked";
                case WifiConnectionStatus.UnsupportedAuthenticationProtocol:
                    return "unsupported authentication";
                default:
                    return "unspecified failure";
            }
        }
    }
}
