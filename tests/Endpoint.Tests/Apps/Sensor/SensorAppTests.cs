using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Endpoint.Apps.Sensor;
using Endpoint.Core.Boards;
using Endpoint.Host.Simulation.Parts;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Apps.Sensor;

public class SensorAppTests
{
    private const string Base = "endpoint/sensor-1";
    private const string TemperatureState = Base + "/temperature/state";
    private const string HumidityState = Base + "/humidity/state";

    private static double Number(FakeMqttTransport.Sent m) => double.Parse(m.Payload, CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- mains mode

    [Fact]
    public void Mains_Start_PublishesFirstReadingsRetained()
    {
        using var rig = new SensorRig(SensorBoards.DevKitCWithSht4x());
        rig.World.MeanCelsius = 22.37;
        rig.World.MeanHumidity = 51.2;
        rig.Start().Run(50);

        Assert.False(rig.App.IsBatteryMode);
        var t = rig.Transport.Last(TemperatureState);
        Assert.NotNull(t);
        Assert.True(t.Retain);
        Assert.Equal(1, t.Qos);
        Assert.Equal(22.37, Number(t), 2);
        Assert.Equal(51.2, Number(rig.Transport.Last(HumidityState)), 1);
        Assert.Null(rig.SleptMs);
    }

    [Fact]
    public void Mains_ChangeBelowThreshold_NotReported_AboveThreshold_Reported()
    {
        using var rig = new SensorRig(SensorBoards.DevKitCWithSht4x());
        rig.Start().Run(50);
        int before = rig.Transport.To(TemperatureState).Count();

        rig.World.MeanCelsius += 0.15; // below the 0.2 °C threshold
        rig.Run(60_000);
        Assert.Equal(before, rig.Transport.To(TemperatureState).Count());

        rig.World.MeanCelsius += 0.1; // 0.25 °C from the last report
        rig.Run(60_000);
        Assert.Equal(before + 1, rig.Transport.To(TemperatureState).Count());
        Assert.Equal(21.75, Number(rig.Transport.Last(TemperatureState)), 2);
    }

    [Fact]
    public void Mains_HumidityThreshold_ReportsBothReadings()
    {
        using var rig = new SensorRig(SensorBoards.DevKitCWithSht4x());
        rig.Start().Run(50);
        int humidity = rig.Transport.To(HumidityState).Count();

        rig.World.MeanHumidity += 1.5;
        rig.Run(60_000);
        Assert.Equal(humidity + 1, rig.Transport.To(HumidityState).Count());
        Assert.Equal(46.5, Number(rig.Transport.Last(HumidityState)), 1);
    }

    [Fact]
    public void Mains_NoChange_HeartbeatAfterMaxSilence()
    {
        using var rig = new SensorRig(SensorBoards.DevKitCWithSht4x());
        rig.Start().Run(50);
        int before = rig.Transport.To(TemperatureState).Count();

        rig.Run(11 * 60_000); // eleven quiet intervals
        Assert.Equal(before, rig.Transport.To(TemperatureState).Count());

        rig.Run(60_000); // the twelfth: a heartbeat with the same value
        Assert.Equal(before + 1, rig.Transport.To(TemperatureState).Count());
        Assert.Equal(rig.Transport.To(TemperatureState).First().Payload, rig.Transport.Last(TemperatureState).Payload);
    }

    [Fact]
    public void Mains_CrcFailure_ReportsNothingThenRecovers()
    {
        using var rig = new SensorRig(SensorBoards.DevKitCWithSht4x());
        rig.Start().Run(50);
        int before = rig.Transport.To(TemperatureState).Count();

        rig.World.MeanCelsius = 25;
        rig.Part<SimulatedSht4x>().CorruptReads = 1;
        rig.Run(60_000);
        Assert.Equal(before, rig.Transport.To(TemperatureState).Count());
        Assert.Equal(1, rig.App.ReadErrors);
        Assert.Contains("CRC mismatch", rig.Log.All);

        rig.Run(60_000);
        Assert.Equal(25.0, Number(rig.Transport.Last(TemperatureState)), 2);
    }

    [Fact]
    public void Mains_PartGone_NoReadingsAndLogged()
    {
        using var rig = new SensorRig(SensorBoards.DevKitCWithSht4x());
        rig.Part<SimulatedSht4x>().Absent = true;
        rig.Start().Run(60_050);

        Assert.Empty(rig.Transport.To(TemperatureState));
        Assert.Equal(2, rig.App.ReadErrors);
        Assert.Contains("SHT4x does not answer (no acknowledge)", rig.Log.All);
    }

    [Fact]
    public void Mains_Bme280_PublishesPressure()
    {
        using var rig = new SensorRig(SensorBoards.WithBme280());
        rig.World.MeanHectopascals = 998.4;
        rig.Start().Run(50);

        Assert.Equal(998.4, Number(rig.Transport.Last(Base + "/pressure/state")), 1);
        Assert.Equal(21.5, Number(rig.Transport.Last(TemperatureState)), 2);
        Assert.Equal(45.0, Number(rig.Transport.Last(HumidityState)), 1);
    }

    [Fact]
    public void Mains_Sht3x_PublishesReadings()
    {
        using var rig = new SensorRig(SensorBoards.WithSht3x());
        rig.World.MeanCelsius = 19.8;
        rig.Start().Run(50);

        Assert.Equal(19.8, Number(rig.Transport.Last(TemperatureState)), 2);
        Assert.Null(rig.Transport.Last(Base + "/pressure/state"));
    }

    [Fact]
    public void Mains_IntervalSelect_ChangesCadenceAndPersists()
    {
        string dir = TempDir();
        try
        {
            using (var rig = new SensorRig(SensorBoards.DevKitCWithSht4x(), dir))
            {
                rig.Start().Run(50);
                rig.Transport.Deliver(Base + "/interval/set", "10");
                rig.Run();
                Assert.Equal("10", rig.Transport.Last(Base + "/interval/state").Payload);
                int taken = rig.App.ReadingsTaken;
                rig.Run(30_100);
                Assert.Equal(taken + 3, rig.App.ReadingsTaken);

                // the expiry follows the interval: (12 + 2) × 10 s
                var config = JsonDocument.Parse(rig.Transport.Last("homeassistant/sensor/sensor-1_temperature/config").Payload);
                Assert.Equal(140, config.RootElement.GetProperty("expire_after").GetInt32());
            }

            using var again = new SensorRig(SensorBoards.DevKitCWithSht4x(), dir);
            again.Start();
            Assert.Equal(10, again.App.IntervalSeconds);
        }
        finally
        {
            System.IO.Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Mains_ContactInput_DebouncedChangesPublished()
    {
        var board = SensorBoards.DevKitCWithSht4x();
        board.AddPin("contact", 27, true);
        using var rig = new SensorRig(board);
        rig.Start().Run(50);
        var pin = rig.Endpoint.Hardware.Pin(27);
        Assert.Equal("OFF", rig.Transport.Last(Base + "/contact/state").Payload); // pulled up: closed

        // the door opens with contact bounce: one change, after the debounce time
        pin.SetInput(false);
        pin.SetInput(true);
        pin.SetInput(false);
        rig.Run(20);
        Assert.Equal("OFF", rig.Transport.Last(Base + "/contact/state").Payload);
        rig.Run(100);
        Assert.Equal("ON", rig.Transport.Last(Base + "/contact/state").Payload);
        Assert.Single(rig.Transport.To(Base + "/contact/state"), m => m.Payload == "ON");
    }

    // ---------------------------------------------------------------- commands

    [Fact]
    public void Thresholds_Valid_AppliedPersistedAndEchoed()
    {
        string dir = TempDir();
        try
        {
            using (var rig = new SensorRig(SensorBoards.DevKitCWithSht4x(), dir))
            {
                rig.Start().Run(50);
                rig.Transport.Deliver(Base + "/cmd/thresholds", "{\"temperature\":0.5,\"max_silence\":3}");
                rig.Run();
                var result = JsonDocument.Parse(rig.Transport.Last(Base + "/cmd/thresholds/result").Payload).RootElement;
                Assert.True(result.GetProperty("ok").GetBoolean());
                Assert.Equal(0.5, result.GetProperty("temperature").GetDouble());
                Assert.Equal(1.0, result.GetProperty("humidity").GetDouble());
                Assert.Equal(3, result.GetProperty("max_silence").GetInt32());

                int before = rig.Transport.To(TemperatureState).Count();
                rig.World.MeanCelsius += 0.3; // under the new 0.5 °C threshold
                rig.Run(60_000);
                Assert.Equal(before, rig.Transport.To(TemperatureState).Count());
            }

            using var again = new SensorRig(SensorBoards.DevKitCWithSht4x(), dir);
            again.Start();
            Assert.Equal(0.5, again.App.Policy.TemperatureStep);
            Assert.Equal(3, again.App.Policy.MaxSilence);
        }
        finally
        {
            System.IO.Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("{\"temperature\":-1}", "temperature must be from")]
    [InlineData("{\"humidity\":\"a lot\"}", "humidity must be a number")]
    [InlineData("{\"max_silence\":2.5}", "whole number")]
    [InlineData("{\"colour\":1}", "unknown member 'colour'")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("{\"temperature\":0.3,", "not valid JSON")]
    public void Thresholds_Invalid_RefusedAndNothingChanged(string payload, string error)
    {
        using var rig = new SensorRig(SensorBoards.DevKitCWithSht4x());
        rig.Start().Run(50);
        rig.Transport.Deliver(Base + "/cmd/thresholds", payload);
        rig.Run();

        var result = JsonDocument.Parse(rig.Transport.Last(Base + "/cmd/thresholds/result").Payload).RootElement;
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains(error, result.GetProperty("error").GetString());
        Assert.Equal(ReportPolicy.DefaultTemperatureStep, rig.App.Policy.TemperatureStep);
        Assert.Equal(ReportPolicy.DefaultHumidityStep, rig.App.Policy.HumidityStep);
        Assert.Equal(ReportPolicy.DefaultMaxSilence, rig.App.Policy.MaxSilence);
    }

    [Fact]
    public void Thresholds_RandomGarbage_AlwaysAnErrorReplyNeverAChange()
    {
        using var rig = new SensorRig(SensorBoards.DevKitCWithSht4x());
        rig.Start().Run(50);
        var random = new Random(7);
        string alphabet = "{}[]\":,0123456789.-etruflasn temperaturhidypsx_";
        for (int i = 0; i < 300; i++)
        {
            var chars = new char[random.Next(1, 40)];
            for (int c = 0; c < chars.Length; c++)
            {
                chars[c] = alphabet[random.Next(alphabet.Length)];
            }

            rig.Transport.Deliver(Base + "/cmd/thresholds", new string(chars));
            rig.Run();
            var result = JsonDocument.Parse(rig.Transport.Last(Base + "/cmd/thresholds/result").Payload).RootElement;
            if (result.GetProperty("ok").GetBoolean())
            {
                // the rare valid document: it must have been applied exactly as echoed
                Assert.Equal(result.GetProperty("temperature").GetDouble(), rig.App.Policy.TemperatureStep, 2);
            }
        }

        Assert.Null(rig.SleptMs);
        Assert.DoesNotContain("callback failed", rig.Log.All);
    }

    // ---------------------------------------------------------------- battery mode

    [Fact]
    public void Battery_FirstBoot_ReadsPublishesConfirmsAndSleeps()
    {
        using var rig = new SensorRig(SensorBoards.BatterySht4xWithContact());
        rig.World.MeanCelsius = 20.4;
        long slept = rig.Start().RunUntilSleep();

        Assert.True(rig.App.IsBatteryMode);
        Assert.Equal(20.4, Number(rig.Transport.Last(TemperatureState)), 2);
        Assert.True(rig.Transport.Last(TemperatureState).Retain);
        Assert.Equal(2.9, Number(rig.Transport.Last(Base + "/battery_voltage/state")), 2);
        Assert.Equal(90, Number(rig.Transport.Last(Base + "/battery/state")));
        Assert.Equal("OFF", rig.Transport.Last(Base + "/contact/state").Payload);

        // the flush marker came back after the readings, and only then the device slept
        int marker = rig.Transport.Published.FindIndex(m => m.Topic == Base + "/flush");
        Assert.True(marker > rig.Transport.Published.FindIndex(m => m.Topic == TemperatureState));
        Assert.Equal(1, rig.App.Reports);

        // the rest of the 300 s interval, and no "offline": the device sleeps, it is not gone
        long awake = rig.Clock.UptimeMs;
        Assert.Equal(300_000 - awake, slept);
        Assert.DoesNotContain(rig.Transport.Published, m => m.Topic == Base + "/status" && m.Payload == "offline");
        Assert.Equal(1, rig.Transport.Disconnects);
        Assert.Contains("deep sleep 29", rig.Log.All);
    }

    [Fact]
    public void Battery_QuietWake_SleepsWithoutTheRadio()
    {
        using var rig = new SensorRig(SensorBoards.BatterySht4xWithContact());
        rig.Start().RunUntilSleep();

        rig.World.MeanCelsius += 0.1; // under the threshold
        rig.Wake();
        long slept = rig.RunUntilSleep();

        Assert.Empty(rig.Transport.ConnectAttempts);
        Assert.Empty(rig.Transport.Published);
        Assert.Equal(1, rig.App.ReadingsTaken);
        Assert.True(rig.Clock.UptimeMs < 50, $"a quiet wake took {rig.Clock.UptimeMs} ms");
        Assert.Equal(300_000 - rig.Clock.UptimeMs, slept);
        Assert.Equal(1, rig.App.Policy.SilentIntervals);
    }

    [Fact]
    public void Battery_ChangedWake_ReportsAndCarriesThePreviousAwakeTime()
    {
        using var rig = new SensorRig(SensorBoards.BatterySht4xWithContact());
        rig.Start().RunUntilSleep();
        long firstAwake = rig.Clock.UptimeMs;
        Assert.Null(rig.Transport.Last(Base + "/awake_time/state")); // nothing to tell yet

        rig.World.MeanCelsius += 0.5;
        rig.Wake();
        rig.RunUntilSleep();

        Assert.Single(rig.Transport.ConnectAttempts);
        Assert.Equal(22.0, Number(rig.Transport.Last(TemperatureState)), 2);
        Assert.Equal(firstAwake, (long)Number(rig.Transport.Last(Base + "/awake_time/state")));
    }

    [Fact]
    public void Battery_ContactOpensWhileAsleep_ReportedAtNextWake()
    {
        using var rig = new SensorRig(SensorBoards.BatterySht4xWithContact());
        rig.Start().RunUntilSleep();

        rig.Wake(endpoint => endpoint.Hardware.Pin(27).SetInput(false)); // the door opened during the sleep
        rig.RunUntilSleep();

        Assert.Equal("ON", rig.Transport.Last(Base + "/contact/state").Payload);
    }

    [Fact]
    public void Battery_NoChange_HeartbeatEveryMaxSilenceWakes()
    {
        using var rig = new SensorRig(SensorBoards.BatterySht4xWithContact());
        rig.Start().RunUntilSleep();
        int connects = 0;
        for (int wake = 1; wake <= 24; wake++)
        {
            rig.Wake();
            rig.RunUntilSleep();
            connects += rig.Transport.ConnectAttempts.Count;
            bool reported = rig.Transport.To(TemperatureState).Any();
            Assert.Equal(wake % 12 == 0, reported);
        }

        Assert.Equal(2, connects);
    }

    [Fact]
    public void Battery_Wake_UnchangedAnnouncementsAreNotResent()
    {
        using var rig = new SensorRig(SensorBoards.BatterySht4xWithContact());
        rig.Start().RunUntilSleep();
        Assert.Contains(rig.Transport.Published, m => m.Topic == Base + "/description");
        Assert.Contains(rig.Transport.Published, m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal));

        rig.World.MeanCelsius += 1;
        rig.Wake();
        rig.RunUntilSleep();
        Assert.NotNull(rig.Transport.Last(TemperatureState));
        Assert.DoesNotContain(rig.Transport.Published, m => m.Topic == Base + "/description");
        Assert.DoesNotContain(rig.Transport.Published, m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal));
    }

    [Fact]
    public void Battery_BrokerUnreachable_SleepsAfterTheBudgetAndRetriesNextWake()
    {
        using var rig = new SensorRig(SensorBoards.BatterySht4xWithContact());
        rig.Start().RunUntilSleep();
        rig.BrokerUp = false;
        rig.World.MeanCelsius += 1;
        rig.Wake();
        long slept = rig.RunUntilSleep();

        Assert.InRange(rig.Clock.UptimeMs, SensorApp.AwakeBudgetMs, SensorApp.AwakeBudgetMs + 50);
        Assert.Equal(300_000 - rig.Clock.UptimeMs, slept);
        Assert.Contains("hub not reached", rig.Log.All);

        rig.BrokerUp = true;
        rig.Wake();
        rig.RunUntilSleep();
        Assert.Equal(22.5, Number(rig.Transport.Last(TemperatureState)), 2);
    }

    [Fact]
    public void Battery_ModeSelectMains_PersistsAndRestarts()
    {
        string dir = TempDir();
        try
        {
            using (var rig = new SensorRig(SensorBoards.BatterySht4xWithContact(), dir))
            {
                string reboot = null;
                rig.Endpoint.System.RebootRequested += r => reboot = r;
                rig.Transport.Echo = false; // keep it awake: the flush is never confirmed
                rig.Start().Run(50);
                rig.Transport.Deliver(Base + "/mode/set", "mains");
                rig.Run(600);
                Assert.Equal("mode change", reboot);
            }

            using var again = new SensorRig(SensorBoards.BatterySht4xWithContact(), dir);
            again.Start().Run(50);
            Assert.False(again.App.IsBatteryMode);
            Assert.Null(again.SleptMs);
        }
        finally
        {
            System.IO.Directory.Delete(dir, true);
        }
    }

    // ---------------------------------------------------------------- Home Assistant discovery

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Discovery_EveryEntity_CarriesWhatHomeAssistantRequires(bool battery)
    {
        var board = battery ? SensorBoards.BatterySht4xWithContact() : SensorBoards.WithBme280();
        if (!battery)
        {
            board.AddPin("battery_adc", 34, false);
            board.AddPin("motion", 27, false);
        }

        using var rig = new SensorRig(board);
        rig.Start().Run(battery ? 60_000 : 50);
        var configs = rig.Transport.Published.Where(m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal) && m.Topic.EndsWith("/config", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(configs);
        // Units Home Assistant accepts for each sensor device class (developers.home-assistant.io, SensorDeviceClass).
        var units = new System.Collections.Generic.Dictionary<string, string[]>
        {
            ["temperature"] = ["°C", "°F", "K"], ["humidity"] = ["%"], ["pressure"] = ["hPa", "kPa", "Pa", "mbar", "bar", "psi", "inHg", "mmHg"],
            ["battery"] = ["%"], ["voltage"] = ["V", "mV"], ["duration"] = ["d", "h", "min", "s", "ms"], ["signal_strength"] = ["dB", "dBm"],
        };
        var components = new System.Collections.Generic.HashSet<string>();
        foreach (var config in configs)
        {
            Assert.True(config.Retain, config.Topic);
            string component = config.Topic.Split('/')[1];
            components.Add(component);
            var doc = JsonDocument.Parse(config.Payload).RootElement;
            string where = config.Topic + ": " + config.Payload;
            Assert.True(doc.TryGetProperty("unique_id", out _), where);
            Assert.True(doc.GetProperty("device").GetProperty("identifiers").GetArrayLength() > 0, where);
            Assert.Equal(!battery, doc.TryGetProperty("availability_topic", out _));
            bool isTelemetry = doc.TryGetProperty("value_template", out _);
            switch (component)
            {
                case "sensor":
                    Assert.True(doc.TryGetProperty("state_topic", out _), where);
                    string deviceClass = doc.GetProperty("device_class").GetString();
                    Assert.True(units.ContainsKey(deviceClass), where);
                    Assert.Contains(doc.GetProperty("unit_of_measurement").GetString(), units[deviceClass]);
                    Assert.Equal("measurement", doc.GetProperty("state_class").GetString());

                    // the sensor's own readings expire when reports stop; rssi and uptime come from telemetry
                    Assert.Equal(!isTelemetry, doc.TryGetProperty("expire_after", out var expire) && expire.GetInt32() > 0);

                    break;
                case "binary_sensor":
                    Assert.True(doc.TryGetProperty("state_topic", out _), where);
                    Assert.Contains(doc.GetProperty("device_class").GetString(), new[] { "opening", "motion" });
                    Assert.False(doc.TryGetProperty("payload_on", out _), where); // the states are HA's defaults, ON/OFF
                    Assert.Equal(battery, doc.TryGetProperty("expire_after", out _));
                    break;
                case "select":
                    Assert.True(doc.TryGetProperty("command_topic", out _), where);
                    Assert.True(doc.TryGetProperty("state_topic", out _), where);
                    Assert.True(doc.GetProperty("options").GetArrayLength() > 1, where);
                    break;
                case "button":
                    Assert.True(doc.TryGetProperty("command_topic", out _), where);
                    break;
                default:
                    Assert.Fail("unexpected component " + component);
                    break;
            }
        }

        Assert.Equal(new[] { "binary_sensor", "button", "select", "sensor" }, components.OrderBy(c => c));
        Assert.Equal(battery, configs.Any(c => c.Topic.Contains("awake_time")));
        Assert.Equal(!battery, configs.Any(c => c.Topic.Contains("pressure")));
    }

    [Fact]
    public void Build_BoardWithNothingToMeasure_ThrowsClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SensorRig(TestBoards.DevKitC()));
        Assert.Contains("has nothing to measure", ex.Message);
    }

    private static string TempDir() => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
}
