using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using Endpoint.Core.Json;
using Endpoint.Core.Light;
using Endpoint.Core.Model;
using Endpoint.Core.Text;

namespace Endpoint.Tests.Core.Model;

public class LightEntityTests
{
    private static LightEntity Rgbct()
    {
        var light = new LightEntity("light", "Light");
        light.SupportsRgb = true;
        light.SupportsColorTemp = true;
        return light;
    }

    private static string Apply(LightEntity light, string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        return light.ApplyCommand(bytes, 0, bytes.Length);
    }

    private static string State(LightEntity light)
    {
        var buffer = new ByteBuffer(16);
        light.WriteState(buffer);
        return buffer.ToString();
    }

    private static JsonElement Discovery(LightEntity light)
    {
        var json = new JsonWriter(new ByteBuffer(64));
        json.BeginObject();
        light.WriteDiscovery(json);
        json.EndObject();
        return JsonDocument.Parse(json.Buffer.ToString()).RootElement.Clone();
    }

    [Fact]
    public void ApplyCommand_StateOn_TurnsOnAndPublishesJsonState()
    {
        var light = Rgbct();
        int changes = 0;
        light.Changed += _ => changes++;
        Assert.Null(Apply(light, "{\"state\":\"ON\"}"));
        Assert.True(light.State.On);
        Assert.Equal(1, changes);
        Assert.Equal("{\"state\":\"ON\",\"brightness\":255,\"color_mode\":\"color_temp\",\"color_temp\":4000}", State(light));
    }

    [Fact]
    public void ApplyCommand_BrightnessAndColorTemp_SetsTargetAndTransition()
    {
        var light = Rgbct();
        Assert.Null(Apply(light, "{\"state\":\"ON\",\"brightness\":128,\"color_temp\":2700,\"transition\":2.5}"));
        Assert.Equal(128, light.State.Brightness);
        Assert.Equal(LightColorMode.ColorTemp, light.State.Mode);
        Assert.Equal(2700, light.State.Kelvin);
        Assert.Equal(2500, light.TransitionMs);
        Assert.Equal("{\"state\":\"ON\",\"brightness\":128,\"color_mode\":\"color_temp\",\"color_temp\":2700}", State(light));
    }

    [Fact]
    public void ApplyCommand_Color_SwitchesToRgbMode()
    {
        var light = Rgbct();
        Assert.Null(Apply(light, "{\"state\":\"ON\",\"color\":{\"r\":255,\"g\":10,\"b\":0}}"));
        Assert.Equal(LightColorMode.Rgb, light.State.Mode);
        Assert.Equal(-1, light.TransitionMs);
        Assert.Equal("{\"state\":\"ON\",\"brightness\":255,\"color_mode\":\"rgb\",\"color\":{\"r\":255,\"g\":10,\"b\":0}}", State(light));
    }

    [Fact]
    public void ApplyCommand_UnknownMembersAndExtraColorKeys_Ignored()
    {
        var light = Rgbct();
        string command = "{\"state\":\"ON\",\"effect\":\"rainbow\",\"flash\":\"short\",\"color_mode\":\"hs\",\"future\":{\"a\":[1,2,{\"b\":null}]},"
            + "\"color\":{\"r\":1,\"g\":2,\"b\":3,\"h\":120.5,\"s\":50}}";
        Assert.Null(Apply(light, command));
        Assert.Equal((1, 2, 3), (light.State.Red, light.State.Green, light.State.Blue));
    }

    [Fact]
    public void ApplyCommand_BrightnessZero_TurnsOffAndKeepsLevel()
    {
        var light = Rgbct();
        Apply(light, "{\"state\":\"ON\",\"brightness\":90}");
        Assert.Null(Apply(light, "{\"state\":\"ON\",\"brightness\":0}"));
        Assert.False(light.State.On);
        Assert.Equal(90, light.State.Brightness);
        Assert.Null(Apply(light, "{\"state\":\"ON\"}"));
        Assert.Equal(90, light.State.Brightness);
    }

    [Fact]
    public void ApplyCommand_AttributesWithoutState_TurnOn()
    {
        var light = Rgbct();
        Assert.Null(Apply(light, "{\"brightness\":40}"));
        Assert.True(light.State.On);
        Assert.Null(Apply(light, "{\"state\":\"OFF\",\"brightness\":60}"));
        Assert.False(light.State.On);
        Assert.Equal(60, light.State.Brightness);
    }

