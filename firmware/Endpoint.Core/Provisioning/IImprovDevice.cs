namespace Endpoint.Core.Provisioning
{
    /// <summary>
    /// The device behind the Improv state machines: joins networks, scans, identifies, and keeps the
    /// names. Long operations answer later through the requesting machine
    /// (<see cref="ImprovStateMachine.JoinSucceeded"/>, <see cref="ImprovStateMachine.ScanCompleted"/>).
    /// </summary>
    public interface IImprovDevice
    {
        /// <summary>Starts trying the credentials; false when another join is already running.</summary>
        bool BeginJoin(ImprovStateMachine requester, string ssid, string password);

        /// <summary>Starts a Wi-Fi scan; false when the radio cannot scan now.</summary>
        bool BeginScan(ImprovStateMachine requester);

        /// <summary>True when the device can show itself (an LED to blink).</summary>
        bool CanIdentify { get; }

        /// <summary>Shows the device to the person provisioning it.</summary>
        void Identify();

        /// <summary>Firmware name, firmware version, hardware chip/variant, device name (improv-wifi.com "Device Info").</summary>
        string[] DeviceInfo();

        /// <summary>The host name.</summary>
        string Hostname { get; }

        /// <summary>Stores a (validated) host name; false when it could not be stored.</summary>
        bool SetHostname(string hostname);

        /// <summary>The device's friendly name.</summary>
        string DeviceName { get; }

        /// <summary>Stores a (validated) device name; false when it could not be stored.</summary>
        bool SetDeviceName(string name);

        /// <summary>The URLs to send the user to after provisioning (0 or more).</summary>
        string[] RedirectUrls();

        /// <summary>True while the device has network connectivity.</summary>
        bool IsOnline { get; }
    }
}
