using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Endpoint.Apps.Light;
using Endpoint.Core.Boards;
using Endpoint.Core.Light;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Apps.Light;

public class LightAppTests
{
    private static AppRig AtomLite(string dir = null) => new AppRig("light", RealBoards.AtomLite(), dir).StartOnline();

    private static LightApp App(AppRig rig) => (LightApp)rig.Endpoint.App;

    private static SimulatedPixelOutput Led(AppRig rig) => rig.Endpoint.Hardware.Pixels(27);

    /// <summary>The one pixel's colour as the WS2812 decodes its GRB frame.</summary>
    private static (int R, int G, int B) Pixel(AppRig rig)
    {
        byte[] f = Led(rig).LastFrame;
        Assert.Equal(3, f.Length);
        return (f[1], f[0], f[2]);
    }

    private static int Scaled(int channel, double brightness) => (int)Math.Floor((channel * Lightness.ToLinear(brightness)) + 0.5);

    [Fact]
    public void Discovery_IsAJsonSchemaLightWithRgbAndColourTemperature()
    {
        using var rig = AtomLite();
        var config = rig.Transport.Last("homeassistant/light/dev-1_light/config");
        Assert.True(config.Retain);
        var d = JsonDocument.Parse(config.Payload).RootElement;
        Assert.Equal("json", d.GetProperty("schema").GetString());
        Assert.Equal("endpoint/dev-1/light/set", d.GetProperty("command_topic").GetString());
        Assert.Equal("endpoint/dev-1/light/state", d.GetProperty("state_topic").GetString());
        Assert.Equal(["color_temp", "rgb"], d.GetProperty("supported_color_modes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("{\"state\":\"OFF\",\"brightness\":255,\"color_mode\":\"color_temp\",\"color_temp\":4000}", rig.Last("light/state"));
        Assert.Equal((0, 0, 0), Pixel(rig));
    }

    [Fact]
    public void Command_RgbWithoutTransition_ShowsColourAfterTheDefaultFade()
    {
        using var rig = AtomLite();
        rig.Command("light/set", "{\"state\":\"ON\",\"brightness\":200,\"color\":{\"r\":255,\"g\":64,\"b\":0}}");

        Assert.Equal("{\"state\":\"ON\",\"brightness\":200,\"color_mode\":\"rgb\",\"color\":{\"r\":255,\"g\":64,\"b\":0}}", rig.Last("light/state"));
        Assert.True(App(rig).Fader.IsFading);
        rig.Run(LightApp.DefaultTransitionMs);
        Assert.False(App(rig).Fader.IsFading);
        Assert.Equal((Scaled(255, 200), Scaled(64, 200), 0), Pixel(rig));
        Assert.Null(rig.Last("light/set/result"));
    }

    [Fact]
    public void Command_Transition_FadesLinearlyInPerceivedBrightness()
    {
        using var rig = AtomLite();
        var frames = new List<byte[]>();
        Led(rig).FrameWritten += (_, f) => frames.Add(f);

        rig.Command("light/set", "{\"state\":\"ON\",\"brightness\":255,\"color\":{\"r\":255,\"g\":255,\"b\":255},\"transition\":1}");
        rig.Run(500);
        Assert.Equal((Scaled(255, 127.5), Scaled(255, 127.5), Scaled(255, 127.5)), Pixel(rig));
        rig.Run(500);
        Assert.Equal((255, 255, 255), Pixel(rig));

        // 50 steps a second, never darker than the step before.
        Assert.InRange(frames.Count, 49, 51);
        for (int i = 1; i < frames.Count; i++)
        {
            Assert.True(frames[i][0] >= frames[i - 1][0]);
        }
    }

    [Fact]
    public void Command_Off_FadesDownKeepingTheColour()
    {
        using var rig = AtomLite();
        rig.Command("light/set", "{\"state\":\"ON\",\"color\":{\"r\":0,\"g\":0,\"b\":255},\"transition\":0}");
        Assert.Equal((0, 0, 255), Pixel(rig));
        rig.Command("light/set", "{\"state\":\"OFF\",\"transition\":2}");
        rig.Run(1000);
        var (r, g, b) = Pixel(rig);
        Assert.Equal((0, 0), (r, g));
        Assert.InRange(b, 1, 254);
        rig.Run(1000);
        Assert.Equal((0, 0, 0), Pixel(rig));
        Assert.Contains("\"state\":\"OFF\"", rig.Last("light/state"));
    }

    [Fact]
    public void Command_ColorTemp_ShownAsBlackBodyRgb()
    {
        using var rig = AtomLite();
        rig.Command("light/set", "{\"state\":\"ON\",\"color_temp\":2700,\"transition\":0}");
        ColorTemperature.ToRgb(2700, out int r, out int g, out int b);
        Assert.Equal((r, g, b), Pixel(rig));
        Assert.Equal("{\"state\":\"ON\",\"brightness\":255,\"color_mode\":\"color_temp\",\"color_temp\":2700}", rig.Last("light/state"));
    }

    [Theory]
    [InlineData("{\"state\":\"ON\",\"brightness\":300}", "brightness must be a whole number from 0 to 255")]
    [InlineData("{\"state\":\"ON\",\"color_temp\":10000}", "color_temp must be a whole number of kelvin from 2700 to 6500")]
    [InlineData("{\"color\":{\"r\":1}}", "color needs r, g and b")]
    [InlineData("{\"transition\":\"slow\"}", "transition must be")]
    [InlineData("ON", "expected a JSON object")]
    [InlineData("{\"state\":", "invalid JSON")]
    public void Command_Bad_RefusedOnResultTopicAndNothingChanges(string command, string reason)
    {
        using var rig = AtomLite();
        rig.Command("light/set", "{\"state\":\"ON\",\"brightness\":100,\"transition\":0}");
        var pixel = Pixel(rig);
        int frames = Led(rig).Frames;
        int states = rig.Transport.To("endpoint/dev-1/light/state").Count();

        rig.Command("light/set", command);
        rig.Run(1000);

        var error = JsonDocument.Parse(rig.Last("light/set/result")).RootElement;
        Assert.False(error.GetProperty("ok").GetBoolean());
        Assert.Contains(reason, error.GetProperty("error").GetString());
        Assert.Equal(pixel, Pixel(rig));
        Assert.Equal(frames, Led(rig).Frames);
        Assert.Equal(states, rig.Transport.To("endpoint/dev-1/light/state").Count());
    }

    [Fact]
    public void Button_ShortPressToggles()
    {
        using var rig = AtomLite();
        rig.Endpoint.PressButton(120);
        rig.Run(1000);
        Assert.True(App(rig).Light.State.On);
        Assert.Contains("\"state\":\"ON\"", rig.Last("light/state"));
        ColorTemperature.ToRgb(4000, out int r, out int g, out int b);
        Assert.Equal((r, g, b), Pixel(rig));
        Assert.Equal("{\"event_type\":\"press\"}", rig.Last("button/event"));

        rig.Endpoint.PressButton(120);
        rig.Run(1000);
        Assert.False(App(rig).Light.State.On);
        Assert.Equal((0, 0, 0), Pixel(rig));
    }

    [Fact]
    public void Identify_BlinksThenShowsTheStateAgain()
    {
        using var rig = AtomLite();
        rig.Command("light/set", "{\"state\":\"ON\",\"brightness\":60,\"color\":{\"r\":0,\"g\":255,\"b\":0},\"transition\":0}");
        var shown = Pixel(rig);
        var seen = new HashSet<int>();
        Led(rig).FrameWritten += (_, f) => seen.Add(f[0]);

        rig.Command("identify/set", "PRESS");
        rig.Run(6000);

        Assert.Contains(255, seen);
        Assert.Contains(0, seen);
        Assert.False(App(rig).Fader.IsIdentifying);
        Assert.Equal(shown, Pixel(rig));
    }

    [Fact]
    public void Restart_RestoreMode_BringsBackStateBrightnessAndColour()
    {
        string dir = Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            string state;
            using (var first = AtomLite(dir))
            {
                first.Command("light/set", "{\"state\":\"ON\",\"brightness\":90,\"color\":{\"r\":10,\"g\":20,\"b\":30},\"transition\":0}");
                first.Run(LightApp.PersistDelayMs);
                state = first.Last("light/state");
            }

            using var second = AtomLite(dir);
            Assert.Equal(state, second.Last("light/state"));
            Assert.Equal((Scaled(10, 90), Scaled(20, 90), Scaled(30, 90)), Pixel(second));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("off", false)]
    [InlineData("on", true)]
    public void Restart_PowerOnMode_DecidesOnOffAndKeepsColour(string mode, bool expectOn)
    {
        string dir = Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = AtomLite(dir))
            {
                first.Command("power_on_state/set", mode);
                first.Command("light/set", "{\"state\":\"" + (expectOn ? "OFF" : "ON") + "\",\"color_temp\":3000,\"brightness\":50}");
                first.Run(LightApp.PersistDelayMs);
            }

            using var second = AtomLite(dir);
            var light = App(second).Light;
            Assert.Equal(expectOn, light.State.On);
            Assert.Equal((50, 3000), (light.State.Brightness, light.State.Kelvin));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Persist_BurstOfCommands_OneSettingsWrite()
    {
        using var rig = AtomLite();
        int writes = rig.Endpoint.Flash.Writes;
        for (int b = 10; b <= 250; b += 10)
        {
            rig.Command("light/set", "{\"state\":\"ON\",\"brightness\":" + b + "}");
            rig.Run(100);
        }

        Assert.Equal(writes, rig.Endpoint.Flash.Writes);
        rig.Run(LightApp.PersistDelayMs);
        Assert.InRange(rig.Endpoint.Flash.Writes - writes, 1, 2); // one atomic record write (data + commit)
    }

    [Fact]
    public void CwWwBoard_ColourTemperatureSplitsBetweenChannels()
    {
        using var rig = new AppRig("light", RealBoards.CwWwLamp()).StartOnline();
        var d = JsonDocument.Parse(rig.Transport.Last("homeassistant/light/dev-1_light/config").Payload).RootElement;
        Assert.Equal(["color_temp"], d.GetProperty("supported_color_modes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2700, d.GetProperty("min_kelvin").GetInt32());

        rig.Command("light/set", "{\"state\":\"ON\",\"brightness\":255,\"color_temp\":6500,\"transition\":0}");
        Assert.Equal((1.0, 0.0), (rig.Endpoint.Hardware.Pwm(16).DutyCycle, rig.Endpoint.Hardware.Pwm(17).DutyCycle));
        rig.Command("light/set", "{\"color_temp\":2700,\"transition\":0}");
        Assert.Equal((0.0, 1.0), (rig.Endpoint.Hardware.Pwm(16).DutyCycle, rig.Endpoint.Hardware.Pwm(17).DutyCycle));
        Assert.Contains("this light has no RGB colour", SetAndResult(rig, "{\"color\":{\"r\":1,\"g\":1,\"b\":1}}"));
    }

    [Fact]
    public void DimmerBoard_BrightnessOnly()
    {
        using var rig = new AppRig("light", RealBoards.Dimmer()).StartOnline();
        rig.Command("light/set", "{\"state\":\"ON\",\"brightness\":128,\"transition\":0}");
        Assert.Equal(Lightness.ToLinear(128), rig.Endpoint.Hardware.Pwm(18).DutyCycle, 10);
        Assert.Equal("{\"state\":\"ON\",\"brightness\":128,\"color_mode\":\"brightness\"}", rig.Last("light/state"));
        Assert.Contains("no colour temperature", SetAndResult(rig, "{\"color_temp\":3000}"));
    }

    [Fact]
    public void Build_BoardWithoutLight_ThrowsNamingTheRoles()
    {
        var board = new BoardInfo("bare", "Bare", "esp32");
        board.AddPin("led_strip", 5, false); // a strip pin without the WS2812 part is not enough,
        board.AddPart("worldsemi,ws2812", null, -1).SetProperty("pin", "led_strip2"); // nor a part on a pin the board lacks
        var ex = Assert.Throws<ArgumentException>(() => new AppRig("light", board));
        Assert.Contains("worldsemi,ws2812 part on a pin", ex.Message);
        Assert.Contains("'pwm_led'", ex.Message);
        Assert.Equal(ex.Message, LightApp.CheckBoard(board));
    }

    private static string SetAndResult(AppRig rig, string command)
    {
        rig.Command("light/set", command);
        return rig.Last("light/set/result");
    }
}
