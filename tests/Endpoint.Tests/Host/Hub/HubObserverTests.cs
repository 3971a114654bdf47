using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Endpoint.Core.Hub;
using Endpoint.Host.Hub;
using Endpoint.Host.Mqtt;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Hub;

public sealed class HubObserverTests : IDisposable
{
    private const string SensorDescription = """
        {"id":"th-1","name":"Hall","type":"sensor","board":"xiao-esp32c3","firmware":"2.1.0","topic":"endpoint/th-1",
         "entities":[
           {"id":"temperature","name":"Temperature","kind":"sensor","writable":false,"device_class":"temperature","state_topic":"endpoint/th-1/temperature/state","unit":"°C","decimals":1},
           {"id":"humidity","name":"Humidity","kind":"sensor","writable":false,"state_topic":"endpoint/th-1/humidity/state","unit":"%","min":0,"max":100,"decimals":0},
           {"id":"rssi","name":"Wi-Fi signal","kind":"sensor","writable":false,"category":"diagnostic","state_topic":"endpoint/th-1/telemetry","source":"telemetry","unit":"dBm"},
           {"id":"mode","name":"Mode","kind":"select","writable":true,"category":"config","state_topic":"endpoint/th-1/mode/state","command_topic":"endpoint/th-1/mode/set","options":["fast","slow"]},
           {"id":"lamp","name":"Lamp","kind":"light","writable":true,"state_topic":"endpoint/th-1/lamp/state","command_topic":"endpoint/th-1/lamp/set","schema":"json","brightness_scale":255}
         ],"commands":["restart"]}
        """;

    private readonly InProcessHub _hub = new();
    private readonly List<Reading> _readings = new();
    private readonly HubObserver _observer;
    private readonly InProcessTransport _device;
    private readonly List<(string Topic, string Payload)> _commands = new();

    public HubObserverTests()
    {
        _observer = new HubObserver(_hub.CreateTransport(), new MqttConnectOptions { Host = "in-process" });
        _observer.ReadingReceived += r =>
        {
            lock (_readings)
            {
                _readings.Add(r);
            }
        };
        _device = _hub.CreateTransport();
        _device.MessageReceived += (t, p) =>
        {
            lock (_commands)
            {
                _commands.Add((t, Encoding.UTF8.GetString(p)));
            }
        };
        _device.Connect(new MqttConnectOptions { Host = "in-process", ClientId = "th-1" });
        Wait(() => _device.IsConnected);
        _device.Subscribe("endpoint/th-1/+/set", 1);
    }

    public void Dispose()
    {
        _observer.Dispose();
        _hub.Dispose();
    }

