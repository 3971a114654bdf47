using System.Collections;
using Endpoint.Core.Ble;
using Endpoint.Core.Hub;
using Endpoint.Core.Json;
using Endpoint.Core.Model;
using Endpoint.Core.Net;
using Endpoint.Core.Provisioning;
using Endpoint.Core.Provisioning.Portal;
using Endpoint.Core.Storage;

namespace Endpoint.Core.Runtime
{
    /// <summary>Raised on the loop for runtime-wide requests (identify, provisioning).</summary>
    public delegate void RuntimeRequestHandler();

    /// <summary>
    /// One endpoint: identity, settings, components, entities and the hub client on one loop.
    /// The composition root (an app's Build method) adds components and entities, then calls
    /// <see cref="Start"/>. It owns no thread: the platform's runner drives <see cref="Platform.Loop"/>.
    /// </summary>
    public sealed class EndpointRuntime
    {
        private const string Tag = "runtime";

        private readonly ArrayList _components = new ArrayList();
        private int _loopTimer;
        private bool _started;

        /// <summary>Creates an endpoint with the default hub options.</summary>
        public EndpointRuntime(DeviceIdentity identity, Platform platform)
            : this(identity, platform, new HubOptions())
        {
        }

        /// <summary>Creates an endpoint.</summary>
        public EndpointRuntime(DeviceIdentity identity, Platform platform, HubOptions options)
        {
            Identity = identity;
            Platform = platform;
            Settings = new KeyValueStore(platform.Files, "settings");
            Hub = new HubClient(identity, platform, options);
            Awake = new StayAwake();
            if (platform.Ble != null)
            {
                Advertiser = new Advertiser(platform.Ble, identity.Id);
                Advertiser.Awake = Awake;
            }

            if (platform.Wifi != null)
            {
                Network = new NetworkComponent(platform.Wifi, Settings, Hub, new Backoff(2000, 60000, platform.Random));
                Provisioning = new ProvisioningComponent(this);
                if (platform.SoftAp != null)
                {
                    Portal = new CaptivePortal(this, platform.SoftAp, Provisioning);
                }
            }

            ConnectOnStart = true;
        }

        /// <summary>Who this endpoint is.</summary>
        public DeviceIdentity Identity { get; private set; }

        /// <summary>The platform services.</summary>
        public Platform Platform { get; private set; }

        /// <summary>Persistent settings.</summary>
        public KeyValueStore Settings { get; private set; }

        /// <summary>The hub connection.</summary>
        public HubClient Hub { get; private set; }

        /// <summary>Wi-Fi, or null on a platform without a station.</summary>
        public NetworkComponent Network { get; private set; }

        /// <summary>
        /// When true (the default) <see cref="Start"/> brings up the network and the hub. A battery device
        /// that decides per wake whether to use the radio at all sets it to false and calls <see cref="Connect"/>.
        /// </summary>
        public bool ConnectOnStart { get; set; }

        /// <summary>
        /// The BLE advertiser, owner of the radio's advertising slot, or null without a radio: apps bind entities
        /// to it for BTHome, provisioning registers its Improv advertisement with it.
        /// </summary>
        public Advertiser Advertiser { get; private set; }

        /// <summary>What keeps the device from deep sleep for now (an advertisement going out, an update in transfer).</summary>
        public StayAwake Awake { get; private set; }

        /// <summary>Improv Wi-Fi provisioning (serial and BLE), or null on a platform without a station.</summary>
        public ProvisioningComponent Provisioning { get; private set; }

        /// <summary>The SoftAP captive portal, or null on a platform without an access point.</summary>
        public CaptivePortal Portal { get; private set; }

        /// <summary>The scheduler of this endpoint's loop.</summary>
        public IScheduler Scheduler
        {
            get { return Platform.Loop; }
        }

        /// <summary>A person asked the device to show itself (blink its LED).</summary>
        public event RuntimeRequestHandler IdentifyRequested;

        /// <summary>The device was asked to (re-)enter provisioning (long press, command).</summary>
        public event RuntimeRequestHandler ProvisioningRequested;

        /// <summary>
        /// The endpoint is stopping cleanly (quit, restart command): the last chance to save what is kept
        /// in memory between rate-limited flash writes. Raised on the loop before the hub goes offline.
        /// </summary>
        public event RuntimeRequestHandler Stopping;

        /// <summary>A person is at the device: its button was pressed (authorizes Improv over BLE).</summary>
        public event RuntimeRequestHandler PresenceConfirmed;

        /// <summary>True when something shows the device on <see cref="IdentifyRequested"/> (an LED).</summary>
        public bool CanIdentify
        {
            get { return IdentifyRequested != null; }
        }

        /// <summary>The components, in setup order.</summary>
        public Component[] Components
        {
            get
            {
                Component[] all = new Component[_components.Count];
                for (int i = 0; i < all.Length; i++)
                {
                    all[i] = (Component)_components[i];
                }

                return all;
            }
        }

        /// <summary>Adds a component; it is set up by <see cref="Start"/> in the order added.</summary>
        public void Add(Component component)
        {
            component.Attach(Platform.Loop, Platform.Clock, Platform.Log);
            _components.Add(component);
        }

        /// <summary>Adds an entity to the device model and the hub.</summary>
        public void Add(Entity entity)
        {
            Hub.AddEntity(entity);
        }

