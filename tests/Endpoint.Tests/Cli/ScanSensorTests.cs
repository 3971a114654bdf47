using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

/// <summary><c>endpoint scan</c> hears a simulated sensor in another process, as a scanner next to the device would.</summary>
public sealed class ScanSensorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "endpoint-scan-sensor-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }
    }

    [Fact]
    public void ScanAndSimSensor_SeparateProcesses_TemperatureAndHumidityHeard()
    {
        string id = "sns" + Random.Shared.Next(1000, 9999); // short enough for the complete name and the readings in one packet
        using (AirEnvironment.Use(_dir))
        {
            using var sim = new SimProcess("sim", "sensor", "--id", id, "--hub-port", "0", "--state-dir", Path.Combine(_dir, "state"),
                "--param", "temp=19.5", "--param", "temp_swing=0", "--param", "noise=0");
            sim.WaitForLine(l => l.Contains("BTHome v2 as"), 30000);
            using var scan = new SimProcess("scan", "--json", "--for", "20s");

            string line = scan.WaitForLine(l => l.StartsWith('{') && l.Contains($"\"name\":\"{id}\"") && l.Contains("\"temperature\""), 20000);
            using var doc = JsonDocument.Parse(line);
            var readings = doc.RootElement.GetProperty("bthome").GetProperty("readings").EnumerateArray().ToList();
            var temperature = readings.Single(r => r.GetProperty("type").GetString() == "temperature");
            Assert.Equal(19.5, temperature.GetProperty("value").GetDouble(), 1);
            Assert.Equal("°C", temperature.GetProperty("unit").GetString());
            Assert.Contains(readings, r => r.GetProperty("type").GetString() == "humidity");
            Assert.False(doc.RootElement.GetProperty("bthome").GetProperty("trigger").GetBoolean()); // mains: not a sleepy device

            sim.Type("q");
            Assert.Equal(0, sim.WaitForExit());
            scan.Interrupt();
            Assert.Equal(0, scan.WaitForExit());
        }
    }
}
