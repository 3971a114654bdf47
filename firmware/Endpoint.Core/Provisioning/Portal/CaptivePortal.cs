using System;
using System.Text;
using Endpoint.Core.Net;
using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;

namespace Endpoint.Core.Provisioning.Portal
{
    /// <summary>
    /// The SoftAP fallback for phones without Web Bluetooth: the device opens its own access point
    /// <c>Endpoint-XXXX</c> and serves <see cref="Handler"/> on it, the captive DNS (<see cref="Dns"/>) sending every
    /// name there. The device's side — scans, the one join path, storing — is <see cref="ProvisioningComponent"/>.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Opens with no credentials stored; after <c>provision.ap_after_failures</c> (default 3, 0 = never)
    /// failed joins of the stored network in a row; on request (a long press, <c>cmd/provision</c>); and at boot
    /// when the platform brought the access point up (on the ESP32 it opens at boot, see <see cref="ISoftAccessPoint.Start"/>).</item>
    /// <item>Closes <see cref="CloseDelayMs"/> after any channel provisioned the device (the page shows the result
    /// first), and — with credentials stored — after <see cref="IdleTimeoutMs"/> without a request, to retry the
    /// known network. Without credentials it stays open.</item>
    /// <item>While it is open and the station has no link, the station's own join attempts are held
    /// (<see cref="NetworkComponent.HoldJoins"/>); joins the portal asks for still run.</item>
    /// <item>Where the platform applies the access point only at boot, opening and closing restart the device.</item>
    /// </list>
    /// </remarks>
    public sealed class CaptivePortal : Component
    {
        /// <summary>Settings key: failed joins of the stored network before the access point opens (0 = never).</summary>
        public const string ApAfterFailuresKey = "provision.ap_after_failures";

        /// <summary>Failed joins before the access point opens, when the setting says nothing.</summary>
        public const int DefaultApAfterFailures = 3;

        private readonly EndpointRuntime _runtime;
        private readonly ISoftAccessPoint _ap;
        private int _idleTimer;
        private int _closeTimer;

        /// <summary>Creates the portal of <paramref name="runtime"/> on <paramref name="ap"/>, served by <paramref name="device"/>.</summary>
        public CaptivePortal(EndpointRuntime runtime, ISoftAccessPoint ap, IPortalDevice device)
            : base("portal")
        {
            _runtime = runtime;
            _ap = ap;
            Ssid = AccessPointName(runtime.Identity.Id);
            Handler = new PortalHandler(device, ap.HttpPort == 80 ? ap.Address : ap.Address + ":" + ap.HttpPort);
            Dns = new DnsResponder(ap.Address);
            Handler.Activity += ArmIdleTimer;
            IdleTimeoutMs = 300000;
            CloseDelayMs = 10000;
        }

        /// <summary>The access point's name, <c>Endpoint-XXXX</c>.</summary>
        public string Ssid { get; private set; }

        /// <summary>The HTTP side, for the platform's server.</summary>
        public PortalHandler Handler { get; private set; }

        /// <summary>The captive DNS, for the platform's UDP 53 server.</summary>
        public DnsResponder Dns { get; private set; }

        /// <summary>True while the access point is open and the portal answers.</summary>
        public bool IsOpen
        {
            get { return Handler.Active; }
        }

        /// <summary>How long the portal stays open without a request when credentials are stored.</summary>
        public long IdleTimeoutMs { get; set; }

        /// <summary>How long the portal stays open after the device was provisioned (the page shows the result).</summary>
        public long CloseDelayMs { get; set; }

        /// <summary>
        /// <c>Endpoint-</c> and four hex digits from the device id (the low 16 bits of its CRC-32): stable, and telling
        /// apart devices set up side by side. (A device id made from the MAC already ends in its last bytes.)
        /// </summary>
        public static string AccessPointName(string deviceId)
        {
            byte[] id = Encoding.UTF8.GetBytes(deviceId);
            uint crc = Crc32.Compute(id, 0, id.Length);
            return "Endpoint-" + ((int)(crc & 0xFFFF)).ToString("X4");
        }

        /// <inheritdoc />
        public override void Setup()
        {
            _runtime.Network.JoinFailed += OnJoinFailed;
            _runtime.ProvisioningRequested += () => Open("provisioning requested");
            _runtime.Provisioning.Provisioned += OnProvisioned;
            if (!_runtime.Provisioning.IsProvisioned)
            {
                Open("no Wi-Fi credentials");
            }
            else if (_ap.IsActive)
            {
                Open("the access point came up at boot");
            }
        }

