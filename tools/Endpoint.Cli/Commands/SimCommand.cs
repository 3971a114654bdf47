using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Endpoint.Cli.CommandLine;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Host.Ble;
using Endpoint.Host.Boards;
using Endpoint.Host.Mqtt;
using Endpoint.Host.Portal;
using Endpoint.Host.Runtime;
using Endpoint.Host.Serial;
using Endpoint.Host.Simulation;

namespace Endpoint.Cli.Commands;

/// <summary><c>endpoint sim &lt;app&gt;</c>: one simulated endpoint with a live log and a button on the keyboard.</summary>
public static class SimCommand
{
    public const string Help = """
        usage: endpoint sim <app> [options]

        Runs one simulated endpoint: the same device logic as on the board, on simulated hardware.

          <app>                    plug, light, sensor
          --id ID                  device id (A-Z, a-z, 0-9, '-', '_'); default <app>-<6 hex from this machine>
          --board BOARD            board id (see 'endpoint board list'); default esp32-devkitc for the
                                   plug and the sensor, m5stack-atom-lite for the light
          --hub URI                mqtt://[user:pass@]host[:port] or mqtts://…; default: an in-process hub
          --ca FILE                CA certificate (PEM) that signed the broker's certificate, for mqtts://
          --hub-port PORT          port the in-process hub listens on for other MQTT clients (default 1883,
                                   or a free one when 1883 is taken; 0: any free port)
          --state-dir DIR          where the device keeps its flash (settings, relay state); default
                                   ~/.local/share/endpoint/sim/<id>
          --telemetry-interval S   seconds between telemetry messages (default 60)
          --ota-key FILE           trust this OTA public key (ota.pub from 'endpoint ota keygen'): the device
                                   stores it in its flash and accepts updates signed with it
          --wifi SSID:PASS[:RSSI]  a Wi-Fi network in range (repeatable; 'Name:' for an open one). With
                                   networks the device joins only those, with the right password; without,
                                   it is already on the host's network
          --serial PATH            the device's Improv serial UART on a tty, e.g. one end of
                                   'socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B'; provision
                                   with 'endpoint provision --serial B …' or any Improv serial client
          --portal-port PORT       with --wifi: the loopback port of the captive portal, the page the device
                                   serves on its access point Endpoint-XXXX (default: a free one)
          --log-level LEVEL        verbose, debug, info (default), warning, error
          --param NAME=VALUE       a value for the board's simulated parts (repeatable): a metering
                                   plug (BL0937) takes the load, sensors take the world they measure:
        {PARAMS}

        While it runs: b = press the button, d = double press, l = long press (5 s), i = identify,
        q or Ctrl-C = quit (publishes offline). With input from a pipe, the same letters one per line.
        A sensor in battery mode (boards with the 'battery' capability, or its mode select) sleeps
        between readings: the simulator boots it again after the sleep with reset reason deep_sleep.
        """;

    private static readonly OptionSpec[] Options =
    [
        new("id"), new("board"), new("hub"), new("ca"), new("hub-port"), new("state-dir"),
        new("telemetry-interval"), new("log-level"), new("param", Repeatable: true), new("wifi", Repeatable: true), new("serial"), new("portal-port"),
        new("ota-key"), new("help", TakesValue: false),
    ];

    private static string FullHelp => Help.Replace("{PARAMS}", string.Join(Environment.NewLine, SimParameters.All.Select(p =>
        $"                             {p.Name,-13}{p.Help} ({p.Default.ToString(CultureInfo.InvariantCulture)}{(p.Unit.Length > 0 ? " " + p.Unit : "")})")));

