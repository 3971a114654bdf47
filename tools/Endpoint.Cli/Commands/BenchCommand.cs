using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Endpoint.Apps.Sensor;
using Endpoint.Cli.Bench;
using Endpoint.Cli.CommandLine;
using Endpoint.Core.Boards;
using Endpoint.Core.Hardware;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;

namespace Endpoint.Cli.Commands;

/// <summary><c>endpoint bench power|alloc|ota|fleet</c>: figures for the battery sensor, OTA updates and fleets, measured in the simulator.</summary>
public static class BenchCommand
{
    public const string Help = """
        usage: endpoint bench power [--interval S] [--days N] [--boot-ms MS] [--wifi-ms MS]
               endpoint bench alloc [--readings N]
               endpoint bench ota [--app DIR] [--hub URI] [--size KIB]
               endpoint bench fleet [--counts 1000,5000,10000] [--telemetry-interval S] [--command-rate N] [--command-seconds S] [--tcp-nodelay]

        power   runs the battery sensor (SHT4x, 2×AA) through N simulated days of wakes in a drifting
                world (21.5 ± 1.5 °C daily), then prices the timeline with the ESP32-C3 power model
                (tools/Endpoint.Host/Simulation/PowerModel.cs): awake time per wake and battery life.
                --interval S  seconds between wakes (default 300)
                --days N      simulated days (default 1)
                --boot-ms MS  assumed reset-to-Main() time of nanoCLR (default 600)
                --wifi-ms MS  assumed Wi-Fi join + DHCP time (default 1500)
        alloc   bytes the managed heap gives out per reading on the sensor's core path (driver → report
                policy → entities → hub client → transport), over N readings (default 10000).
        ota     bytes sent for a first install and for an update of the app assembly only (against the
                bundle and a 1.5 MB firmware image), throughput on loopback, bytes sent again after a link
                cut, Ed25519 verification time (tools/bench/ota-netns.sh: the same over a 256 kbit/s link).
                --app DIR   a real build output (.pe files) instead of the estimated plug image sizes
                --hub URI   a broker (e.g. Mosquitto) instead of the in-process hub
                --size KIB  bundle size for the throughput and cut figures (default 1024)
        fleet   plugs in this process against a Mosquitto of its own, one fleet size after the other:
                time to connect all, CPU, memory per endpoint, command round trip (p50/p99) at a steady
                rate, and the message rate at saturation next to mosquitto_pub's on the same broker.
                --counts N,N,…          fleet sizes (default 1000,5000,10000)
                --telemetry-interval S  seconds between telemetry messages (default 10)
                --command-rate N        commands per second in the round-trip phase (default 50)
                --command-seconds S     length of the round-trip phase (default 30)
                --threads N             loop threads (default: one per core)
                --ramp-per-endpoint MS  connect ramp: MS milliseconds per endpoint (default 2; 0: all at once)
                --tcp-nodelay           run Mosquitto with set_tcp_nodelay true (default: as shipped)
        """;

