using System;
using System.Collections.Generic;
using System.IO;
using Endpoint.Core.Boards;
using Endpoint.Core.Hardware;
using Endpoint.Core.Hub;
using Endpoint.Core.Ota;
using Endpoint.Core.Runtime;
using Endpoint.Host.Ble;
using Endpoint.Host.Portal;
using Endpoint.Drivers.Hlw8012;
using Endpoint.Host.Simulation.Parts;

namespace Endpoint.Host.Simulation;

/// <summary>What a simulated endpoint is made of.</summary>
public sealed class SimulatedEndpointOptions
{
    /// <summary>App name (plug, …).</summary>
    public string App { get; set; } = "plug";

    /// <summary>Device id.</summary>
    public string Id { get; set; } = "plug-1";

    /// <summary>The board.</summary>
    public BoardInfo Board { get; set; }

    /// <summary>Folder holding the endpoint's flash (settings, slots); kept across restarts.</summary>
    public string StateDir { get; set; }

    /// <summary>The flash to run on (tests arm power cuts on it before the boot); null opens <see cref="StateDir"/>.</summary>
    public SimulatedFlash Flash { get; set; }

    /// <summary>Flash kept in memory instead of <see cref="StateDir"/> (large fleets); pass the same instance to every boot.</summary>
    public MemoryFlash MemoryFlash { get; set; }

    /// <summary>The MQTT connection (in-process hub transport or a client to a real broker).</summary>
    public IMqttTransport Transport { get; set; }

    /// <summary>The broker to connect to; null keeps what the endpoint has stored in its settings.</summary>
    public MqttConnectOptions Hub { get; set; }

    /// <summary>Hub protocol options.</summary>
    public HubOptions HubOptions { get; set; } = new();

    /// <summary>Clock; the real one by default.</summary>
    public IClock Clock { get; set; }

    /// <summary>Log sink.</summary>
    public ILog Log { get; set; }

    /// <summary>Firmware version reported.</summary>
    public string FirmwareVersion { get; set; } = "1.0.0";

    /// <summary>Reset reason reported for this boot.</summary>
    public string ResetReason { get; set; } = "power_on";

    /// <summary>Seed for jitter and simulated noise.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// The trusted OTA public key: stored in the flash as <c>ota.pub</c> (as <c>endpoint flash</c> would),
    /// which turns on over-the-air updates. Null keeps what the flash holds.
    /// </summary>
    public byte[] OtaPublicKey { get; set; }

    /// <summary>OTA timing.</summary>
    public OtaOptions Ota { get; set; } = new();

    /// <summary>HTTP range requests for OTA over HTTP (null: a real <see cref="Net.HttpRangeFetcher"/> shared by the process).</summary>
    public Endpoint.Core.Net.IHttpRangeFetcher Http { get; set; }

    /// <summary>Unconfirmed trial boots before the simulated bootstrapper rolls back.</summary>
    public int MaxTrialBoots { get; set; } = BootSelector.DefaultMaxTrialBoots;

    /// <summary>The simulated air the BLE radio advertises on; null keeps the radio's advertisements in the process.</summary>
    public BleAir Air { get; set; }
    /// <summary>Values for the simulated parts (<c>--param name=value</c>; see <see cref="SimParameters"/>).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// The world the board's parts measure; kept across boots by whoever restarts the endpoint.
    /// Null: a fresh one on <see cref="WorldClock"/>.
    /// </summary>
    public SimulatedEnvironment Environment { get; set; }

    /// <summary>The world's time, which goes on across deep sleeps (parts time their conversions on it); default the endpoint's clock.</summary>
    public IClock WorldClock { get; set; }

    /// <summary>Wi-Fi networks in range (<c>--wifi</c>); null or empty: already on the host's network.</summary>
    public IReadOnlyList<SimulatedNetwork> WifiNetworks { get; set; }

    /// <summary>The UART the board keeps for Improv serial (<c>--serial</c>: a tty), or null.</summary>
    public ISerialPort Serial { get; set; }

    /// <summary>
    /// With <see cref="WifiNetworks"/>, the loopback port the captive portal is served on while the simulated access
    /// point is open (0: a free one); null: the access point exists but no HTTP server plays it (tests call the
    /// handler directly).
    /// </summary>
    public int? PortalPort { get; set; }
}

