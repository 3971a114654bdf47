using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Endpoint.Core.Model;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Hub;

/// <summary>
/// Every kind of entity the firmware has, announced through Home Assistant MQTT discovery, carries what
/// Home Assistant's schema for that component requires (homeassistant/components/mqtt/*.py: the
/// vol.Required keys) plus what the device registry and availability need.
/// </summary>
public class DiscoveryPayloadTests
{
    // Required by Home Assistant per component, beyond the common keys checked for all.
    private static readonly Dictionary<string, string[]> Required = new()
    {
        ["switch"] = ["command_topic"],
        ["sensor"] = ["state_topic"],
        ["binary_sensor"] = ["state_topic"],
        ["light"] = ["command_topic", "schema", "supported_color_modes"],
        ["event"] = ["state_topic", "event_types"],
        ["select"] = ["command_topic", "options"],
        ["button"] = ["command_topic"],
        ["number"] = ["command_topic", "min", "max", "step"],
    };

    private static List<(string Component, JsonElement Config)> Announce()
    {
        // The metering plug has switch, select, event, sensor, number and button entities; add the two
        // kinds no shipped app uses yet so every component is covered.
        using var rig = new AppRig("plug", RealBoards.PlusPlugS(), null, "dev-1", new Dictionary<string, string> { ["variation"] = "0" });
        rig.Endpoint.Runtime.Add(new BinarySensorEntity("door", "Door", "door"));
        var light = new LightEntity("lamp", "Lamp") { SupportsRgb = true, SupportsColorTemp = true };
        rig.Endpoint.Runtime.Add(light);
        rig.StartOnline();
        return rig.Transport.Published
            .Where(p => p.Topic.StartsWith("homeassistant/") && p.Topic.EndsWith("/config"))
            .Select(p => (p.Topic.Split('/')[1], JsonDocument.Parse(p.Payload).RootElement.Clone()))
            .ToList();
    }

    [Fact]
    public void EveryComponent_IsAnnounced()
    {
        var components = Announce().Select(c => c.Component).Distinct().ToHashSet();
        Assert.Superset(Required.Keys.ToHashSet(), components);
    }

    [Fact]
    public void EveryConfig_CarriesTheRequiredKeysOfItsComponent()
    {
        foreach (var (component, config) in Announce())
        {
            Assert.True(Required.ContainsKey(component), "unexpected component " + component);
            foreach (string key in Required[component])
            {
                Assert.True(config.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null,
                    $"{component} {config.GetProperty("unique_id")} lacks {key}: {config}");
            }

            // Common: a unique id (entity registry), availability, and a device with identifiers.
            Assert.Matches("^dev-1_[a-z0-9_]+$", config.GetProperty("unique_id").GetString());
            Assert.Equal("endpoint/dev-1/status", config.GetProperty("availability_topic").GetString());
            Assert.NotEmpty(config.GetProperty("device").GetProperty("identifiers").EnumerateArray());
        }
    }

    [Fact]
    public void ListsAndRanges_AreUsable()
    {
        foreach (var (component, config) in Announce())
        {
            switch (component)
            {
                case "select":
                    Assert.NotEmpty(config.GetProperty("options").EnumerateArray());
                    break;
                case "event":
                    Assert.NotEmpty(config.GetProperty("event_types").EnumerateArray());
                    break;
                case "number":
                    Assert.True(config.GetProperty("min").GetDouble() < config.GetProperty("max").GetDouble());
                    Assert.True(config.GetProperty("step").GetDouble() > 0);
                    break;
                case "light":
                    Assert.Equal("json", config.GetProperty("schema").GetString());
                    var modes = config.GetProperty("supported_color_modes").EnumerateArray().Select(m => m.GetString()).ToList();
                    Assert.NotEmpty(modes);
                    // HA: onoff and brightness must be the only mode when present.
                    Assert.True(modes.Count == 1 || !modes.Any(m => m is "onoff" or "brightness"));
                    if (modes.Contains("color_temp"))
                    {
                        Assert.True(config.GetProperty("min_kelvin").GetInt32() < config.GetProperty("max_kelvin").GetInt32());
                    }

                    break;
            }
        }
    }

    [Fact]
    public void EnergySensor_FitsTheEnergyDashboard()
    {
        var energy = Announce().Single(c => c.Config.GetProperty("unique_id").GetString() == "dev-1_energy").Config;
        // The energy dashboard takes sensors with device_class energy, a unit of Wh/kWh/MWh and state_class total or total_increasing.
        Assert.Equal("energy", energy.GetProperty("device_class").GetString());
        Assert.Equal("kWh", energy.GetProperty("unit_of_measurement").GetString());
        Assert.Equal("total_increasing", energy.GetProperty("state_class").GetString());
    }
}