    [Fact]
    public void ApplyCommand_SameState_NoChangeEvent()
    {
        var light = Rgbct();
        Apply(light, "{\"state\":\"ON\",\"brightness\":10}");
        int changes = 0;
        light.Changed += _ => changes++;
        Assert.Null(Apply(light, "{\"state\":\"ON\",\"brightness\":10}"));
        Assert.Equal(0, changes);
    }

    [Theory]
    [InlineData("{\"state\":\"on\"}", "state must be \"ON\" or \"OFF\"")]
    [InlineData("{\"state\":true}", "state must be")]
    [InlineData("{\"state\":\"ON\",\"brightness\":256}", "brightness must be a whole number from 0 to 255")]
    [InlineData("{\"state\":\"ON\",\"brightness\":-1}", "brightness must be")]
    [InlineData("{\"state\":\"ON\",\"brightness\":12.5}", "brightness must be")]
    [InlineData("{\"state\":\"ON\",\"brightness\":\"128\"}", "brightness must be")]
    [InlineData("{\"state\":\"ON\",\"brightness\":null}", "brightness must be")]
    [InlineData("{\"color_temp\":2699}", "color_temp must be a whole number of kelvin from 2700 to 6500")]
    [InlineData("{\"color_temp\":6501}", "color_temp must be")]
    [InlineData("{\"color_temp\":370.5}", "color_temp must be")]
    [InlineData("{\"color\":{\"r\":255,\"g\":0}}", "color needs r, g and b")]
    [InlineData("{\"color\":{\"r\":256,\"g\":0,\"b\":0}}", "color.r must be a whole number from 0 to 255")]
    [InlineData("{\"color\":{\"r\":0,\"g\":-3,\"b\":0}}", "color.g must be")]
    [InlineData("{\"color\":{\"r\":0,\"g\":0,\"b\":\"x\"}}", "color.b must be")]
    [InlineData("{\"color\":[255,0,0]}", "color must be an object")]
    [InlineData("{\"color\":{\"r\":1,\"g\":2,\"b\":3},\"color_temp\":3000}", "not both")]
    [InlineData("{\"transition\":-1}", "transition must be a number of seconds from 0 to 3600")]
    [InlineData("{\"transition\":3601}", "transition must be")]
    [InlineData("{\"transition\":\"2\"}", "transition must be")]
    [InlineData("ON", "expected a JSON object")]
    [InlineData("[1]", "expected a JSON object")]
    [InlineData("", "invalid JSON")]
    [InlineData("{\"state\":\"ON\"", "invalid JSON")]
    [InlineData("{\"state\":\"ON\"} {}", "invalid JSON")]
    [InlineData("{\"state\":\"ON\",}", "invalid JSON")]
    public void ApplyCommand_BadCommand_RefusedWithReasonAndStateUnchanged(string command, string reason)
    {
        var light = Rgbct();
        Apply(light, "{\"state\":\"ON\",\"brightness\":77,\"color\":{\"r\":9,\"g\":8,\"b\":7}}");
        string before = State(light);
        int changes = 0;
        light.Changed += _ => changes++;

        string error = Apply(light, command);

        Assert.NotNull(error);
        Assert.Contains(reason, error);
        Assert.Equal(before, State(light));
        Assert.Equal(0, changes);
    }

    [Fact]
    public void ApplyCommand_CapabilityTheLightLacks_Refused()
    {
        var onoff = new LightEntity("lamp", "Lamp");
        Assert.Equal("this light is not dimmable", Apply(onoff, "{\"brightness\":10}"));
        Assert.Equal("this light has no colour temperature", Apply(onoff, "{\"color_temp\":3000}"));
        Assert.Equal("this light has no RGB colour", Apply(onoff, "{\"color\":{\"r\":1,\"g\":1,\"b\":1}}"));
        Assert.Null(Apply(onoff, "{\"state\":\"ON\"}"));
        Assert.Equal("{\"state\":\"ON\",\"color_mode\":\"onoff\"}", State(onoff));
    }