/// <summary>
/// One endpoint running on the host: the same portable runtime and app as on the board, over
/// simulated hardware, flash in a folder, a simulated Wi-Fi station and a host MQTT transport.
/// It does not run its loop: a <see cref="Runtime.LoopThread"/>, a pool, or a test drives <see cref="Loop"/>.
/// With a trusted OTA key in its flash it boots like Endpoint.Boot (the same <see cref="BootSelector"/>
/// over the same slots) and runs the <see cref="OtaComponent"/>. The installed <c>.pe</c> files are
/// stored but not executed: the host runs its compiled-in app and reports the version, build and
/// board of the slot it booted.
/// </summary>
public sealed class SimulatedEndpoint
{
    private SimulatedEndpoint(SimulatedEndpointOptions options)
    {
        Options = options;
        Clock = options.Clock ?? new Runtime.SystemClock();
        Loop = new EventLoop(Clock, options.Log);
        Flash = options.Flash
            ?? (options.MemoryFlash != null
                ? new SimulatedFlash(options.MemoryFlash, options.Seed)
                : new SimulatedFlash(options.StateDir ?? Path.Combine(Path.GetTempPath(), "endpoint-" + options.Id), options.Seed));
        Hardware = new SimulatedHardware();
        Wifi = options.WifiNetworks is { Count: > 0 } networks
            ? new SimulatedWifi(networks, Loop, options.Seed)
            : new SimulatedWifi(options.Seed);
        System = new SimulatedSystem(options.ResetReason);
        var world = options.WorldClock ?? Clock;
        Environment = options.Environment ?? new SimulatedEnvironment(world, options.Seed);
        Parts = SimulatedParts.Attach(Hardware, options.Board, Environment, world);
        Platform = new Platform
        {
            Clock = Clock,
            Loop = Loop,
            Log = options.Log,
            Files = Flash,
            Mqtt = options.Transport,
            Wifi = Wifi,
            Hardware = Hardware,
            SystemInfo = System,
            Reboot = System,
            Power = System,
            Serial = options.Serial,
            Random = new Random(options.Seed),
            Http = options.Http ?? SharedHttp.Value,
        };
        if (options.Board.Has("ble"))
        {
            Ble = new SimulatedBleRadio(SimulatedBleRadio.AddressFor(options.Id), options.Air, options.Seed);
            Platform.Ble = Ble;
        }

        // The access point exists where the station is simulated too: with declared networks.
        int portalPort = options.PortalPort is 0 ? PortalHttpServer.FreePort() : options.PortalPort ?? 80;
        if (Wifi.HasNetworks)
        {
            SoftAp = new SimulatedSoftAccessPoint(portalPort);
            Platform.SoftAp = SoftAp;
        }

        AttachSimulatedParts(options);

        string version = options.FirmwareVersion;
        if (options.OtaPublicKey != null)
        {
            TrustedKey.Write(Flash, options.OtaPublicKey);
        }

        if (TrustedKey.Read(Flash) != null)
        {
            // What Endpoint.Boot does before it starts an app.
            BootVersionFile.Write(Flash, BootSelector.Version);
            Boot = new BootSelector(Flash, options.MaxTrialBoots, true).Boot();
            if (Boot.Manifest != null)
            {
                version = Boot.Manifest.Manifest.Version;
            }

            BootLog(options.Log, Boot, version);
        }

        Identity = new DeviceIdentity(options.Id, options.App, options.Board.Id, version);
        Runtime = new EndpointRuntime(Identity, Platform, options.HubOptions);
        App = AppCatalog.Build(options.App, Runtime, options.Board);
        if (Boot != null)
        {
            Ota = OtaComponent.Attach(Runtime, options.Board.Soc, options.Ota);
        }
        if (options.Hub != null)
        {
            Runtime.Hub.Configure(options.Hub);
        }

        if (SoftAp != null && options.PortalPort != null)
        {
            PortalServer = new PortalHttpServer(Loop, Runtime.Portal.Handler, portalPort);
            SoftAp.Started += _ => PortalServer.Start();
            SoftAp.Stopped += PortalServer.Stop;
        }
    }

    // One HttpClient for every simulated endpoint of the process (HttpClient is meant to be shared).
    private static readonly Lazy<Net.HttpRangeFetcher> SharedHttp = new(() => new Net.HttpRangeFetcher());

    /// <summary>The options it was made with.</summary>
    public SimulatedEndpointOptions Options { get; }

    /// <summary>Identity.</summary>
    public DeviceIdentity Identity { get; }

    /// <summary>Clock.</summary>
    public IClock Clock { get; }

    /// <summary>The endpoint's loop.</summary>
    public EventLoop Loop { get; }

    /// <summary>Flash.</summary>
    public SimulatedFlash Flash { get; }

    /// <summary>Peripherals.</summary>
    public SimulatedHardware Hardware { get; }

    /// <summary>Wi-Fi station.</summary>
    public SimulatedWifi Wifi { get; }

    /// <summary>The BLE radio, or null when the board has none.</summary>
    public SimulatedBleRadio Ble { get; }

    /// <summary>The access point for the captive portal, or null without declared networks.</summary>
    public SimulatedSoftAccessPoint SoftAp { get; }

    /// <summary>The loopback HTTP server playing the portal while <see cref="SoftAp"/> is open, or null.</summary>
    public PortalHttpServer PortalServer { get; }

    /// <summary>System facts, reboot and deep sleep.</summary>
    public SimulatedSystem System { get; }