    public static int Run(string[] args)
    {
        var a = ParsedArgs.Parse("endpoint bench", args, new("interval"), new("days"), new("boot-ms"), new("wifi-ms"), new("readings"), new("app"), new("hub"), new("size"),
            new("counts"), new("telemetry-interval"), new("command-rate"), new("command-seconds"), new("threads"), new("tcp-nodelay", TakesValue: false), new("ramp-per-endpoint"), new("help", TakesValue: false));
        if (a.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        string what = a.Positional(0, "what to measure (power, alloc, ota, fleet)");
        a.AtMostPositionals(1);
        return what switch
        {
            "power" => Power(a.GetInt("interval", 300, 10, 3600), a.GetInt("days", 1, 1, 30), a.GetInt("boot-ms", 600, 0, 60000), a.GetInt("wifi-ms", 1500, 0, 60000)),
            "alloc" => Alloc(a.GetInt("readings", 10000, 100, 10_000_000)),
            "ota" => OtaBench.Run(OtaApp(a.Get("app")), OtaHub(a.Get("hub")), a.GetInt("size", 1024, 64, 4096)),
            "fleet" => FleetBench.Run(FleetBenchOptionsFrom(a)),
            _ => throw new UsageException($"endpoint bench: unknown benchmark '{what}'; available: power, alloc, ota, fleet"),
        };
    }

    /// <summary>The <c>--hub</c> of <c>bench ota</c>, checked here so a bad URI is a usage error like everywhere else.</summary>
    private static string OtaHub(string uri)
    {
        if (uri != null)
        {
            try
            {
                Endpoint.Host.Mqtt.MqttUri.Parse(uri);
            }
            catch (FormatException ex)
            {
                throw new UsageException($"endpoint bench ota: --hub: {ex.Message}");
            }
        }

        return uri;
    }

    private static string OtaApp(string dir)
    {
        if (dir != null && !Directory.Exists(dir))
        {
            throw new UsageException($"endpoint bench ota: --app: no such folder '{dir}'");
        }

        return dir;
    }

    private static int Power(int intervalSeconds, int days, int bootMs, int wifiMs)
    {
        var board = BatteryBoard();
        var world = new SimulatedEnvironment(null, seed: 42);
        int wakes = days * 86400 / intervalSeconds;
        var timeline = BatteryTimeline.Run(board, world, wakes, intervalSeconds);
        var model = new PowerModel { BootMs = bootMs, WifiJoinMs = wifiMs };

        var quiet = timeline.Where(w => !w.Reported).ToList();
        var reports = timeline.Where(w => w.Reported).ToList();
        var measured = model.Estimate(timeline);
        var everyWake = model.Estimate(timeline.Select(w => w with { Reported = true }).ToList());
        var heartbeatsOnly = model.Estimate(timeline.Select((w, i) => w with { Reported = i % ReportPolicy.DefaultMaxSilence == 0 }).ToList());

        Console.WriteLine($"Battery sensor power model: ESP32-C3, SHT4x, 2×AA ({model.BatteryMilliAmpHours:0} mAh at {model.BatteryVolts:0.0} V), a wake every {intervalSeconds} s");
        Console.WriteLine();
        Console.WriteLine($"Simulated timeline: {days} day(s), {timeline.Count} wakes, world 21.5 ± 1.5 °C over a day with noise; thresholds 0.2 °C / 1 %RH, heartbeat every {ReportPolicy.DefaultMaxSilence} wakes");
        Console.WriteLine($"  wakes that reported     {reports.Count} ({100.0 * reports.Count / timeline.Count:0.0} %)");
        Console.WriteLine($"  awake, simulated        quiet wake {Median(quiet.Select(w => w.AwakeMs))} ms · reporting wake {Median(reports.Select(w => w.AwakeMs))} ms (median; sensor conversion + publish + flush round trip)");
        Console.WriteLine($"  awake, on hardware      quiet wake {model.HardwareAwakeMs(Median(quiet.Select(w => w.AwakeMs)), false):0} ms · reporting wake {model.HardwareAwakeMs(Median(reports.Select(w => w.AwakeMs)), true):0} ms (with the assumptions below)");
        Console.WriteLine($"  charge per wake         quiet {model.WakeCharge(Median(quiet.Select(w => w.AwakeMs)), false):0.0} mC · reporting {model.WakeCharge(Median(reports.Select(w => w.AwakeMs)), true):0.0} mC");
        Console.WriteLine();
        Console.WriteLine("Currents (ESP32-C3 datasheet, Current Consumption Characteristics):");
        Console.WriteLine($"  deep sleep {model.DeepSleepMicroAmps} µA (RTC timer + memory) · CPU {model.CpuMilliAmps} mA (160 MHz, radio off)");
        Console.WriteLine($"  Wi-Fi RX {model.RxMilliAmps} mA · TX {model.TxMilliAmps} mA (11b, 21 dBm) · radio average {model.RadioMilliAmps:0} mA at {model.TxShare:0%} TX (assumed)");
        Console.WriteLine("Assumptions (hardware, not measurable in the simulator):");
        Console.WriteLine($"  boot to Main() {model.BootMs:0} ms · Wi-Fi join + DHCP {model.WifiJoinMs:0} ms · MQTT connect + publish + flush {model.MqttMs:0} ms");
        Console.WriteLine($"  converter 2×AA → 3.3 V: {model.ConverterEfficiency:0%} efficient, {model.ConverterQuiescentMicroAmps} µA quiescent");
        Console.WriteLine();
        Console.WriteLine("Estimated battery life:");
        Print("report on change (this timeline)", measured);
        Print("heartbeats only (a steady room)", heartbeatsOnly);
        Print("every wake reports (no thresholds)", everyWake);
        Console.WriteLine();
        Console.WriteLine("Sensitivity of the report-on-change life (years) to the two hardware assumptions:");
        int[] boots = [300, 600, 1200];
        Console.WriteLine("  Wi-Fi join \\ boot   " + string.Concat(boots.Select(b => $"{b,8} ms")));
        foreach (int wifi in new[] { 800, 1500, 3000 })
        {
            Console.WriteLine($"  {wifi,10} ms      " + string.Concat(boots.Select(b =>
                $"{new PowerModel { BootMs = b, WifiJoinMs = wifi }.Estimate(timeline).LifeDays / 365.25,11:0.00}")));
        }

        Console.WriteLine();
        Console.WriteLine(measured.LifeDays >= 365 ? "Target (≥ 1 year with report on change): met." : "Target (≥ 1 year with report on change): NOT met.");
        return 0;
    }

    private static FleetBenchOptions FleetBenchOptionsFrom(ParsedArgs a)
    {
        var options = new FleetBenchOptions
        {
            TelemetrySeconds = a.GetInt("telemetry-interval", 10, 1, 3600),
            CommandRate = a.GetInt("command-rate", 50, 1, 10_000),
            CommandSeconds = a.GetInt("command-seconds", 30, 1, 3600),
            Threads = a.GetInt("threads", 0, 1, 256),
            App = FleetApps.Resolve("endpoint bench", "plug", null)[0],
            TcpNoDelay = a.Has("tcp-nodelay"),
            RampMsPerEndpoint = a.GetInt("ramp-per-endpoint", 2, 0, 1000),
        };
        if (a.Get("counts") != null)
        {
            var counts = new System.Collections.Generic.List<int>();
            foreach (string part in a.Get("counts").Split(','))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > 50_000)
                {
                    throw new UsageException($"endpoint bench: --counts takes fleet sizes from 1 to 50000 separated by commas, like 1000,5000,10000; not '{a.Get("counts")}'");
                }

                counts.Add(n);
            }

            options.Counts = counts.ToArray();
        }

