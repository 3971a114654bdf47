using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Endpoint.Apps.Plug;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Apps.Plug;

public class PlugMeteringTests
{
    private static AppRig PlusPlugS(double load = 1000, string dir = null) =>
        new AppRig("plug", RealBoards.PlusPlugS(), dir, "plug-1", new Dictionary<string, string>
        {
            ["load"] = load.ToString(CultureInfo.InvariantCulture),
            ["variation"] = "0",
        }).StartOnline();

    private static PlugApp Plug(AppRig rig) => (PlugApp)rig.Endpoint.App;

    private static double Number(AppRig rig, string suffix) => double.Parse(rig.Last(suffix), CultureInfo.InvariantCulture);

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Discovery_MeteringEntitiesCarryWhatHomeAssistantNeeds()
    {
        using var rig = PlusPlugS();
        JsonElement Config(string component, string entity) =>
            JsonDocument.Parse(rig.Transport.Last($"homeassistant/{component}/plug-1_{entity}/config").Payload).RootElement;

        foreach (var (entity, unit, deviceClass, stateClass) in new[]
        {
            ("power", "W", "power", "measurement"),
            ("voltage", "V", "voltage", "measurement"),
            ("current", "A", "current", "measurement"),
            ("energy", "kWh", "energy", "total_increasing"),
        })
        {
            var c = Config("sensor", entity);
            Assert.Equal($"endpoint/plug-1/{entity}/state", c.GetProperty("state_topic").GetString());
            Assert.Equal(unit, c.GetProperty("unit_of_measurement").GetString());
            Assert.Equal(deviceClass, c.GetProperty("device_class").GetString());
            Assert.Equal(stateClass, c.GetProperty("state_class").GetString());
            Assert.False(c.TryGetProperty("command_topic", out _));
        }

        var limit = Config("number", "max_power");
        Assert.Equal("endpoint/plug-1/max_power/set", limit.GetProperty("command_topic").GetString());
        Assert.Equal(2500, limit.GetProperty("max").GetDouble());
        Assert.Equal("config", limit.GetProperty("entity_category").GetString());
        Assert.Equal(["overpower"], Config("event", "protection").GetProperty("event_types").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void RelayOn_PowerVoltageCurrentOfTheLoad()
    {
        using var rig = PlusPlugS(1000);
        rig.Run(4000);
        Assert.Equal(0, Number(rig, "power/state"));
        Assert.Equal(230, Number(rig, "voltage/state"), 0.5);

        rig.Command("relay/set", "ON");
        rig.Run(6000);
        Assert.Equal(1000, Number(rig, "power/state"), 1.0);
        Assert.Equal(230, Number(rig, "voltage/state"), 0.5);
        Assert.Equal(1000.0 / 230, Number(rig, "current/state"), 0.005);

        rig.Command("relay/set", "OFF");
        rig.Run(6000);
        Assert.Equal(0, Number(rig, "power/state"));
        Assert.Equal(0, Number(rig, "current/state"));
    }

    [Fact]
    public void Energy_OneHourAtOneKilowatt_IsOneKilowattHour()
    {
        using var rig = PlusPlugS(1000);
        rig.Command("relay/set", "ON");
        rig.Run(3_600_000);
        Assert.Equal(1.0, Number(rig, "energy/state"), 0.002);
        Assert.Matches(@"^\d+\.\d{3}$", rig.Last("energy/state"));
    }

    [Fact]
    public void Energy_SavedRateLimitedAndRestoredAfterRestart()
    {
        string dir = TempDir();
        try
        {
            double saved;
            using (var first = PlusPlugS(1000, dir))
            {
                first.Command("relay/set", "ON");
                int writes = first.Endpoint.Flash.Writes;
                first.Run(600_000); // 10 minutes at 1 kW: 167 Wh
                var metering = Plug(first).Metering;
                saved = metering.SavedEnergyWh;
                // one save a minute at most (each save is one atomic settings write)
                int saves = first.Endpoint.Flash.Writes - writes;
                Assert.InRange(saves, 9, 2 * 10);
                Assert.InRange(metering.Meter.EnergyWh - saved, 0, 1000.0 * 62 / 3600);
                // pulling the plug here loses what was not saved
            }

            using (var second = PlusPlugS(1000, dir))
            {
                Assert.Equal(saved / 1000, Number(second, "energy/state"), 0.0011);
                second.Command("relay/set", "ON");
                second.Run(30_000); // 8.3 Wh: under the save threshold
                Assert.Equal(saved, Plug(second).Metering.SavedEnergyWh, 0.001);
                second.Stop(); // a clean stop saves the rest
                saved = Plug(second).Metering.SavedEnergyWh;
                Assert.True(saved > 0);
            }

            using var third = PlusPlugS(1000, dir);
            Assert.Equal(saved / 1000, Number(third, "energy/state"), 0.0011);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void OverPower_SwitchesOffReportsWhyAndAllowsALaterOn()
    {
        using var rig = PlusPlugS(1000);
        rig.Command("max_power/set", "800");
        Assert.Equal("800", rig.Last("max_power/state"));
        rig.Command("relay/set", "ON");
        rig.Run(6000);

        Assert.False(Plug(rig).RelaySwitch.IsOn);
        Assert.Equal("OFF", rig.Last("relay/state"));
        var ev = rig.Transport.Last("endpoint/plug-1/protection/event");
        Assert.Equal("{\"event_type\":\"overpower\"}", ev.Payload);
        Assert.False(ev.Retain);
        Assert.Matches(@"metering: overpower: (999\.\d|1000\.\d) W above the 800 W limit; relay switched off", rig.Log.All);

        // Shelly-style: ON is accepted again; the load is still too big, so it trips again.
        int events = rig.Transport.To("endpoint/plug-1/protection/event").Count();
        rig.Command("relay/set", "ON");
        Assert.True(Plug(rig).RelaySwitch.IsOn);
        rig.Run(6000);
        Assert.False(Plug(rig).RelaySwitch.IsOn);
        Assert.Equal(events + 1, rig.Transport.To("endpoint/plug-1/protection/event").Count());
    }

    [Fact]
    public void OverPower_LoadUnderTheLimit_StaysOn()
    {
        using var rig = PlusPlugS(2400);
        rig.Command("relay/set", "ON");
        rig.Run(60_000);
        Assert.True(Plug(rig).RelaySwitch.IsOn);
        Assert.Null(rig.Transport.Last("endpoint/plug-1/protection/event"));
    }

    [Fact]
    public void OverPower_OneHighWindow_RidesThrough()
    {
        using var rig = PlusPlugS(1000);
        rig.Command("max_power/set", "900");
        rig.Command("relay/set", "ON");
        rig.Run(2000);              // one window above the limit
        rig.Endpoint.Meter.Load.Watts = 500;
        rig.Run(10_000);
        Assert.True(Plug(rig).RelaySwitch.IsOn);
    }

    [Theory]
    [InlineData("3000")]
    [InlineData("5")]
    [InlineData("lots")]
    public void MaxPower_OutOfRange_RefusedAndKept(string value)
    {
        using var rig = PlusPlugS();
        rig.Command("max_power/set", value);
        Assert.Contains("expected a number from 10 to 2500", rig.Last("max_power/set/result"));
        Assert.Equal(2500, Plug(rig).Metering.MaxPower.Value);
    }

    [Fact]
    public void MaxPower_PersistedAcrossRestart()
    {
        string dir = TempDir();
        try
        {
            using (var first = PlusPlugS(100, dir))
            {
                first.Command("max_power/set", "1234");
            }

            using var second = PlusPlugS(100, dir);
            Assert.Equal(1234, second.Endpoint.App is PlugApp p ? p.Metering.MaxPower.Value : 0);
            Assert.Equal("1234", second.Last("max_power/state"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Calibrate_KnownLoad_ScalesReadingsAndIsKept()
    {
        string dir = TempDir();
        try
        {
            using (var first = PlusPlugS(1000, dir))
            {
                first.Command("relay/set", "ON");
                first.Run(6000);
                first.Command("cmd/calibrate", "{\"power\":1100,\"voltage\":241.5}");
                var result = JsonDocument.Parse(first.Last("cmd/calibrate/result")).RootElement;
                Assert.True(result.GetProperty("ok").GetBoolean());
                Assert.Equal(1.1, result.GetProperty("power_factor").GetDouble(), 3);
                Assert.Equal(1.05, result.GetProperty("voltage_factor").GetDouble(), 3);
                Assert.Equal(1.0476, result.GetProperty("current_factor").GetDouble(), 0.003); // a resistive load: 1100 W / 241.5 V = 4.555 A, reading 4.348 A
                first.Run(6000);
                Assert.Equal(1100, Number(first, "power/state"), 2.0);
                Assert.Equal(241.5, Number(first, "voltage/state"), 0.5);
            }

            using var second = PlusPlugS(1000, dir);
            second.Command("relay/set", "ON");
            second.Run(6000);
            Assert.Equal(1100, Number(second, "power/state"), 2.0);

            second.Command("cmd/calibrate", "{\"reset\":true}");
            second.Run(4000);
            Assert.Equal(1000, Number(second, "power/state"), 1.0);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("{\"power\":60}", "no reading to calibrate against yet")] // relay off: 0 W
    [InlineData("{}", "nothing to calibrate")]
    [InlineData("{\"powr\":60}", "unknown member 'powr'")]
    [InlineData("{\"power\":-60}", "must be positive numbers")]
    [InlineData("{\"power\":\"60\"}", "must be positive numbers")]
    [InlineData("60", "expected {\"power\":W")]
    [InlineData("{\"power\":", "invalid JSON")]
    public void Calibrate_Bad_RefusedAndNothingChanges(string payload, string reason)
    {
        using var rig = PlusPlugS(1000);
        rig.Run(4000);
        rig.Command("cmd/calibrate", payload);
        var result = JsonDocument.Parse(rig.Last("cmd/calibrate/result")).RootElement;
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains(reason, result.GetProperty("error").GetString());
        Assert.Equal(1, Plug(rig).Metering.Meter.PowerCalibration);
        Assert.Null(rig.Endpoint.Runtime.Settings.Get(PlugMetering.PowerCalibrationKey));
    }

    [Fact]
    public void Ring_ShowsRelayGreenOnRedOff()
    {
        using var rig = PlusPlugS();
        var ring = rig.Endpoint.Hardware.Pixels(25);
        Assert.Equal(6, ring.FrameBytes);
        Assert.Equal(0, ring.LastFrame[0]); // GRB: green 0
        Assert.True(ring.LastFrame[1] > 0); // red on
        rig.Command("relay/set", "ON");
        Assert.True(ring.LastFrame[0] > 0);
        Assert.Equal(0, ring.LastFrame[1]);
        Assert.Equal(ring.LastFrame[0], ring.LastFrame[3]); // both pixels
    }

    [Fact]
    public void Button_TogglesRelayOnThePlusPlugS()
    {
        using var rig = PlusPlugS();
        rig.Endpoint.PressButton(120);
        rig.Run(1000);
        Assert.True(Plug(rig).RelaySwitch.IsOn);
        Assert.True(rig.Endpoint.Hardware.Pin(4).Read());
    }

    [Fact]
    public void Build_Bl0937PartWithoutItsPins_ThrowsNamingThem()
    {
        var board = TestBoards.DevKitC();
        board.AddPart("belling,bl0937", null, -1);
        var ex = Assert.Throws<ArgumentException>(() => new AppRig("plug", board));
        Assert.Contains("bl0937.cf", ex.Message);
    }

    [Fact]
    public void DevKitC_NoMeteringEntities()
    {
        using var rig = new AppRig("plug", TestBoards.DevKitC()).StartOnline();
        Assert.Null(Plug(rig).Metering);
        Assert.Null(rig.Transport.Last("homeassistant/sensor/dev-1_power/config"));
        Assert.Null(rig.Transport.Last("homeassistant/number/dev-1_max_power/config"));
    }
}