    [Fact]
    public void Messages_SensorDevice_BuildsDeviceFromDescriptionAndRecordsReadingsWithUnits()
    {
        Publish("endpoint/th-1/status", "online", retain: true);
        Publish("endpoint/th-1/description", SensorDescription, retain: true);
        Publish("endpoint/th-1/temperature/state", "21.5", retain: true);
        _observer.Start();
        Wait(() => _observer.Device("th-1")?.Entity("temperature")?.State == "21.5");

        Publish("endpoint/th-1/humidity/state", "48");
        Publish("endpoint/th-1/telemetry", """{"uptime":12,"rssi":-61,"free_memory":61000,"reset_reason":"power_on","firmware":"2.1.0"}""");
        Publish("endpoint/th-1/lamp/state", """{"state":"ON","brightness":128,"color_mode":"brightness"}""");
        Publish("endpoint/th-1/ota/status", """{"state":"downloading","done":5000,"total":20000,"percent":25,"version":"2.2.0"}""");
        Wait(() => _observer.Device("th-1")?.Ota != null);

        var d = _observer.Device("th-1");
        Assert.Equal("sensor", d.Type);
        Assert.Equal("Hall", d.Name);
        Assert.Equal("2.1.0", d.Firmware);
        Assert.Equal("xiao-esp32c3", d.Board);
        Assert.True(d.Online);
        Assert.Equal(-61, d.Rssi);
        Assert.Equal("°C", d.Entity("temperature").Unit);
        Assert.Equal(new[] { "fast", "slow" }, d.Entity("mode").Options);
        Assert.Equal(255, d.Entity("lamp").BrightnessScale);
        Assert.Equal(new OtaProgress("downloading", 25, 5000, 20000, "2.2.0", null, d.Ota.At), d.Ota);
        Assert.Equal("temperature 21.5 °C · humidity 48 % · lamp ON brightness 128", d.MainReadings);

        var rows = Snapshot().Select(r => (r.Device, r.Entity, r.Value, r.Unit)).ToList();
        Assert.Contains(("th-1", "temperature", "21.5", "°C"), rows);
        Assert.Contains(("th-1", "humidity", "48", "%"), rows);
        Assert.Contains(("th-1", "rssi", "-61", "dBm"), rows);
        Assert.Contains(("th-1", "uptime", "12", ""), rows);
        Assert.Contains(("th-1", "free_memory", "61000", ""), rows);
        Assert.Contains(("th-1", "lamp", "ON", ""), rows);
        Assert.Contains(("th-1", "lamp.brightness", "128", ""), rows);
        Assert.DoesNotContain(rows, r => r.Entity == "reset_reason" || r.Entity == "firmware");
    }

    [Fact]
    public void Status_OfflineWill_MarksDeviceOffline()
    {
        StartSubscribed();
        Publish("endpoint/th-1/status", "online", retain: true);
        Wait(() => _observer.Device("th-1")?.Online == true);
        Publish("endpoint/th-1/status", "offline", retain: true);
        Wait(() => _observer.Device("th-1")?.Online == false);
        Assert.NotNull(_observer.Device("th-1").LastSeen);
    }

    [Fact]
    public void LastSeen_RetainedStateOfOfflineDevice_NotASignOfLifeButTelemetryIs()
    {
        Publish("endpoint/th-1/status", "offline", retain: true);
        Publish("endpoint/th-1/temperature/state", "20.0", retain: true);
        _observer.Start();
        Wait(() => _observer.Device("th-1")?.Entity("temperature") != null);
        Assert.Null(_observer.Device("th-1").LastSeen);

        Publish("endpoint/th-1/telemetry", "{\"uptime\":1}");
        Wait(() => _observer.Device("th-1").LastSeen != null);
    }

    [Fact]
    public void State_BeforeDescription_KeptAndTypedWhenDescribed()
    {
        StartSubscribed();
        Publish("endpoint/th-1/temperature/state", "19.0", retain: true);
        Wait(() => _observer.Device("th-1")?.Entity("temperature") != null);
        Assert.Equal("unknown", _observer.Device("th-1").Entity("temperature").Kind);

        Publish("endpoint/th-1/description", SensorDescription);
        Wait(() => _observer.Device("th-1").Entity("temperature").Kind == "sensor");
        Assert.Equal("19.0", _observer.Device("th-1").Entity("temperature").State);
    }

    [Fact]
    public void SendCommand_ValidAndInvalid_PublishesOnlyValidNormalizedCommands()
    {
        Publish("endpoint/th-1/description", SensorDescription, retain: true);
        _observer.Start();
        Wait(() => _observer.Device("th-1")?.Entity("lamp") != null);

        Assert.Null(_observer.SendCommand("th-1", "mode", "slow"));
        Assert.Null(_observer.SendCommand("th-1", "lamp", """{"state":"ON","brightness":40}"""));
        Assert.Null(_observer.SendCommand("th-1", "lamp", "off"));
        Assert.Contains("fast, slow", _observer.SendCommand("th-1", "mode", "turbo"));
        Assert.Contains("0 to 255", _observer.SendCommand("th-1", "lamp", """{"brightness":400}"""));
        Assert.Contains("does not take commands", _observer.SendCommand("th-1", "temperature", "5"));
        Assert.Contains("no entity", _observer.SendCommand("th-1", "nope", "ON"));
        Assert.Contains("no device", _observer.SendCommand("th-9", "mode", "slow"));

        Wait(() => Commands().Count == 3);
        Thread.Sleep(200);
        Assert.Equal(
            new[] { ("endpoint/th-1/mode/set", "slow"), ("endpoint/th-1/lamp/set", """{"state":"ON","brightness":40}"""), ("endpoint/th-1/lamp/set", """{"state":"OFF"}""") },
            Commands());
    }