        return options;
    }

    private static void Print(string what, PowerEstimate e) =>
        Console.WriteLine($"  {what,-38} {e.Reports,4}/{e.Wakes} wakes use Wi-Fi · {e.LoadMicroAmps,7:0.0} µA at 3.3 V · {e.BatteryMicroAmps,7:0.0} µA from the battery · {e.LifeDays / 365.25:0.00} years");

    private static long Median(System.Collections.Generic.IEnumerable<long> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static BoardInfo BatteryBoard()
    {
        var b = new BoardInfo("bench-battery", "ESP32-C3 battery sensor (benchmark)", "esp32c3");
        b.AddPin("i2c0.sda", 4, false);
        b.AddPin("i2c0.scl", 5, false);
        b.AddPin("battery_adc", 3, false);
        b.AddPart("sensirion,sht4x", "i2c0", 0x44);
        b.AddCapability("wifi");
        b.AddCapability("battery");
        return b;
    }

    private static int Alloc(int readings)
    {
        string dir = Path.Combine(Path.GetTempPath(), "endpoint-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var clock = new ManualClock();
            var loop = new EventLoop(clock, null);
            var hardware = new SimulatedHardware();
            var sensor = new AlternatingSht4xBus();
            hardware.I2cBuses[0] = sensor;
            var system = new SimulatedSystem("power_on");
            var transport = new LoopbackTransport { Echo = false };
            var platform = new Platform
            {
                Clock = clock, Loop = loop, Files = new SimulatedFlash(dir), Mqtt = transport, Wifi = new SimulatedWifi(),
                Hardware = hardware, SystemInfo = system, Reboot = system, Power = system, Random = new Random(1),
            };
            var runtime = new EndpointRuntime(new DeviceIdentity("bench", "sensor", "esp32-devkitc", "1.0.0"), platform, new HubOptions { TelemetryIntervalMs = 0 });
            runtime.Settings.Set(SensorApp.IntervalKey, "10");
            var app = SensorApp.Build(runtime, BoardCatalog.Get("esp32-devkitc"));
            runtime.Hub.Configure(new MqttConnectOptions { Host = "loopback", Port = 0 });
            runtime.Start();
            LoopStepper.Advance(loop, clock, 20 * 10_000); // connect, announce, warm up

            Console.WriteLine($"Allocation per reading on the sensor's core path (SHT4x driver → report policy → entities → hub client → transport), {readings} readings every 10 s on a manual clock:");
            foreach (bool changing in new[] { false, true })
            {
                sensor.Alternate = changing;
                LoopStepper.Advance(loop, clock, 2 * 10_000);
                int reportsBefore = app.Reports;
                int publishedBefore = transport.Published;
                long before = GC.GetAllocatedBytesForCurrentThread();
                LoopStepper.Advance(loop, clock, readings * 10_000L);
                long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                int reports = app.Reports - reportsBefore;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {(changing ? "every reading reported" : "quiet readings (no change)"),-28} {bytes / (double)readings,7:0.0} bytes/reading · {reports} reports, {transport.Published - publishedBefore} publishes"));
            }

            // For comparison: what one scheduler timeout costs (the reading arms one to wait for the conversion).
            LoopAction nothing = () => { };
            long start = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < readings; i++)
            {
                loop.SetTimeout(1, nothing);
                LoopStepper.Advance(loop, clock, 1);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {"one EventLoop.SetTimeout",-28} {(GC.GetAllocatedBytesForCurrentThread() - start) / (double)readings,7:0.0} bytes (timer entry + boxed handle in the loop's Hashtable)"));

            return 0;
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }

    /// <summary>
    /// An SHT4x answering every measurement without allocating (so the figure is the core's alone):
    /// 21.50 °C / 45.0 %RH, or — with <see cref="Alternate"/> — 0.5 °C and 2 %RH apart on every other
    /// measurement, so each reading crosses the thresholds.
    /// </summary>
    private sealed class AlternatingSht4xBus : II2cBus
    {
        private bool _flip;
        public bool Alternate { get; set; }

        public bool Write(int address, byte[] buffer, int offset, int count) => address == 0x44;

        public bool Read(int address, byte[] buffer, int offset, int count)
        {
            _flip = Alternate && !_flip;
            double t = _flip ? 22.0 : 21.5;
            double rh = _flip ? 47.0 : 45.0;
            Put(buffer, offset, (int)Math.Round((t + 45) * 65535 / 175));
            Put(buffer, offset + 3, (int)Math.Round((rh + 6) * 65535 / 125));
            return address == 0x44;
        }

        public bool WriteRead(int address, byte[] write, int writeOffset, int writeCount, byte[] read, int readOffset, int readCount) => false;

        private static void Put(byte[] b, int at, int word)
        {
            b[at] = (byte)(word >> 8);
            b[at + 1] = (byte)word;
            b[at + 2] = Crc8.Sensirion(b, at);
        }
    }
}
