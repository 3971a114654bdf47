using System;
using System.IO;
using Endpoint.Host.Boards;

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
    public void Parse_BrokenBoard_NamesFileAndField(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => BoardFile.Parse(json, "x.json"));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void ShippedBoards_AllParse()
    {
        string folder = BoardRepository.FindBoardsFolder(AppContext.BaseDirectory);
        Assert.NotNull(folder);
        var repo = BoardRepository.FromFolder(folder);
        Assert.Contains(repo.All, b => b.Id == "esp32-devkitc");
    }

    [Fact]
    public void BoardCatalog_Committed_MatchesBoardFiles()
    {
        string folder = BoardRepository.FindBoardsFolder(AppContext.BaseDirectory);
        string generated = BoardCatalogGenerator.Generate(BoardRepository.FromFolder(folder).All);
        string committed = File.ReadAllText(Path.Combine(Path.GetDirectoryName(folder)!, "firmware", "Endpoint.Core", "Boards", "BoardCatalog.g.cs"));
        Assert.True(generated == committed, "BoardCatalog.g.cs is stale: run 'endpoint board codegen'");
    }

    [Fact]
    public void BoardCatalog_Compiled_AgreesWithBoardFile()
    {
        string folder = BoardRepository.FindBoardsFolder(AppContext.BaseDirectory);
        foreach (var file in BoardRepository.FromFolder(folder).All)
        {
            var compiled = Endpoint.Core.Boards.BoardCatalog.Get(file.Id);
            Assert.NotNull(compiled);
            foreach (var pin in file.Pins)
            {
                Assert.Equal(pin.Gpio, compiled.Pin(pin.Role));
                Assert.Equal(pin.ActiveLow, compiled.IsActiveLow(pin.Role));
            }
        }

        Assert.Null(Endpoint.Core.Boards.BoardCatalog.Get("no-such-board"));
    }
}

public class BoardFilePartsTests
{
    [Fact]
    public void Parse_Parts_HexAndDecimalAddresses()
    {
        var b = BoardFile.Parse("""
            { "id": "s", "name": "S", "soc": "esp32c3", "flash_mb": 4, "nanoframework_target": "ESP32_C3", "pins": {},
              "parts": [ { "compatible": "sensirion,sht4x", "bus": "i2c0", "address": "0x44" }, { "compatible": "belling,bl0937" } ] }
            """, "s.json").ToBoardInfo();
        var sht = b.FindPart("sensirion,sht4x");
        Assert.Equal("i2c0", sht.Bus);
        Assert.Equal(0x44, sht.Address);
        Assert.Equal(-1, b.FindPart("belling,bl0937").Address);
        Assert.Null(b.FindPart("bosch,bme280"));
    }

    [Theory]
    [InlineData("""[ { "bus": "i2c0" } ]""", "parts[0].compatible")]
    [InlineData("""[ { "compatible": "sensirion,sht4x", "bus": "i2c0", "address": "0x1FF" } ]""", "parts[0].address")]
    [InlineData("""{ }""", "parts: must be an array")]
    public void Parse_BadParts_NamesTheField(string parts, string expected)
    {
        var ex = Assert.Throws<System.FormatException>(() => BoardFile.Parse(
            "{ \"id\": \"s\", \"name\": \"S\", \"soc\": \"esp32\", \"flash_mb\": 4, \"nanoframework_target\": \"T\", \"pins\": {}, \"parts\": " + parts + " }", "s.json"));
        Assert.Contains(expected, ex.Message);
    }
}
