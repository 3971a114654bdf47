using Endpoint.Core.Hub;
using Endpoint.Core.Net;

namespace Endpoint.Core.Provisioning.Portal
{
    /// <summary>What the portal needs from the device (<see cref="ProvisioningComponent"/> on a real one).</summary>
    public interface IPortalDevice
    {
        /// <summary>The device id (topics <c>endpoint/&lt;id&gt;/…</c>).</summary>
        string DeviceId { get; }

        /// <summary>The friendly name shown on the page.</summary>
        string DeviceName { get; }

        /// <summary>The networks of the last scan, strongest first, one per name; null while the first scan runs.</summary>
        WifiNetwork[] Networks { get; }

        /// <summary>Starts a new scan (the page shows its result when it comes).</summary>
        void Scan();

        /// <summary>
        /// Tries <paramref name="ssid"/> with <paramref name="password"/> through the same path as Improv; on success
        /// the credentials — and <paramref name="hub"/>, when given — are stored. <paramref name="done"/> hears the
        /// outcome. False, changing nothing, when another attempt is running.
        /// </summary>
        bool BeginJoin(string ssid, string password, MqttConnectOptions hub, WifiTrialHandler done);

        /// <summary>Where the device can be found after provisioning (its hub, or the configured redirect URL).</summary>
        string[] RedirectUrls();
    }
}
