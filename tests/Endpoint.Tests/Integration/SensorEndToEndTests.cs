using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Integration;

/// <summary>
/// `endpoint sim sensor --hub mqtt://…` as a real process against a real Mosquitto with passwords and
/// the device ACL: a hub that knows only what discovery told it finds temperature and humidity and
/// receives readings of the simulated world.
/// </summary>
public sealed class SensorEndToEndTests : IDisposable
{
    private readonly EndToEndRig _rig = new("sensor-secret", ["sensor-a"]);

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task SimSensor_WithMosquitto_DiscoveryForTemperatureAndHumidity_ThenReadings()
    {
        using var hub = await _rig.ConnectHubAsync("homeassistant/#", "endpoint/#");
        using var sim = _rig.StartSim("sensor", "sensor-a", "--param", "temp=23.5", "--param", "humidity=40", "--param", "noise=0");

        foreach (var (quantity, deviceClass, unit, value) in new[] { ("temperature", "temperature", "°C", 23.5), ("humidity", "humidity", "%", 40.0) })
        {
            var config = hub.WaitFor($"homeassistant/sensor/sensor-a_{quantity}/config");
            using var doc = JsonDocument.Parse(config.Payload);
            var root = doc.RootElement;
            Assert.Equal(deviceClass, root.GetProperty("device_class").GetString());
            Assert.Equal(unit, root.GetProperty("unit_of_measurement").GetString());
            Assert.Equal("measurement", root.GetProperty("state_class").GetString());
            Assert.Equal("endpoint/sensor-a/status", root.GetProperty("availability_topic").GetString());

            // the reading arrives where discovery said, close to the simulated world (its daily swing is ±1.5 °C / ±4.5 %RH)
            string stateTopic = root.GetProperty("state_topic").GetString();
            var state = hub.WaitFor(stateTopic);
            double reading = double.Parse(state.Payload, CultureInfo.InvariantCulture);
            Assert.InRange(reading, value - 5, value + 5);
        }

        hub.WaitFor("endpoint/sensor-a/status", s => s == "online");
        sim.WaitForLine(l => l.Contains("report: "));

        int mark = hub.Count;
        sim.Interrupt();
        Assert.Equal(0, sim.WaitForExit());
        hub.WaitFor("endpoint/sensor-a/status", s => s == "offline", after: mark);
    }

    [Fact]
    public async Task SimSensor_BatteryMode_ReportsSleepsAndWakesFromDeepSleep()
    {
        // A device set to battery mode with a 10 s interval (as its selects would leave it).
        Directory.CreateDirectory(_rig.StateDir);
        new Endpoint.Core.Storage.KeyValueStore(new Endpoint.Host.Simulation.SimulatedFlash(_rig.StateDir), "settings")
            .SetMany(["sensor.mode", "sensor.interval"], ["battery", "10"]);

        using var hub = await _rig.ConnectHubAsync("homeassistant/#", "endpoint/#");
        using var sim = _rig.StartSim("sensor", "sensor-a", "--param", "noise=0", "--param", "temp_swing=0");

        var config = hub.WaitFor("homeassistant/sensor/sensor-a_temperature/config");
        using (var doc = JsonDocument.Parse(config.Payload))
        {
            Assert.False(doc.RootElement.TryGetProperty("availability_topic", out _));
            Assert.Equal(140, doc.RootElement.GetProperty("expire_after").GetInt32()); // (12 + 2) × 10 s
        }

        hub.WaitFor("endpoint/sensor-a/temperature/state", s => s == "21.50");
        sim.WaitForLine(l => l.Contains("deep sleep for"));
        sim.WaitForLine(l => l.Contains("reset: deep_sleep"), timeoutMs: 30000);
        sim.WaitForLine(l => l.Contains("awake ") && l.Contains("ms; deep sleep"), timeoutMs: 30000);

        // asleep is not gone: no offline, even after a wake that had nothing new to say
        Assert.DoesNotContain(hub.Messages, m => m.Topic == "endpoint/sensor-a/status" && m.Payload == "offline");
    }

    [Theory]
    [InlineData("temp=hot", "--param temp: 'hot' is not a number from -40 to 85 °C")]
    [InlineData("colour=3", "--param colour: board esp32-devkitc has no simulated part with that parameter (it takes temp, temp_swing")]
    [InlineData("humidity=140", "--param humidity: '140' is not a number from 0 to 100 %")]
    [InlineData("temp", "--param 'temp': expected name=value")]
    public void SimSensor_BadParam_OneClearLineAndExit2(string param, string message)
    {
        using var sim = new SimProcess("sim", "sensor", "--state-dir", _rig.StateDir, "--param", param);
        Assert.Equal(2, sim.WaitForExit());
        Assert.Contains(message, sim.Output);
        Assert.Single(sim.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