        /// <inheritdoc />
        public override void DumpConfig()
        {
            int failures = ApAfterFailures();
            LogInfo("captive portal on access point " + Ssid + (IsOpen ? ": open at " + Handler.Url : ": closed")
                + (failures > 0 ? "; opens after " + failures + " failed joins" : "; never opens after failed joins"));
        }

        /// <summary>Opens the access point (when it is not open): say why in <paramref name="reason"/>.</summary>
        public void Open(string reason)
        {
            if (IsOpen)
            {
                CancelCloseTimer(); // asked again after a success: stay
                ArmIdleTimer();
                return;
            }

            bool up;
            try
            {
                up = _ap.Start(Ssid);
            }
            catch (Exception ex)
            {
                LogError("cannot open access point " + Ssid + ": " + ex.Message);
                return;
            }

            if (!up)
            {
                LogInfo("opening access point " + Ssid + " (" + reason + "): restarting, the Wi-Fi mode is set at boot");
                _runtime.Restart("captive portal");
                return;
            }

            Handler.Reset();
            Handler.Active = true;
            if (_runtime.Platform.Wifi.State != WifiState.Connected)
            {
                _runtime.Network.HoldJoins = true;
            }

            LogWarning("captive portal open (" + reason + "): join access point " + Ssid + " and browse to " + Handler.Url);
            _runtime.Provisioning.Scan();
            ArmIdleTimer();
        }

        /// <summary>Closes the access point (when it is open) and lets the station join its network again.</summary>
        public void Close(string reason)
        {
            CancelCloseTimer();
            CancelIdleTimer();
            if (!IsOpen)
            {
                return;
            }

            Handler.Active = false;
            _runtime.Network.HoldJoins = false;
            bool down;
            try
            {
                down = _ap.Stop();
            }
            catch (Exception ex)
            {
                LogError("cannot close access point " + Ssid + ": " + ex.Message);
                return;
            }

            if (!down)
            {
                LogInfo("closing access point " + Ssid + " (" + reason + "): restarting, the Wi-Fi mode is set at boot");
                _runtime.Restart("captive portal closed");
                return;
            }

            LogInfo("access point " + Ssid + " closed (" + reason + ")");
        }

        private int ApAfterFailures()
        {
            string text = _runtime.Settings.Get(ApAfterFailuresKey);
            if (text == null || text.Length == 0 || text.Length > 3)
            {
                return DefaultApAfterFailures;
            }

            int v = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return DefaultApAfterFailures;
                }

                v = (v * 10) + (text[i] - '0');
            }

            return v;
        }

        private void OnJoinFailed()
        {
            int limit = ApAfterFailures();
            if (limit > 0 && _runtime.Network.FailedJoins >= limit)
            {
                Open(_runtime.Network.FailedJoins + " failed joins");
            }
        }

        private void OnProvisioned()
        {
            if (!IsOpen)
            {
                return;
            }

            _runtime.Network.HoldJoins = false; // the station has its network: it may rejoin it by itself again
            CancelIdleTimer();
            CancelCloseTimer();
            _closeTimer = Scheduler.SetTimeout(CloseDelayMs, () =>
            {
                _closeTimer = 0;
                Close("provisioned");
            });
        }

        // With credentials stored, an unused portal gives way to the known network; without, it waits.
        private void ArmIdleTimer()
        {
            CancelIdleTimer();
            if (!IsOpen || _closeTimer != 0 || !_runtime.Network.HasCredentials)
            {
                return;
            }

            _idleTimer = Scheduler.SetTimeout(IdleTimeoutMs, () =>
            {
                _idleTimer = 0;
                Close("unused for " + (IdleTimeoutMs / 1000) + " s; retrying the stored network");
            });
        }

        private void CancelIdleTimer()
        {
            if (_idleTimer != 0)
            {
                Scheduler.Cancel(_idleTimer);
                _idleTimer = 0;
            }
        }

        private void CancelCloseTimer()
        {
            if (_closeTimer != 0)
            {
                Scheduler.Cancel(_closeTimer);
                _closeTimer = 0;
            }
        }
    }
}
