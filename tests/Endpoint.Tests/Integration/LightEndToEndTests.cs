using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Integration;

/// <summary>
/// The light as a user meets it: <c>endpoint sim light --board m5stack-atom-lite</c> as a real process on
/// a real Mosquitto, driven only through what its discovery config says. Needs boards/m5stack-atom-lite
/// (the boards branch).
/// </summary>
public sealed class LightEndToEndTests : IDisposable
{
    private readonly EndToEndRig _rig = new("light-secret", ["light-a"]);

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task Light_ObeysACommandSentToTheCommandTopicOfItsDiscoveryConfig()
    {
        using var hub = await _rig.ConnectHubAsync("homeassistant/#", "endpoint/#");
        using var sim = _rig.StartSim("light", "light-a", "--board", "m5stack-atom-lite");

        var config = hub.WaitFor("homeassistant/light/light-a_light/config");
        var d = JsonDocument.Parse(config.Payload).RootElement;
        Assert.Equal("json", d.GetProperty("schema").GetString());
        string commandTopic = d.GetProperty("command_topic").GetString();
        string stateTopic = d.GetProperty("state_topic").GetString();
        hub.WaitFor(d.GetProperty("availability_topic").GetString(), s => s == "online");
        hub.WaitFor(stateTopic, s => s.Contains("\"state\":\"OFF\""));

        // What Home Assistant's JSON light sends for "red at half brightness over 1 s".
        int mark = hub.Count;
        await hub.PublishAsync(commandTopic, "{\"state\":\"ON\",\"brightness\":128,\"color\":{\"r\":255,\"g\":0,\"b\":0},\"transition\":1}");
        var state = JsonDocument.Parse(hub.WaitFor(stateTopic, s => s.Contains("\"ON\""), after: mark).Payload).RootElement;
        Assert.Equal(128, state.GetProperty("brightness").GetInt32());
        Assert.Equal("rgb", state.GetProperty("color_mode").GetString());
        Assert.Equal(255, state.GetProperty("color").GetProperty("r").GetInt32());
        sim.WaitForLine(l => l.Contains("light {\"state\":\"ON\",\"brightness\":128") && l.Contains("over 1000 ms"));

        // A colour temperature Home Assistant clamps to the advertised range is accepted as is.
        mark = hub.Count;
        int warmest = d.GetProperty("min_kelvin").GetInt32();
        await hub.PublishAsync(commandTopic, "{\"state\":\"ON\",\"color_temp\":" + warmest + "}");
        hub.WaitFor(stateTopic, s => s.Contains("\"color_temp\":" + warmest), after: mark);

        // Out of range: refused on <command_topic>/result, the state stays.
        mark = hub.Count;
        await hub.PublishAsync(commandTopic, "{\"state\":\"ON\",\"brightness\":999}");
        var error = hub.WaitFor(commandTopic + "/result", after: mark);
        Assert.Contains("brightness must be a whole number from 0 to 255", error.Payload);
        await Task.Delay(300);
        Assert.DoesNotContain(hub.Messages.Skip(mark), m => m.Topic == stateTopic);

        mark = hub.Count;
        sim.Interrupt();
        Assert.Equal(0, sim.WaitForExit());
        hub.WaitFor("endpoint/light-a/status", s => s == "offline", after: mark);
    }
}
