using System;
using Endpoint.Core.Ble;
using Endpoint.Core.Hardware;
using Endpoint.Core.Hub;
using Endpoint.Core.Net;
using Endpoint.Core.Storage;

namespace Endpoint.Core.Runtime
{
    /// <summary>
    /// The platform services one endpoint runs on: everything the core reaches through a seam
    /// (DESIGN.md §4). The device fills it with nanoFramework adapters, the host with sockets,
    /// files and simulations, tests with fakes.
    /// </summary>
    public sealed class Platform
    {
        /// <summary>Time.</summary>
        public IClock Clock;

        /// <summary>The endpoint's loop (timers and events).</summary>
        public EventLoop Loop;

        /// <summary>Log sink.</summary>
        public ILog Log;

        /// <summary>Persistent files (settings, OTA slots).</summary>
        public IFileStore Files;

        /// <summary>MQTT connection to the hub.</summary>
        public IMqttTransport Mqtt;

        /// <summary>HTTP range requests (OTA delivery over HTTP), or null where the platform offers none.</summary>
        public IHttpRangeFetcher Http;

        /// <summary>Wi-Fi station.</summary>
        public IWifiStation Wifi;

        /// <summary>The device's own access point for the captive portal, or null where the platform offers none.</summary>
        public ISoftAccessPoint SoftAp;

        /// <summary>GPIO, PWM, I2C, ADC.</summary>
        public IHardware Hardware;

        /// <summary>Free memory and reset reason.</summary>
        public ISystemInfo SystemInfo;

        /// <summary>Restart.</summary>
        public IReboot Reboot;

        /// <summary>BLE radio, or null on a board without one.</summary>
        public IBleRadio Ble;

        /// <summary>The UART the board declares free for Improv serial, or null.</summary>
        public ISerialPort Serial;

        /// <summary>Deep sleep, or null where the platform cannot sleep.</summary>
        public IPowerControl Power;

        /// <summary>Randomness for backoff jitter; seeded per device so fleets do not reconnect in lockstep.</summary>
        public Random Random;
    }
}