    [Fact]
    public void ApplyCommand_RandomBytes_NeverThrowsAndChangesNothingWhenRefused()
    {
        var random = new Random(1234);
        var light = Rgbct();
        string[] fragments = ["{", "}", "[", "]", ",", ":", "\"state\"", "\"ON\"", "\"brightness\"", "128", "-1", "1e3", "\"color\"",
            "{\"r\":1,\"g\":2,\"b\":3}", "null", "true", "\"transition\"", "0.5", "\"\\u0041\"", "\"color_temp\"", "3000", " ", "\"x\""];
        for (int i = 0; i < 5000; i++)
        {
            byte[] bytes;
            if (i % 2 == 0)
            {
                bytes = new byte[random.Next(0, 40)];
                random.NextBytes(bytes);
            }
            else
            {
                var text = new StringBuilder();
                for (int k = random.Next(1, 12); k > 0; k--)
                {
                    text.Append(fragments[random.Next(fragments.Length)]);
                }

                bytes = Encoding.UTF8.GetBytes(text.ToString());
            }

            string before = State(light);
            string error = light.ApplyCommand(bytes, 0, bytes.Length);
            if (error != null)
            {
                Assert.Equal(before, State(light));
            }

            Assert.True(light.State.Brightness is >= 1 and <= 255);
            Assert.True(light.State.Kelvin is >= 2700 and <= 6500);
        }
    }

    [Fact]
    public void WriteDiscovery_Kelvin_CarriesJsonSchemaModesAndRange()
    {
        var light = Rgbct();
        light.SetColorTempRange(2200, 6000);
        var d = Discovery(light);
        Assert.Equal("json", d.GetProperty("schema").GetString());
        Assert.Equal(["color_temp", "rgb"], d.GetProperty("supported_color_modes").EnumerateArray().Select(e => e.GetString()));
        Assert.True(d.GetProperty("brightness").GetBoolean());
        Assert.Equal(255, d.GetProperty("brightness_scale").GetInt32());
        Assert.True(d.GetProperty("color_temp_kelvin").GetBoolean());
        Assert.Equal(2200, d.GetProperty("min_kelvin").GetInt32());
        Assert.Equal(6000, d.GetProperty("max_kelvin").GetInt32());
        Assert.False(d.TryGetProperty("min_mireds", out _));
    }

    [Fact]
    public void Mireds_DiscoveryRangeAndCommandsInMireds()
    {
        var light = Rgbct();
        light.ColorTempInMireds = true;
        var d = Discovery(light);
        Assert.Equal(154, d.GetProperty("min_mireds").GetInt32());
        Assert.Equal(370, d.GetProperty("max_mireds").GetInt32());
        Assert.False(d.TryGetProperty("color_temp_kelvin", out _));

        Assert.Null(Apply(light, "{\"state\":\"ON\",\"brightness\":128,\"color_temp\":370}"));
        Assert.Equal("{\"state\":\"ON\",\"brightness\":128,\"color_mode\":\"color_temp\",\"color_temp\":370}", State(light));
        Assert.Contains("from 154 to 370", Apply(light, "{\"color_temp\":2700}"));
    }

    [Fact]
    public void Mireds_EveryValueInRange_RoundTripsExactly()
    {
        var light = Rgbct();
        light.ColorTempInMireds = true;
        for (int mired = 154; mired <= 370; mired++)
        {
            Assert.Null(Apply(light, "{\"color_temp\":" + mired + "}"));
            Assert.EndsWith("\"color_temp\":" + mired + "}", State(light));
        }
    }

    [Theory]
    [InlineData(false, false, false, "onoff")]
    [InlineData(true, false, false, "brightness")]
    [InlineData(false, true, false, "color_temp")]
    [InlineData(false, false, true, "rgb")]
    public void ColorModes_FollowCapabilities(bool brightness, bool colorTemp, bool rgb, string mode)
    {
        var light = new LightEntity("l", "L") { SupportsBrightness = brightness, SupportsColorTemp = colorTemp, SupportsRgb = rgb };
        Assert.Equal([mode], light.ColorModes);
        Assert.Equal(brightness || colorTemp || rgb, Discovery(light).TryGetProperty("brightness", out _));
        Assert.Contains("\"color_mode\":\"" + mode + "\"", State(light));
    }

    [Fact]
    public void SetOnAndToggle_KeepColourAndClearTransition()
    {
        var light = Rgbct();
        Apply(light, "{\"state\":\"ON\",\"color\":{\"r\":1,\"g\":2,\"b\":3},\"transition\":4}");
        light.Toggle();
        Assert.False(light.State.On);
        Assert.Equal(-1, light.TransitionMs);
        Assert.Equal(LightColorMode.Rgb, light.State.Mode);
        light.SetOn(true);
        Assert.True(light.State.On);
    }
}
