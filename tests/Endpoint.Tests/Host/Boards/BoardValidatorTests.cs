using System;
using System.IO;
using System.Linq;
using Endpoint.Host.Boards;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Boards;

public class BoardValidatorTests
{
    /// <summary>Loads a broken board with its file name as the source, as the messages show it.</summary>
    private static BoardFile Load(string name) => BoardFile.Parse(File.ReadAllText(Path.Combine(Repo.BrokenBoards, name)), name);

    [Theory]
    [InlineData("missing-id.json", "missing-id.json: id: required, a non-empty string")]
    [InlineData("unknown-field.json", "unknown-field.json: flash_size: unknown field")]
    [InlineData("bad-soc.json", "bad-soc.json: soc: 'esp8266' is not a supported SoC")]
    [InlineData("unknown-role.json", "unknown-role.json: pins.relay_1: unknown role 'relay_1'")]
    [InlineData("unknown-capability.json", "unknown-capability.json: capabilities[1]: unknown capability")]
    [InlineData("gpio-out-of-range.json", "gpio-out-of-range.json: pins.relay1.gpio: required, a GPIO number 0–48")]
    [InlineData("unknown-pin-field.json", "unknown-pin-field.json: pins.relay1.inverted: unknown field")]
    [InlineData("unknown-part.json", "unknown-part.json: parts[0].compatible: unknown part 'acme,foo'")]
    [InlineData("i2c-part-without-address.json", "i2c-part-without-address.json: parts[0].address: required for an I2C part")]
    [InlineData("part-missing-property.json", "part-missing-property.json: parts[0].pin: required for worldsemi,ws2812")]
    [InlineData("duplicate-role.json", "duplicate-role.json: pins.relay1: given twice")]
    [InlineData("not-json.json", "not-json.json: not valid JSON")]
    public void Parse_BrokenSchemaRule_GivesItsLine(string file, string line)
    {
        var ex = Assert.Throws<FormatException>(() => Load(file));
        Assert.Contains(ex.Message.Split(Environment.NewLine), l => l.StartsWith(line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gpio-not-on-soc.json", "pins.relay1.gpio: GPIO24 does not exist on the esp32")]
    [InlineData("flash-pin.json", "pins.relay1.gpio: GPIO6 is wired to the SPI flash of esp32 modules")]
    [InlineData("embedded-flash-pin.json", "pins.relay1.gpio: GPIO16 is wired to the ESP32-PICO-D4's embedded flash")]
    [InlineData("octal-psram-pin.json", "pins.relay1.gpio: GPIO35 is taken by the octal PSRAM")]
    [InlineData("usb-pin.json", "pins.relay1.gpio: GPIO19 is the USB D+ line")]
    [InlineData("input-only-output.json", "pins.relay1.gpio: GPIO34 is input-only on the esp32")]
    [InlineData("adc-without-adc1.json", "pins.battery_adc.gpio: GPIO5 has no ADC1 channel (esp32c3 ADC1: GPIO0–4)")]
    [InlineData("duplicate-gpio.json", "pins.status_led.gpio: GPIO26 is also used by relay1")]
    [InlineData("half-bus.json", "pins.i2c0.sda: i2c0 needs both i2c0.sda and i2c0.scl; i2c0.scl is missing")]
    [InlineData("part-undeclared-bus.json", "parts[0].bus: i2c1 is not declared: the board has no i2c1.sda and i2c1.scl pin")]
    [InlineData("wrong-part-address.json", "parts[0].address: 0x40 is not an address of sensirion,sht4x (0x44, 0x45, 0x46)")]
    [InlineData("address-clash.json", "parts[1].address: 0x44 on i2c0 is also parts[0] (sensirion,sht4x)")]
    [InlineData("part-pin-undeclared.json", "parts[0].pin: no pin has the role 'led_strip'")]
    [InlineData("part-pin-wrong-kind.json", "parts[0].pin: divider,battery needs a pin of kind analog and relay1 is of kind output")]
    [InlineData("part-missing-role.json", "parts[0]: belling,bl0937 needs a bl0937.sel pin")]
    [InlineData("unknown-target.json", "nanoframework_target: 'ESP32_FOO' is not a nanoFramework target")]
    [InlineData("target-for-other-soc.json", "nanoframework_target: ESP32_C3_REV3 is built for the esp32c3, not the esp32")]
    [InlineData("ble-without-ble-target.json", "capabilities[1]: ble needs a target built with Bluetooth and ESP32_REV0 has none")]
    [InlineData("psram-without-size.json", "psram_mb: required with the psram capability")]
    [InlineData("native-usb-on-esp32.json", "capabilities[2]: the esp32 has no USB peripheral")]
    [InlineData("default-app-unhostable.json", "default_app: the board cannot host the sensor app: it has no sensor part")]
    [InlineData("package-on-other-soc.json", "package: ESP32-U4WDH is an ESP32 package; the board's soc is esp32c3")]
    public void Validate_BrokenRule_GivesItsErrorLine(string file, string line)
    {
        var found = BoardValidator.Validate(Load(file));

        Assert.Contains(found, d => d.Severity == Severity.Error && d.ToString().StartsWith($"{file}: {line}", StringComparison.Ordinal));
        Assert.All(found, d => Assert.Single(d.ToString().Split('\n')));
    }

    [Fact]
    public void Validate_OutputOnStrappingPin_WarnsWithTheReasonButPasses()
    {
        var found = BoardValidator.Validate(Load("strapping-output.json"));

        var warning = Assert.Single(found);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.StartsWith("strapping-output.json: pins.status_led.gpio: warning: GPIO12 is a strapping pin (MTDI: high at reset selects 1.8 V flash", warning.ToString());
    }

    [Fact]
    public void Validate_EveryBrokenFile_FailsParseOrValidation()
    {
        foreach (string path in Directory.GetFiles(Repo.BrokenBoards, "*.json"))
        {
            string name = Path.GetFileName(path);
            bool broken;
            try
            {
                broken = BoardValidator.Validate(Load(name)).Any(d => d.Severity == Severity.Error) || name == "strapping-output.json";
            }
            catch (FormatException)
            {
                broken = true;
            }

            Assert.True(broken, $"{name} is meant to break a rule but passes");
        }
    }

    [Fact]
    public void Validate_ShippedBoards_HaveNoErrors()
    {
        var boards = Repo.ShippedBoards().All;

        Assert.Equal(
            ["esp32-c3-devkitm-1", "esp32-devkitc", "esp32-s3-devkitc-1", "m5stack-atom-lite", "shelly-plus-1", "shelly-plus-plug-s", "xiao-esp32c3"],
            boards.Select(b => b.Id));
        foreach (var board in boards)
        {
            Assert.DoesNotContain(BoardValidator.Validate(board), d => d.Severity == Severity.Error);
            Assert.Equal(Path.GetFileName(Path.GetDirectoryName(board.Source)), board.Id);
        }
    }

    [Fact]
    public void Validate_ShippedBoards_WarnOnlyAboutTheirDeliberateStrappingOutputs()
    {
        var warnings = Repo.ShippedBoards().All
            .SelectMany(b => BoardValidator.Validate(b).Select(d => $"{b.Id} {d.Field}"))
            .ToList();

        Assert.Equal(
            ["esp32-c3-devkitm-1 pins.led_strip.gpio", "esp32-devkitc pins.status_led.gpio", "m5stack-atom-lite pins.ir_tx.gpio", "shelly-plus-1 pins.status_led.gpio"],
            warnings);
    }

    [Theory]
    [InlineData("esp32-devkitc", "plug", true)]
    [InlineData("esp32-devkitc", "light", true)]
    [InlineData("esp32-devkitc", "sensor", true)]
    [InlineData("shelly-plus-plug-s", "plug", true)]
    [InlineData("shelly-plus-plug-s", "light", true)]
    [InlineData("shelly-plus-plug-s", "sensor", false)]
    [InlineData("m5stack-atom-lite", "plug", false)]
    [InlineData("m5stack-atom-lite", "light", true)]
    [InlineData("xiao-esp32c3", "sensor", true)]
    [InlineData("xiao-esp32c3", "light", false)]
    public void Validate_WithApp_ChecksTheAppsNeeds(string boardId, string app, bool hostable)
    {
        var board = Repo.ShippedBoards().Get(boardId);

        var errors = BoardValidator.Validate(board, app).Where(d => d.Severity == Severity.Error).ToList();

        Assert.Equal(hostable, errors.Count == 0);
        if (!hostable)
        {
            Assert.StartsWith($"{board.Source}: app {app}: board {boardId} cannot host the {app} app: it has no", Assert.Single(errors).ToString());
        }
    }

    [Fact]
    public void Validate_SharedPins_AreAllowedOnlyWhenBothSayShared()
    {
        const string json = """
            { "id": "s", "name": "S", "soc": "esp32", "flash_mb": 4, "nanoframework_target": "ESP32_REV0", "capabilities": ["wifi"],
              "pins": { "status_led": { "gpio": 2, "shared": true }, "led_strip": { "gpio": 2, "shared": SHARED } } }
            """;

        var shared = BoardValidator.Validate(BoardFile.Parse(json.Replace("SHARED", "true"), "s.json"));
        var notShared = BoardValidator.Validate(BoardFile.Parse(json.Replace("SHARED", "false"), "s.json"));

        Assert.DoesNotContain(shared, d => d.Severity == Severity.Error);
        Assert.Contains(notShared, d => d.ToString().StartsWith("s.json: pins.led_strip.gpio: GPIO2 is also used by status_led", StringComparison.Ordinal));
    }

    [Fact]
    public void BoardValidate_Cli_PrintsTheLineAndExits1ForABrokenFileAnd0ForShippedBoards()
    {
        var broken = CliRun.RunIn(Repo.Root, 60_000, "board", "validate", Path.Combine(Repo.BrokenBoards, "flash-pin.json"));
        var shipped = CliRun.RunIn(Repo.Root, 60_000, "board", "validate");
        var app = CliRun.RunIn(Repo.Root, 60_000, "board", "validate", "--app", "sensor", Path.Combine(Repo.Boards, "m5stack-atom-lite", "board.json"));

        Assert.Equal(1, broken.Exit);
        Assert.Contains("flash-pin.json: pins.relay1.gpio: GPIO6 is wired to the SPI flash", broken.Err);
        Assert.Equal(0, shipped.Exit);
        Assert.Equal(7, shipped.Out.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.Equal(1, app.Exit);
        Assert.Contains("app sensor: board m5stack-atom-lite cannot host the sensor app", app.Err);
    }
}
