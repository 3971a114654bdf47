using System;
using System.IO;
using System.Linq;
using System.Text;
using Endpoint.Core.Boards;
using Endpoint.Host.Boards;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Boards;

public class BoardFileTests
{
    private const string Good = """
        { "id": "b1", "name": "Board One", "soc": "esp32", "flash_mb": 4, "nanoframework_target": "ESP32_REV0",
          "capabilities": ["wifi"], "pins": { "relay1": { "gpio": 26 }, "user_button": { "gpio": 0, "active_low": true } } }
        """;

    [Fact]
    public void Parse_GoodBoard_GivesPinsByRole()
    {
        var b = BoardFile.Parse(Good, "b1.json").ToBoardInfo();
        Assert.Equal("b1", b.Id);
        Assert.Equal(26, b.Pin("relay1"));
        Assert.False(b.IsActiveLow("relay1"));
        Assert.True(b.IsActiveLow("user_button"));
        Assert.Equal(-1, b.Pin("status_led"));
        Assert.True(b.Has("wifi"));
        Assert.False(b.Has("ble"));
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{ "name": "x", "soc": "esp32", "flash_mb": 4, "nanoframework_target": "T", "pins": {} }""", "x.json: id: required")]
    [InlineData("""{ "id": "x", "name": "x", "soc": "esp32", "flash_mb": 0, "nanoframework_target": "T", "pins": {} }""", "x.json: flash_mb")]
    [InlineData("""{ "id": "x", "name": "x", "soc": "esp32", "flash_mb": 4, "nanoframework_target": "T", "pins": { "relay1": { "gpio": 99 } } }""", "x.json: pins.relay1.gpio")]
    [InlineData("""{ "id": "x", "name": "x", "soc": "esp32", "flash_mb": 4, "nanoframework_target": "T" }""", "x.json: pins: required")]
    [InlineData("""{ "id": "X_1", "name": "x", "soc": "esp32", "flash_mb": 4, "nanoframework_target": "T", "pins": {} }""", "x.json: id: use lower-case")]
    [InlineData("""{ "id": "x", "name": "x", "soc": "esp32", "flash_mb": 4, "nanoframework_target": "T", "pins": {}, "psram_mode": "hex" }""", "x.json: psram_mode: must be one of quad, octal")]
    [InlineData("""{ "id": "x", "name": "x", "soc": "esp32", "flash_mb": 4, "nanoframework_target": "T", "pins": {}, "nanoframework_custom": {} }""", "x.json: nanoframework_custom.reason: required")]
    [InlineData("""{ "id": "x", "name": "x", "soc": "esp32", "flash_mb": 4, "nanoframework_target": "T", "pins": { "relay1": { "gpio": 2, "active_low": 1 } } }""", "x.json: pins.relay1.active_low: must be true or false")]
    public void Parse_BrokenBoard_NamesFileAndField(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => BoardFile.Parse(json, "x.json"));
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("contact")]
    [InlineData("motion")]
    public void Parse_BinaryInputRoles_TheSensorAppFindsThePin(string role)
    {
        // The roles drivers/BinaryInput/README.md tells users to write, and SensorApp looks up.
        string json = Good.Replace("\"relay1\": { \"gpio\": 26 }", $"\"{role}\": {{ \"gpio\": 27 }}");
        var b = BoardFile.Parse(json, "b1.json").ToBoardInfo();
        Assert.True(b.HasPin(role));
        Assert.Equal(27, b.Pin(role));
    }

    [Fact]
    public void Parse_BatteryCapability_TheAppsSeeIt()
    {
        // The capability the sensor app's battery mode defaults on (firmware/apps/Sensor/README.md).
        var b = BoardFile.Parse(Good.Replace("[\"wifi\"]", "[\"wifi\", \"battery\"]"), "b1.json").ToBoardInfo();
        Assert.True(b.Has("battery"));
    }

    [Fact]
    public void Parse_BrokenJson_SaysLineAndColumnAsEditorsCount()
    {
        var ex = Assert.Throws<FormatException>(() => BoardFile.Parse("{\n  \"id\": x\n}", "x.json"));
        Assert.StartsWith("x.json: not valid JSON at line 2, column 9: ", ex.Message);
        Assert.DoesNotContain("LineNumber", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Parse_SeveralProblems_OneLineEach()
    {
        var ex = Assert.Throws<FormatException>(() => BoardFile.Parse("""{ "soc": "z80", "flash_mb": 3, "pins": { "relay": { "gpio": 1 } } }""", "x.json"));

        string[] lines = ex.Message.Split(Environment.NewLine);
        Assert.Equal(6, lines.Length); // soc, id, nanoframework_target, name, flash_mb and the role, each once
        Assert.All(lines, l => Assert.StartsWith("x.json: ", l));
    }

    [Fact]
    public void Parse_RandomlyDamagedBoards_FormatExceptionOrABoardNeverACrash()
    {
        var random = new Random(20240611);
        string[] sources = Directory.GetFiles(Repo.Boards, "board.json", SearchOption.AllDirectories).Select(File.ReadAllText).ToArray();
        int refused = 0;
        for (int i = 0; i < 2000; i++)
        {
            char[] text = sources[random.Next(sources.Length)].ToCharArray();
            for (int m = random.Next(1, 4); m > 0; m--)
            {
                int at = random.Next(text.Length);
                text[at] = "{}[]\":,0x19ab-_. \n\\"[random.Next(19)];
            }

            try
            {
                var board = BoardFile.Parse(new string(text), "fuzz.json");
                BoardValidator.Validate(board, "plug");
            }
            catch (FormatException ex)
            {
                refused++;
                Assert.All(ex.Message.Split(Environment.NewLine), l => Assert.StartsWith("fuzz.json: ", l));
                Assert.DoesNotContain(ex.Message.Split(Environment.NewLine), l => l.Any(char.IsControl));
            }
        }

        Assert.InRange(refused, 1000, 2000);
    }

    [Fact]
    public void ShippedBoards_AllParse()
    {
        var repo = Repo.ShippedBoards();
        Assert.Contains(repo.All, b => b.Id == "esp32-devkitc");
        Assert.Equal(7, repo.All.Count);
    }

    [Fact]
    public void EmbeddedBoards_EqualTheBoardsFolder()
    {
        var embedded = BoardRepository.FromResources(typeof(Endpoint.Cli.Program).Assembly).All;
        var folder = Repo.ShippedBoards().All;

        Assert.Equal(folder.Select(b => b.Id), embedded.Select(b => b.Id));
        Assert.Equal(
            folder.Select(b => BoardCatalogGenerator.Generate([b])),
            embedded.Select(b => BoardCatalogGenerator.Generate([b])));
    }

    [Fact]
    public void BoardCatalog_Committed_MatchesBoardFiles()
    {
        string generated = BoardCatalogGenerator.Generate(Repo.ShippedBoards().All);
        string committed = File.ReadAllText(Path.Combine(Repo.Root, "firmware", "Endpoint.Core", "Boards", "BoardCatalog.g.cs"));
        Assert.True(generated == committed, "BoardCatalog.g.cs is stale: run 'endpoint board codegen'");
    }

    [Fact]
    public void BoardCatalog_Compiled_AgreesWithBoardFile()
    {
        foreach (var file in Repo.ShippedBoards().All)
        {
            var compiled = BoardCatalog.Get(file.Id);
            Assert.NotNull(compiled);
            Assert.Equal(file.Name, compiled.Name);
            Assert.Equal(file.Soc, compiled.Soc);
            Assert.Equal(file.Pins.Select(p => p.Role).Order(), compiled.PinRoles.Order());
            foreach (var pin in file.Pins)
            {
                Assert.Equal(pin.Gpio, compiled.Pin(pin.Role));
                Assert.Equal(pin.ActiveLow, compiled.IsActiveLow(pin.Role));
            }

            Assert.All(file.Capabilities, c => Assert.True(compiled.Has(c)));
            Assert.Equal(file.Parts.Count, compiled.Parts.Length);
            for (int i = 0; i < file.Parts.Count; i++)
            {
                var part = compiled.Parts[i];
                Assert.Equal((file.Parts[i].Compatible, file.Parts[i].Bus, file.Parts[i].Address), (part.Compatible, part.Bus, part.Address));
                Assert.Equal(file.Parts[i].Properties.Select(kv => kv.Key).Order(), part.PropertyNames.Order());
                Assert.All(file.Parts[i].Properties, kv => Assert.Equal(kv.Value, part.GetProperty(kv.Key)));
            }
        }

        Assert.Null(BoardCatalog.Get("no-such-board"));
        Assert.Equal(Repo.ShippedBoards().All.Select(b => b.Id), BoardCatalog.Ids);
    }
}

public class BoardFilePartsTests
{
    [Fact]
    public void Parse_Parts_HexAndDecimalAddresses()
    {
        var b = BoardFile.Parse("""
            { "id": "s", "name": "S", "soc": "esp32c3", "flash_mb": 4, "nanoframework_target": "ESP32_C3", "pins": {},
              "parts": [ { "compatible": "sensirion,sht4x", "bus": "i2c0", "address": "0x44" }, { "compatible": "bosch,bme280", "bus": "i2c0", "address": 119 },
                         { "compatible": "belling,bl0937" } ] }
            """, "s.json").ToBoardInfo();
        var sht = b.FindPart("sensirion,sht4x");
        Assert.Equal("i2c0", sht.Bus);
        Assert.Equal(0x44, sht.Address);
        Assert.Equal(0x77, b.FindPart("bosch,bme280").Address);
        Assert.Equal(-1, b.FindPart("belling,bl0937").Address);
        Assert.Null(b.FindPart("sensirion,sht3x"));
    }

    [Fact]
    public void Parse_PartProperties_ReachTheBoardInfoAsInvariantStrings()
    {
        var b = BoardFile.Parse("""
            { "id": "s", "name": "S", "soc": "esp32", "flash_mb": 4, "nanoframework_target": "ESP32_REV0", "pins": { "led_strip": { "gpio": 25 }, "battery_adc": { "gpio": 34 } },
              "parts": [ { "compatible": "worldsemi,ws2812", "pin": "led_strip", "count": 12, "order": "RGB" },
                         { "compatible": "divider,battery", "pin": "battery_adc", "ratio": 3.2 } ] }
            """, "s.json").ToBoardInfo();

        var strip = b.FindPart("worldsemi,ws2812");
        Assert.Equal("led_strip", strip.GetProperty("pin"));
        Assert.Equal(12, strip.GetIntProperty("count", 1));
        Assert.Equal("RGB", strip.GetProperty("order", "GRB"));
        Assert.Equal("3.2", b.FindPart("divider,battery").GetProperty("ratio"));
        Assert.Equal(3.2, b.FindPart("divider,battery").GetDoubleProperty("ratio", 1), 12);
        Assert.Null(strip.GetProperty("ratio"));
    }

    [Theory]
    [InlineData("""[ { "bus": "i2c0" } ]""", "parts[0].compatible: required")]
    [InlineData("""[ { "compatible": "sensirion,sht4x", "bus": "i2c0", "address": "0x1FF" } ]""", "parts[0].address: a number 0–127")]
    [InlineData("""[ { "compatible": "sensirion,sht4x", "bus": "i2c0", "address": 200 } ]""", "parts[0].address: a number 0–127")]
    [InlineData("""[ { "compatible": "sensirion,sht4x", "bus": "uart1", "address": "0x44" } ]""", "parts[0].bus: sensirion,sht4x is an I2C part, not on uart1")]
    [InlineData("""[ { "compatible": "belling,bl0937", "bus": "i2c0" } ]""", "parts[0].bus: belling,bl0937 is not on a bus")]
    [InlineData("""[ { "compatible": "worldsemi,ws2812", "pin": "led_strip", "order": "RGBX" } ]""", "parts[0].order: must be one of GRB")]
    [InlineData("""[ { "compatible": "worldsemi,ws2812", "pin": "led_strip", "count": 0 } ]""", "parts[0].count: must be a whole number ≥ 1")]
    [InlineData("""[ { "compatible": "worldsemi,ws2812", "pin": "led_strip", "colour": "red" } ]""", "parts[0].colour: unknown property of worldsemi,ws2812")]
    [InlineData("""[ { "compatible": "divider,battery", "pin": "battery_adc", "ratio": "two" } ]""", "parts[0].ratio: must be a number ≥ 1")]
    [InlineData("""[ { "compatible": "worldsemi,ws2812", "pin": "led_strip", "pin": "relay1" } ]""", "parts[0].pin: given twice")]
    [InlineData("""{ }""", "parts: must be an array")]
    public void Parse_BadParts_NamesTheField(string parts, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => BoardFile.Parse(
            "{ \"id\": \"s\", \"name\": \"S\", \"soc\": \"esp32\", \"flash_mb\": 4, \"nanoframework_target\": \"T\", \"pins\": {}, \"parts\": " + parts + " }", "s.json"));
        Assert.Contains("s.json: " + expected, ex.Message);
    }
}