    public static int Run(string[] args)
    {
        var a = ParsedArgs.Parse("endpoint sim", args, Options);
        if (a.Has("help"))
        {
            Console.WriteLine(FullHelp);
            return 0;
        }

        string app = a.Positional(0, "the app to simulate (" + string.Join(", ", AppCatalog.Names) + ")");
        a.AtMostPositionals(1);
        if (!AppCatalog.IsKnown(app))
        {
            throw new UsageException($"endpoint sim: unknown app '{app}'; available: {string.Join(", ", AppCatalog.Names)}");
        }

        string id = a.Get("id") ?? DefaultId(app);
        if (!Endpoint.Core.Runtime.DeviceIdentity.IsValidId(id))
        {
            throw new UsageException($"endpoint sim: invalid --id '{id}': use {Endpoint.Core.Runtime.DeviceIdentity.IdRule}");
        }

        var boards = Boards.Shipped();
        BoardFile board;
        try
        {
            board = boards.Get(a.Get("board", AppCatalog.DefaultBoard(app)));
        }
        catch (System.Collections.Generic.KeyNotFoundException ex)
        {
            throw new UsageException("endpoint sim: " + ex.Message);
        }

        string unsupported = AppRequirements.WhyNot(board, app);
        if (unsupported != null)
        {
            throw new UsageException($"endpoint sim: board {board.Id} cannot host the {app} app: {unsupported}");
        }

        var boardInfo = board.ToBoardInfo();
        IReadOnlyDictionary<string, string> parameters;
        try
        {
            parameters = SimParameters.Parse(a.GetAll("param"), boardInfo);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException("endpoint sim: " + ex.Message);
        }

        var environment = new SimulatedEnvironment(new SystemClock(), Environment.TickCount);
        environment.Configure(parameters);

        LogLevel level;
        try
        {
            level = ConsoleLog.ParseLevel(a.Get("log-level", "info"));
        }
        catch (FormatException ex)
        {
            throw new UsageException("endpoint sim: " + ex.Message);
        }

        MqttConnectOptions hubOptions = HubArguments.Parse(a, required: false);
        if (a.Has("hub-port") && hubOptions != null)
        {
            throw new UsageException("endpoint sim: --hub-port is for the in-process hub; it cannot go with --hub");
        }

        byte[] otaKey = null;
        if (a.Get("ota-key") != null)
        {
            try
            {
                otaKey = Endpoint.Host.Ota.OtaKeys.ReadPublicKey(a.Get("ota-key"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                throw new UsageException("endpoint sim: --ota-key: " + ex.Message);
            }
        }

        int telemetrySeconds = a.GetInt("telemetry-interval", 60, 1, 86400);
        int hubPort = a.GetInt("hub-port", 1883, 0, 65535);
        string stateDir = a.Get("state-dir") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "endpoint", "sim", id);
        try
        {
            Directory.CreateDirectory(stateDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"endpoint sim: --state-dir: cannot use '{stateDir}': {ex.Message}");
        }

        var networks = new System.Collections.Generic.List<SimulatedNetwork>();
        foreach (string text in a.GetAll("wifi"))
        {
            try
            {
                var network = SimulatedNetwork.Parse(text);
                if (networks.Exists(n => n.Ssid == network.Ssid))
                {
                    throw new FormatException($"network '{network.Ssid}' is given twice");
                }

                networks.Add(network);
            }
            catch (FormatException ex)
            {
                throw new UsageException("endpoint sim: --wifi: " + ex.Message);
            }
        }

        string serial = a.Get("serial");
        if (serial != null && !File.Exists(serial))
        {
            throw new UsageException($"endpoint sim: --serial: no such device '{serial}'");
        }

        if (a.Has("portal-port") && networks.Count == 0)
        {
            throw new UsageException("endpoint sim: --portal-port goes with --wifi (without networks the device is on the host's network and opens no access point)");
        }

        // One port for the whole session, so the portal's address stays the same across simulated restarts.
        int portalPort = a.Has("portal-port") ? a.GetInt("portal-port", 0, 1, 65535) : PortalHttpServer.FreePort();
        return new Session(app, id, board, hubOptions, hubPort, a.Has("hub-port"), stateDir, telemetrySeconds, level, parameters, environment, networks, serial, otaKey, portalPort).Run();
    }

    private static string DefaultId(string app)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(Environment.MachineName + "/" + Environment.UserName));
        return $"{app}-{Convert.ToHexString(hash, 0, 3).ToLowerInvariant()}";
    }

    private sealed class Session(string app, string id, BoardFile board, MqttConnectOptions hub, int hubPort, bool hubPortGiven, string stateDir, int telemetrySeconds, LogLevel level,
        IReadOnlyDictionary<string, string> parameters, SimulatedEnvironment environment, System.Collections.Generic.List<SimulatedNetwork> networks, string serialPath, byte[] otaKey,
        int portalPort)
    {
        private readonly ManualResetEventSlim _quit = new(false);
        private readonly AutoResetEvent _reboot = new(false);
        private readonly AutoResetEvent _sleep = new(false);
        private long _sleepMs;
        private readonly ConsoleLog _log = new(level);
        private volatile SimulatedEndpoint _current;

        public int Run()
        {
            InProcessHub inProcess = null;
            string hubText;
            if (hub == null)
            {
                inProcess = new InProcessHub();
                int port = InProcessHubListener.Listen(inProcess, hubPort, anyIfTaken: !hubPortGiven);
                hubText = port > 0 ? $"in-process (other MQTT clients: mqtt://127.0.0.1:{port})" : "in-process";

                // The device reports this broker as its redirect URL after provisioning.
                hub = new MqttConnectOptions { Host = port > 0 ? "127.0.0.1" : "in-process", Port = port };
            }
            else
            {
                hubText = MqttUri.Format(hub); // never the password; an IPv6 host in brackets
            }

            Console.WriteLine($"Endpoint simulator: {app} '{id}' on {board.Id} ({board.Name})");
            Console.WriteLine($"  state  {stateDir}");
            Console.WriteLine($"  hub    {hubText}");
            Console.WriteLine($"  topics endpoint/{id}/#   (Home Assistant discovery under homeassistant/)");
            Console.WriteLine("  keys   b press · d double press · l long press · i identify · q quit");
            using var air = new BleAir();
            if (board.Capabilities.Contains("ble"))
            {
                Console.WriteLine($"  ble    {SimulatedBleRadio.AddressFor(id)} advertising BTHome v2 (watch with 'endpoint scan')");
            }

            if (networks.Count > 0)
            {
                Console.WriteLine("  wifi   " + string.Join(", ", networks.Select(n => $"{n.Ssid} ({n.Rssi} dBm, {(n.Password.Length > 0 ? "secured" : "open")})")));
                Console.WriteLine($"         (a device without stored credentials opens its captive portal on http://127.0.0.1:{portalPort}/"
                    + (serialPath == null ? "; --serial PATH adds Improv serial)" : ")"));
            }

            if (serialPath != null)
            {
                Console.WriteLine($"  serial {serialPath}: Improv serial (provision with 'endpoint provision --serial <other end> --ssid … --password …')");
            }

            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                _quit.Set();
            };
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                _quit.Set();
            });
            new Thread(ReadKeys) { IsBackground = true, Name = "keys" }.Start();

            string resetReason = "power_on";
            try
            {
                while (true)
                {
                    IMqttTransport transport = inProcess != null ? inProcess.CreateTransport() : new MqttClient();
                    using var serial = serialPath != null ? TtySerialPort.Open(serialPath) : null;
                    if (serial != null)
                    {
                        serial.Closed += reason => _log.Write(LogLevel.Warning, "sim", $"serial {serialPath} closed ({reason}): Improv serial stops");
                    }

                    var endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
                    {
                        App = app,
                        Id = id,
                        Board = board.ToBoardInfo(),
                        StateDir = stateDir,
                        Transport = transport,
                        Hub = hub,
                        HubOptions = new HubOptions { TelemetryIntervalMs = telemetrySeconds * 1000L },
                        Log = _log,
                        ResetReason = resetReason,
                        Seed = Environment.TickCount,
                        Air = air,
                        Parameters = parameters,
                        Environment = environment,
                        WorldClock = environment.Clock,
                        WifiNetworks = networks,
                        Serial = serial,
                        OtaPublicKey = otaKey,
                        PortalPort = networks.Count > 0 ? portalPort : null,
                    });
                    if (endpoint.SoftAp != null)
                    {
                        endpoint.SoftAp.Started += ssid => Console.WriteLine(
                            $"captive portal: http://127.0.0.1:{portalPort}/ (the page the device serves on its access point {ssid})");
                    }

                    endpoint.System.RebootRequested += _ => _reboot.Set();
                    endpoint.System.DeepSleepRequested += ms =>
                    {
                        Interlocked.Exchange(ref _sleepMs, ms);
                        _sleep.Set();
                    };
                    int which;
                    using (var thread = new LoopThread(endpoint.Loop, "endpoint-" + id))
                    {
                        endpoint.Start();
                        serial?.Start();
                        _current = endpoint;

                        which = WaitHandle.WaitAny([_quit.WaitHandle, _reboot, _sleep]);
                        _current = null;
                        if (which == 0)
                        {
                            thread.Invoke(endpoint.Runtime.Stop);
                        }
                    }

                    WaitDisconnected(transport);
                    (transport as IDisposable)?.Dispose();
                    endpoint.PortalServer?.Stop(); // the device is off: so is its access point
                    if (which == 0)
                    {
                        _log.Write(LogLevel.Info, "sim", "stopped");
                        return 0;
                    }

                    if (which == 2)
                    {
                        // Deep sleep: this boot is over; the chip wakes from reset after the sleep.
                        long ms = Interlocked.Read(ref _sleepMs);
                        _log.Write(LogLevel.Info, "sim", $"deep sleep for {ms / 1000.0:0.#} s (q to quit)");
                        if (_quit.Wait(TimeSpan.FromMilliseconds(ms)))
                        {
                            _log.Write(LogLevel.Info, "sim", "stopped");
                            return 0;
                        }

                        resetReason = "deep_sleep";
                        continue;
                    }

                    _log.Write(LogLevel.Info, "sim", "rebooting");
                    resetReason = "software";
                }
            }
            finally
            {
                (inProcess as IDisposable)?.Dispose();
            }
        }

        private static void WaitDisconnected(IMqttTransport transport)
        {
            for (int i = 0; i < 40 && transport.IsConnected; i++)
            {
                Thread.Sleep(50);
            }
        }

        private void ReadKeys()
        {
            while (!_quit.IsSet)
            {
                char key;
                if (Console.IsInputRedirected)
                {
                    string line = Console.In.ReadLine();
                    if (line == null)
                    {
                        return; // end of input: keep running until a signal
                    }

                    line = line.Trim();
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    key = line[0];
                }
                else
                {
                    key = Console.ReadKey(intercept: true).KeyChar;
                }

                if (char.ToLowerInvariant(key) == 'q')
                {
                    _quit.Set();
                    return;
                }

                // Keys typed (or piped) before the endpoint has booted wait for it.
                var ep = _current;
                for (int i = 0; i < 100 && ep == null && !_quit.IsSet; i++)
                {
                    Thread.Sleep(50);
                    ep = _current;
                }

                try
                {
                    HandleKey(ep, key);
                }
                catch (InvalidOperationException ex)
                {
                    // e.g. a button key for an app that opened no button
                    _log.Write(LogLevel.Warning, "sim", $"key '{key}': {ex.Message}");
                }
            }
        }

        private void HandleKey(SimulatedEndpoint ep, char key)
        {
            switch (char.ToLowerInvariant(key))
            {
                case 'b' or ' ':
                    ep?.PressButton(120);
                    break;
                case 'd':
                    ep?.PressButton(100);
                    Thread.Sleep(200);
                    ep?.PressButton(100);
                    break;
                case 'l':
                    _log.Write(LogLevel.Info, "sim", "holding the button for 5.5 s");
                    ep?.PressButton(5500);
                    break;
                case 'i':
                    ep?.Loop.Post(ep.Runtime.RequestIdentify);
                    break;
                case '\r' or '\n':
                    break;
                default:
                    _log.Write(LogLevel.Warning, "sim", $"key '{key}' does nothing: b press · d double press · l long press · i identify · q quit");
                    break;
            }
        }
    }
}