    /// <summary>The world the parts measure.</summary>
    public SimulatedEnvironment Environment { get; }

    /// <summary>The simulated I2C parts attached for the board's declared parts.</summary>
    public IReadOnlyList<SimulatedI2cPart> Parts { get; }

    /// <summary>Platform bundle.</summary>
    public Platform Platform { get; }

    /// <summary>The portable runtime.</summary>
    public EndpointRuntime Runtime { get; }

    /// <summary>The app component (e.g. PlugApp).</summary>
    public Component App { get; }

    /// <summary>What the simulated bootstrapper decided, or null without OTA.</summary>
    public BootDecision Boot { get; }

    /// <summary>The OTA component, or null without a trusted key.</summary>
    public OtaComponent Ota { get; }

    /// <summary>The metering chip on a board with a BL0937, or null.</summary>
    public SimulatedMeteringChip Meter { get; private set; }

    /// <summary>Builds the endpoint (not started).</summary>
    public static SimulatedEndpoint Create(SimulatedEndpointOptions options)
    {
        if (!DeviceIdentity.IsValidId(options.Id))
        {
            throw new ArgumentException($"invalid device id '{options.Id}': use {DeviceIdentity.IdRule}");
        }

        if (options.Board == null)
        {
            throw new ArgumentException("a board is required");
        }

        if (options.Transport == null)
        {
            throw new ArgumentException("an MQTT transport is required");
        }

        SimParameters.Check(options.Parameters, options.Board);

        return new SimulatedEndpoint(options);
    }

    private static void BootLog(ILog log, BootDecision boot, string version)
    {
        if (log == null || !log.IsEnabled(LogLevel.Info))
        {
            return;
        }

        string what = boot.Slot == BootRecord.None
            ? "built-in app " + version
            : $"slot {BootRecord.SlotName(boot.Slot)}: {version} (build {boot.Record.ActiveBuild})" + (boot.Trial ? $", trial boot {boot.Record.TrialBoots}" : "");
        log.Write(LogLevel.Info, "boot", "starting " + what);
        if (boot.Record.Result is BootResult.RolledBack or BootResult.Recovered && !boot.Record.ResultReported && boot.Record.Reason != null)
        {
            log.Write(LogLevel.Warning, "boot", boot.Record.Reason);
        }
    }

    // Parts the board declares that the simulator can play: a BL0937 measuring a load behind the relay.
    private void AttachSimulatedParts(SimulatedEndpointOptions options)
    {
        var board = options.Board;
        var part = board.FindPart(MeteringChip.Bl0937Compatible);
        if (part != null && board.HasPin("bl0937.cf") && board.HasPin("bl0937.cf1") && board.HasPin("bl0937.sel"))
        {
            var p = options.Parameters;
            var load = new SimulatedLoad(
                SimParameters.Get(p, SimParameters.Load),
                SimParameters.Get(p, SimParameters.Voltage),
                SimParameters.Get(p, SimParameters.PowerFactor),
                SimParameters.Get(p, SimParameters.Variation),
                options.Seed);
            if (board.HasPin("relay1"))
            {
                int relay = board.Pin("relay1");
                bool activeLow = board.IsActiveLow("relay1");
                load.IsConnected = () => Hardware.Pin(relay).Read() != activeLow;
            }

            // The same nominal chip the plug app assumes, so uncalibrated readings equal the load; SEL acts
            // as the datasheet says (MeteringChip.CurrentSelLevel), whatever the board declares.
            var chip = MeteringChip.ForPart(part);
            int sel = board.Pin("bl0937.sel");
            Meter = new SimulatedMeteringChip(chip, Clock, load, () => Hardware.Pin(sel).Read());
            Hardware.PulseCounters[board.Pin("bl0937.cf")] = Meter.Cf;
            Hardware.PulseCounters[board.Pin("bl0937.cf1")] = Meter.Cf1;
        }
    }

    /// <summary>Posts <see cref="EndpointRuntime.Start"/> into the loop.</summary>
    public void Start() => Loop.Post(Runtime.Start);

    /// <summary>Posts a clean stop (offline, DISCONNECT) into the loop.</summary>
    public void Stop() => Loop.Post(Runtime.Stop);

    /// <summary>
    /// Presses the board's <c>user_button</c> for <paramref name="holdMs"/> on the endpoint's clock,
    /// through the simulated pin, exactly as a finger would.
    /// </summary>
    public void PressButton(long holdMs = 100)
    {
        var board = Options.Board;
        if (!board.HasPin("user_button"))
        {
            throw new InvalidOperationException($"board {board.Id} has no user_button");
        }

        var pin = Hardware.Pin(board.Pin("user_button"));
        bool activeLow = board.IsActiveLow("user_button");
        Loop.Post(() =>
        {
            pin.SetInput(!activeLow);
            Loop.SetTimeout(holdMs, () => pin.SetInput(activeLow));
        });
    }
}
