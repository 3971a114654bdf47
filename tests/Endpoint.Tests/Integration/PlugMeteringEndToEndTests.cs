using System;
using System.Globalization;
using System.Text.Json;
using System.Threading.Tasks;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Integration;

/// <summary>
/// The metering plug as a user meets it: <c>endpoint sim plug --board shelly-plus-plug-s</c> with a
/// simulated 1200 W load on a real Mosquitto. Needs boards/shelly-plus-plug-s (the boards branch).
/// </summary>
public sealed class PlugMeteringEndToEndTests : IDisposable
{
    private readonly EndToEndRig _rig = new("plug-secret", ["plug-m"]);

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task Plug_ExposesPowerAndEnergySensorsThatMeasureTheLoad()
    {
        using var hub = await _rig.ConnectHubAsync("homeassistant/#", "endpoint/#");
        using var sim = _rig.StartSim("plug", "plug-m", "--board", "shelly-plus-plug-s", "--param", "load=1200");

        var power = JsonDocument.Parse(hub.WaitFor("homeassistant/sensor/plug-m_power/config").Payload).RootElement;
        Assert.Equal("power", power.GetProperty("device_class").GetString());
        Assert.Equal("W", power.GetProperty("unit_of_measurement").GetString());
        var energy = JsonDocument.Parse(hub.WaitFor("homeassistant/sensor/plug-m_energy/config").Payload).RootElement;
        Assert.Equal("energy", energy.GetProperty("device_class").GetString());
        Assert.Equal("kWh", energy.GetProperty("unit_of_measurement").GetString());
        Assert.Equal("total_increasing", energy.GetProperty("state_class").GetString());
        string powerTopic = power.GetProperty("state_topic").GetString();
        string energyTopic = energy.GetProperty("state_topic").GetString();

        // Relay off: no power drawn; then on, through the switch's command topic from discovery.
        hub.WaitFor(energyTopic);
        var relay = JsonDocument.Parse(hub.WaitFor("homeassistant/switch/plug-m_relay/config").Payload).RootElement;
        int mark = hub.Count;
        await hub.PublishAsync(relay.GetProperty("command_topic").GetString(), "ON");
        var watts = hub.WaitFor(powerTopic, s => Parse(s) > 1000, timeoutMs: 20000, after: mark);
        Assert.InRange(Parse(watts.Payload), 1150, 1250); // 1200 W ± the simulated 2 % wander

        var voltage = JsonDocument.Parse(hub.WaitFor("homeassistant/sensor/plug-m_voltage/config").Payload).RootElement;
        hub.WaitFor(voltage.GetProperty("state_topic").GetString(), s => Parse(s) is > 220 and < 240, timeoutMs: 20000);

        // Over-power through the limit's number entity: 1000 W < 1200 W trips the relay and says why.
        var limit = JsonDocument.Parse(hub.WaitFor("homeassistant/number/plug-m_max_power/config").Payload).RootElement;
        mark = hub.Count;
        await hub.PublishAsync(limit.GetProperty("command_topic").GetString(), "1000");
        hub.WaitFor("endpoint/plug-m/protection/event", s => s.Contains("overpower"), timeoutMs: 20000, after: mark);
        hub.WaitFor(relay.GetProperty("state_topic").GetString(), s => s == "OFF", after: mark);
        sim.WaitForLine(l => l.Contains("overpower:") && l.Contains("relay switched off"));
    }

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
