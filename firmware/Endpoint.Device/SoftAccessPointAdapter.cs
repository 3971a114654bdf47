using System;
using System.Net.NetworkInformation;
using Endpoint.Core.Net;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="ISoftAccessPoint"/> over System.Net's <c>WirelessAPConfiguration</c> (the calls of
    /// nanoframework/Samples <c>samples/WiFiAP/WirelessAP.cs</c>).
    /// </summary>
    /// <remarks>
    /// nanoFramework on the ESP32 sets the Wi-Fi mode once, when the Wi-Fi stack starts at boot: station, access
    /// point, or both, from the stored configuration blocks (nf-interpreter <c>targets/ESP32/_Network/NF_ESP32_Wireless.cpp</c>,
    /// <c>NF_ESP32_CheckExpectedWifiMode</c>/<c>NF_ESP32_InitaliseWifi</c>); <c>SaveConfiguration</c> only stores the
    /// block (<c>WirelessAPConfiguration::UpdateConfiguration</c>). That is why the sample restarts after changing it,
    /// and why <see cref="Start"/> and <see cref="Stop"/> store the change and return false: the core restarts the
    /// device, and at the next boot the access point is up (or gone). <see cref="IsActive"/> is what this boot came up with.
    /// <para>The station stays enabled (mode APSTA), so the device can scan and try the networks the portal is given
    /// while the phone stays on its access point; when the station joins, the ESP32's access point moves to the
    /// station's channel, so a phone may drop and rejoin the access point for a moment.</para>
    /// <para>The access point is open (no password), one or two clients, at <see cref="DefaultAddress"/>/24; the
    /// DHCP, DNS and HTTP servers on it are <see cref="CaptivePortalServer"/>.</para>
    /// </remarks>
    public sealed class SoftAccessPointAdapter : ISoftAccessPoint
    {
        /// <summary>The access point's address (the ESP-IDF default).</summary>
        public const string DefaultAddress = "192.168.4.1";

        /// <summary>Its subnet mask.</summary>
        public const string SubnetMask = "255.255.255.0";

        private readonly bool _active;

        /// <summary>Reads whether this boot brought the access point up.</summary>
        public SoftAccessPointAdapter()
        {
            NetworkInterface ni = Interface(NetworkInterfaceType.WirelessAP);
            if (ni == null)
            {
                return;
            }

            WirelessAPConfiguration config = ApConfiguration(ni);
            _active = (config.Options & WirelessAPConfiguration.ConfigurationOptions.Enable) != 0 && ni.IPv4Address == DefaultAddress;
            Ssid = _active ? config.Ssid : null;
        }

        /// <inheritdoc />
        public bool IsActive
        {
            get { return _active; }
        }

        /// <summary>The name the access point came up with, or null.</summary>
        public string Ssid { get; private set; }

        /// <inheritdoc />
        public string Address
        {
            get { return DefaultAddress; }
        }

        /// <inheritdoc />
        public int HttpPort
        {
            get { return 80; }
        }

        /// <inheritdoc />
        public bool Start(string ssid)
        {
            if (_active && ssid == Ssid)
            {
                return true;
            }

            NetworkInterface ni = Interface(NetworkInterfaceType.WirelessAP);
            if (ni == null)
            {
                throw new NotSupportedException("this firmware has no soft AP interface");
            }

            WirelessAPConfiguration config = ApConfiguration(ni);
            if (!_active && ssid == config.Ssid && config.Options == WirelessAPConfiguration.ConfigurationOptions.AutoStart && ni.IPv4Address == DefaultAddress)
            {
                // Stored at the last boot and still not up: restarting again would loop.
                throw new InvalidOperationException("the access point is configured but did not come up at boot");
            }

            KeepStationEnabled();
            ni.EnableStaticIPv4(DefaultAddress, SubnetMask, DefaultAddress);
            config.Options = WirelessAPConfiguration.ConfigurationOptions.AutoStart;
            config.Ssid = ssid;
            config.MaxConnections = 2;
            config.Authentication = AuthenticationType.Open;
            config.Password = string.Empty;
            config.SaveConfiguration();
            return false;
        }

        /// <inheritdoc />
        public bool Stop()
        {
            NetworkInterface ni = Interface(NetworkInterfaceType.WirelessAP);
            if (ni == null)
            {
                return true;
            }

            WirelessAPConfiguration config = ApConfiguration(ni);
            if ((config.Options & WirelessAPConfiguration.ConfigurationOptions.Enable) != 0)
            {
                config.Options = WirelessAPConfiguration.ConfigurationOptions.None;
                config.SaveConfiguration();
            }

            return !_active;
        }

        // The portal tries networks while the phone is on the access point: the station must come up too (APSTA).
        private static void KeepStationEnabled()
        {
            NetworkInterface sta = Interface(NetworkInterfaceType.Wireless80211);
            if (sta == null)
            {
                return;
            }

            Wireless80211Configuration config = Wireless80211Configuration.GetAllWireless80211Configurations()[sta.SpecificConfigId];
            if ((config.Options & Wireless80211Configuration.ConfigurationOptions.Enable) != 0)
            {
                return;
            }

            config.Options = config.Options | Wireless80211Configuration.ConfigurationOptions.Enable;
            config.Ssid = config.Ssid == null ? string.Empty : config.Ssid;
            config.Password = config.Password == null ? string.Empty : config.Password;
            config.SaveConfiguration();
        }

        private static WirelessAPConfiguration ApConfiguration(NetworkInterface ni)
        {
            return WirelessAPConfiguration.GetAllWirelessAPConfigurations()[ni.SpecificConfigId];
        }

        private static NetworkInterface Interface(NetworkInterfaceType type)
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == type)
                {
                    return interfaces[i];
                }
            }

            return null;
        }
    }
}