        /// <summary>Asks the device to identify itself.</summary>
        public void RequestIdentify()
        {
            Raise(IdentifyRequested);
        }

        /// <summary>Reports a physical interaction with the device (a button press).</summary>
        public void ConfirmPresence()
        {
            Raise(PresenceConfirmed);
        }

        /// <summary>Asks the device to (re-)enter provisioning.</summary>
        public void RequestProvisioning()
        {
            Log(LogLevel.Info, "provisioning requested");
            Raise(ProvisioningRequested);
        }

        /// <summary>
        /// Sets up the components, adds the built-in diagnostics and commands, and starts the network
        /// (which starts the hub). The hub comes from settings unless <see cref="HubClient.Configure"/> was called.
        /// </summary>
        public void Start()
        {
            if (_started)
            {
                return;
            }

            _started = true;
            Log(LogLevel.Info, Identity.Type + " " + Identity.Id + " " + Identity.FirmwareVersion + " on " + Identity.Board + ", reset: " + (Platform.SystemInfo != null ? Platform.SystemInfo.ResetReason : "unknown"));
            AddBuiltIns();

            // The hub must be known before the network comes up: joining Wi-Fi starts the hub.
            if (!Hub.IsConfigured)
            {
                MqttConnectOptions stored = HubSettings.Load(Settings);
                if (stored != null)
                {
                    Hub.Configure(stored);
                }
                else
                {
                    Log(LogLevel.Warning, "no hub configured: waiting for provisioning");
                }
            }

            if (Advertiser != null)
            {
                Add(Advertiser);
            }

            if (Network != null)
            {
                Network.StartOnSetup = ConnectOnStart;
                Add(Provisioning);
                if (Portal != null)
                {
                    Add(Portal);
                }

                Add(Network);
            }

            bool wantsLoop = false;
            for (int i = 0; i < _components.Count; i++)
            {
                Component c = (Component)_components[i];
                c.RunSetup();
                wantsLoop |= c.WantsLoop;
            }

            for (int i = 0; i < _components.Count; i++)
            {
                Component c = (Component)_components[i];
                if (c.State == ComponentState.Running)
                {
                    c.DumpConfig();
                }
            }

            if (wantsLoop)
            {
                // ESPHome runs loop() about every 16 ms; only components that ask for it pay for it.
                _loopTimer = Platform.Loop.SetInterval(16, RunComponentLoops);
            }

            // With a network, its setup has started the hub already (see NetworkComponent.StartOnSetup).
            if (ConnectOnStart && Network == null && Hub.IsConfigured)
            {
                Hub.Start();
            }
        }

        /// <summary>
        /// Brings up the network (which starts the hub) or, on a platform without one, the hub. Done by
        /// <see cref="Start"/> unless <see cref="ConnectOnStart"/> is false.
        /// </summary>
        public void Connect()
        {
            if (Network != null)
            {
                Network.Start();
                return;
            }

            if (Hub.IsConfigured)
            {
                Hub.Start();
            }
        }

        /// <summary>Announces offline and disconnects from the hub.</summary>
        public void Stop()
        {
            if (_loopTimer != 0)
            {
                Platform.Loop.Cancel(_loopTimer);
                _loopTimer = 0;
            }

            Raise(Stopping);
            Hub.Stop();
        }

        private void AddBuiltIns()
        {
            Add(new TelemetrySensorEntity("rssi", "Wi-Fi signal", "dBm", "signal_strength"));
            Add(new TelemetrySensorEntity("uptime", "Uptime", "s", "duration"));
            ButtonEntity restart = new ButtonEntity("restart", "Restart", () => Restart("command"));
            restart.DeviceClass = "restart";
            restart.Category = EntityCategory.Config;
            Add(restart);
            ButtonEntity identify = new ButtonEntity("identify", "Identify", RequestIdentify);
            identify.DeviceClass = "identify";
            identify.Category = EntityCategory.Diagnostic;
            Add(identify);

            Hub.RegisterCommand("restart", (payload, offset, count, result) =>
            {
                Restart("command");
                return null;
            });
            Hub.RegisterCommand("identify", (payload, offset, count, result) =>
            {
                RequestIdentify();
                return null;
            });
            Hub.RegisterCommand("provision", (payload, offset, count, result) =>
            {
                RequestProvisioning();
                return null;
            });
        }

        /// <summary>
        /// Restarts the device half a second from now — time for a command's reply or a page to leave — announcing
        /// offline first. <paramref name="reason"/> is kept as the reset reason.
        /// </summary>
        public void Restart(string reason)
        {
            Log(LogLevel.Info, "restart requested (" + reason + ")");
            Platform.Loop.SetTimeout(500, () =>
            {
                Stop();
                if (Platform.Reboot != null)
                {
                    Platform.Reboot.Reboot(reason);
                }
            });
        }

        private void RunComponentLoops()
        {
            for (int i = 0; i < _components.Count; i++)
            {
                Component c = (Component)_components[i];
                if (c.WantsLoop && c.State == ComponentState.Running)
                {
                    c.RunLoop();
                }
            }
        }

        private static void Raise(RuntimeRequestHandler handler)
        {
            if (handler != null)
            {
                handler();
            }
        }

        private void Log(LogLevel level, string message)
        {
            if (Platform.Log != null && Platform.Log.IsEnabled(level))
            {
                Platform.Log.Write(level, Tag, message);
            }
        }
    }
}