    [Fact]
    public void Messages_RandomGarbage_NoCrashAndModelStaysUsable()
    {
        StartSubscribed();
        var random = new Random(3);
        string[] suffixes = ["status", "description", "telemetry", "ota/status", "relay/state", "a/b/state"];
        for (int i = 0; i < 300; i++)
        {
            byte[] junk = new byte[random.Next(0, 60)];
            random.NextBytes(junk);
            if (i % 3 == 0)
            {
                junk = Encoding.UTF8.GetBytes(new[] { "{", "[]", "{\"entities\":7}", "{\"entities\":[1,{\"id\":3}]}", "null", "\"x\"", "{\"percent\":\"a\"}" }[random.Next(7)]);
            }

            _device.Publish("endpoint/th-1/" + suffixes[random.Next(suffixes.Length)], junk, 0, junk.Length, 1, false);
        }

        Publish("endpoint/th-1/description", SensorDescription);
        Publish("endpoint/th-1/temperature/state", "22.5");
        Wait(() => _observer.Device("th-1")?.Entity("temperature")?.State == "22.5");
        Assert.Equal("sensor", _observer.Device("th-1").Type);
    }

    [Fact]
    public void RealPlug_OnInProcessHub_ObservedAndCommandedThroughDescription()
    {
        using var pool = new LoopPool(new SystemClock(), 1);
        var plug = SimulatedEndpoint.Create(new SimulatedEndpointOptions
        {
            App = "plug",
            Id = "plug-7",
            Board = TestBoards.DevKitC(),
            MemoryFlash = new MemoryFlash(),
            Transport = _hub.CreateTransport(),
            Hub = new MqttConnectOptions { Host = "in-process" },
        });
        pool.Add(plug.Loop);
        plug.Start();
        _observer.Start();
        Wait(() => _observer.Device("plug-7")?.Entity("relay")?.State == "OFF");

        var d = _observer.Device("plug-7");
        Assert.Equal("plug", d.Type);
        Assert.True(d.Online);
        Assert.Equal("switch", d.Entity("relay").Kind);
        Assert.Equal("relay OFF", d.MainReadings);

        Assert.Null(_observer.SendCommand("plug-7", "relay", "on"));
        Wait(() => _observer.Device("plug-7").Entity("relay").State == "ON");
        Assert.Contains(Snapshot(), r => r.Device == "plug-7" && r.Entity == "relay" && r.Value == "ON");
    }

    // Starts the observer and returns once its subscriptions are in place: a retained marker it
    // subscribed to last has arrived (subscriptions are handled in order).
    private void StartSubscribed()
    {
        Publish("endpoint/marker/ota/status", "{\"state\":\"idle\"}", retain: true);
        _observer.Start();
        Wait(() => _observer.Device("marker")?.Ota != null);
    }

    private void Publish(string topic, string payload, bool retain = false)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(payload);
        Assert.True(_device.Publish(topic, bytes, 0, bytes.Length, 1, retain));
    }

    private List<Reading> Snapshot()
    {
        lock (_readings)
        {
            return _readings.ToList();
        }
    }

    private List<(string, string)> Commands()
    {
        lock (_commands)
        {
            return _commands.ToList();
        }
    }

    private static void Wait(Func<bool> condition, int timeoutMs = 10000)
    {
        Assert.True(SpinWait.SpinUntil(condition, timeoutMs), "condition not met in time");
    }
}
