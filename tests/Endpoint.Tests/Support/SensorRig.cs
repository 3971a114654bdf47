using System;
using System.IO;
using System.Linq;
using Endpoint.Apps.Sensor;
using Endpoint.Core.Boards;
using Endpoint.Core.Hub;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Host.Simulation.Parts;

namespace Endpoint.Tests.Support;

/// <summary>
/// A simulated sensor on manual clocks, booted again after every deep sleep as a device would be:
/// a fresh endpoint (new uptime, new transport, reset reason deep_sleep) over the same flash and the
/// same world, whose time goes on across boots. The world is steady (no swing, no noise) unless a test moves it.
/// </summary>
public sealed class SensorRig : IDisposable
{
    private long _bootAtMs;

    public SensorRig(BoardInfo board, string stateDir = null, string id = "sensor-1")
    {
        Board = board;
        Id = id;
        StateDir = stateDir ?? Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
        OwnsDir = stateDir == null;
        World = new SimulatedEnvironment(null) { SwingCelsius = 0, Noise = 0, DrainVoltsPerDay = 0, BatteryVolts = 2.9 };
        Boot("power_on");
    }

    public BoardInfo Board { get; }
    public string Id { get; }
    public string StateDir { get; }
    private bool OwnsDir { get; }
    public SimulatedEnvironment World { get; }
    public ManualClock Clock { get; private set; }
    public TestLog Log { get; private set; }
    public FakeMqttTransport Transport { get; private set; }
    public SimulatedEndpoint Endpoint { get; private set; }
    public int Boots { get; private set; }

    /// <summary>When true (default) the fake broker accepts connects at once and echoes subscribed topics.</summary>
    public bool BrokerUp { get; set; } = true;

    public SensorApp App => (SensorApp)Endpoint.App;

    /// <summary>World time in ms: when this boot started plus its uptime.</summary>
    public long WorldMs => _bootAtMs + Clock.UptimeMs;

    public long? SleptMs => Endpoint.System.SleepRequestedMs;

    public T Part<T>() where T : SimulatedI2cPart => Endpoint.Parts.OfType<T>().Single();

    public SensorRig Start()
    {
        Endpoint.Start();
        Run();
        return this;
    }

    /// <summary>Runs the loop for <paramref name="ms"/>, deadline by deadline; stops at a deep sleep, as the chip would.</summary>
    public void Run(long ms = 0)
    {
        long end = Clock.UptimeMs + ms;
        do
        {
            LoopStepper.Drain(Endpoint.Loop);
            if (SleptMs != null)
            {
                break;
            }

            long next = Math.Min(Endpoint.Loop.NextDueMs, end);
            LoopStepper.Advance(Endpoint.Loop, Clock, Math.Max(0, next - Clock.UptimeMs));
        }
        while (Clock.UptimeMs < end && SleptMs == null);
    }

    /// <summary>Runs until the endpoint asks for deep sleep (fails after <paramref name="limitMs"/>).</summary>
    public long RunUntilSleep(long limitMs = 60_000)
    {
        Run(limitMs);
        return SleptMs ?? throw new Xunit.Sdk.XunitException($"no deep sleep within {limitMs} ms; log:\n{Log.All}");
    }

    /// <summary>
    /// The sleep ends: the device boots again from reset with reason deep_sleep and starts;
    /// <paramref name="beforeStart"/> changes the new boot's hardware first (what happened during the sleep).
    /// </summary>
    public SensorRig Wake(Action<SimulatedEndpoint> beforeStart = null)
    {
        long slept = SleptMs ?? throw new InvalidOperationException("not asleep");
        _bootAtMs = WorldMs + slept;
        Boot("deep_sleep");
        beforeStart?.Invoke(Endpoint);
        return Start();
    }

    public void Dispose()
    {
        if (OwnsDir && Directory.Exists(StateDir))
        {
            Directory.Delete(StateDir, true);
        }
    }

    private void Boot(string resetReason)
    {
        Boots++;
        Clock = new ManualClock();
        Log = new TestLog();
        World.Clock = new OffsetClock(Clock, _bootAtMs);
        Transport = new FakeMqttTransport { AutoAccept = BrokerUp, Echo = BrokerUp };
        Endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
        {
            App = "sensor",
            Id = Id,
            Board = Board,
            StateDir = StateDir,
            Transport = Transport,
            Hub = new MqttConnectOptions { Host = "broker.test", Port = 1883 },
            HubOptions = new HubOptions(),
            Clock = Clock,
            Log = Log,
            ResetReason = resetReason,
            Environment = World,
            WorldClock = World.Clock,
        });
    }
}

public static class SensorBoards
{
    /// <summary>The DevKitC with an SHT4x on i2c0 (as boards/esp32-devkitc declares it): mains powered.</summary>
    public static BoardInfo DevKitCWithSht4x()
    {
        var b = TestBoards.DevKitC();
        b.AddPin("i2c0.sda", 21, false);
        b.AddPin("i2c0.scl", 22, false);
        b.AddPart("sensirion,sht4x", "i2c0", 0x44);
        return b;
    }

    /// <summary>A battery board (2×AA through a divider on GPIO34) with an SHT4x and a door contact on GPIO27.</summary>
    public static BoardInfo BatterySht4xWithContact()
    {
        var b = new BoardInfo("test-battery", "Battery sensor test board", "esp32c3");
        b.AddPin("i2c0.sda", 4, false);
        b.AddPin("i2c0.scl", 5, false);
        b.AddPin("battery_adc", 34, false);
        b.AddPin("contact", 27, true);
        b.AddPart("sensirion,sht4x", "i2c0", 0x44);
        b.AddCapability("wifi");
        b.AddCapability("ble");
        b.AddCapability("battery");
        return b;
    }

    /// <summary>A mains board with a BME280 at 0x76.</summary>
    public static BoardInfo WithBme280()
    {
        var b = new BoardInfo("test-bme280", "BME280 test board", "esp32");
        b.AddPin("i2c0.sda", 21, false);
        b.AddPin("i2c0.scl", 22, false);
        b.AddPart("bosch,bme280", "i2c0", 0x76);
        b.AddCapability("wifi");
        return b;
    }

    /// <summary>A mains board with an SHT3x at 0x45.</summary>
    public static BoardInfo WithSht3x()
    {
        var b = new BoardInfo("test-sht3x", "SHT3x test board", "esp32");
        b.AddPin("i2c0.sda", 21, false);
        b.AddPin("i2c0.scl", 22, false);
        b.AddPart("sensirion,sht3x", "i2c0", 0x45);
        b.AddCapability("wifi");
        return b;
    }
}
