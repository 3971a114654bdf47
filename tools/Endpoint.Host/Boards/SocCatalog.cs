using System;
using System.Collections.Generic;
using System.Linq;

namespace Endpoint.Host.Boards;

/// <summary>
/// Facts about one SoC (or one package of it) that decide whether a pin may carry a role.
/// </summary>
/// <param name="Name">The board.json <c>soc</c> value.</param>
/// <param name="Gpios">GPIO numbers that exist.</param>
/// <param name="FlashPins">Pins wired to the SPI flash (and PSRAM): unusable for anything else.</param>
/// <param name="OctalPins">Extra pins taken by octal flash/PSRAM (ESP32-S3 with <c>psram_mode: octal</c>).</param>
/// <param name="Strapping">Strapping pins and what their level at reset selects.</param>
/// <param name="InputOnly">Pins without an output driver.</param>
/// <param name="Adc1">Pins with an ADC1 channel (ADC2 cannot be read while Wi-Fi runs on the ESP32, and is not
/// calibrated on the C3, so analog roles need ADC1).</param>
/// <param name="UsbPins">The native USB D-/D+ pins, by number: taken when the board uses native USB.</param>
public sealed record SocInfo(
    string Name,
    IReadOnlySet<int> Gpios,
    IReadOnlySet<int> FlashPins,
    IReadOnlySet<int> OctalPins,
    IReadOnlyDictionary<int, string> Strapping,
    IReadOnlySet<int> InputOnly,
    IReadOnlySet<int> Adc1,
    IReadOnlyDictionary<int, string> UsbPins)
{
    /// <summary>The ADC1 pins as text for messages ("GPIO32–39").</summary>
    public string Adc1Text => SocCatalog.Ranges(Adc1);
}

/// <summary>
/// The SoCs boards may use, with the pin facts from Espressif's datasheets:
/// <list type="bullet">
/// <item>ESP32 Series Datasheet (v4.x), "Pin Definitions" and "Strapping Pins": GPIO0–19, 21–23, 25–27,
/// 32–39; GPIO6–11 (SD_CLK, SD_DATA0–3, SD_CMD) go to the module's SPI flash; GPIO34–39 are input-only
/// (no output driver, no pull resistors); strapping pins GPIO0, 2, 5, 12 (MTDI) and 15 (MTDO); ADC1 on
/// GPIO32–39. In packages with embedded flash (ESP32-D2WD, ESP32-PICO-D4, ESP32-U4WDH) "GPIO16, GPIO17,
/// SD_CMD, SD_CLK, SD_DATA_0 and SD_DATA_1 are used for connecting the embedded flash" (GPIO6, 7, 8, 11,
/// 16, 17) while GPIO9/10 are free — which is why the Shelly Plus Plug S can use them.</item>
/// <item>ESP32-C3 Series Datasheet, "Pin Definitions" and "Strapping Pins": GPIO0–21; GPIO12–17 are the
/// SPI flash pins (SPIHD, SPIWP, SPICS0, SPICLK, SPID, SPIQ); strapping pins GPIO2, 8, 9; ADC1 on GPIO0–4;
/// USB D-/D+ on GPIO18/19.</item>
/// <item>ESP32-S3 Series Datasheet, "Pin Definitions" and "Strapping Pins": GPIO0–21, 26–48; GPIO26–32
/// are the SPI flash/PSRAM pins, GPIO33–37 are also taken by octal flash or octal PSRAM; strapping pins
/// GPIO0, 3, 45, 46; ADC1 on GPIO1–10; USB D-/D+ on GPIO19/20.</item>
/// </list>
/// </summary>
public static class SocCatalog
{
    /// <summary>Packages of the ESP32 whose flash is inside the package (board.json <c>package</c>).</summary>
    public static readonly IReadOnlyList<string> EmbeddedFlashPackages = ["ESP32-D2WD", "ESP32-PICO-D4", "ESP32-U4WDH"];

    private static readonly SocInfo Esp32 = new(
        "esp32",
        Set(Range(0, 19), Range(21, 23), Range(25, 27), Range(32, 39)),
        Set(Range(6, 11)),
        Set(),
        new Dictionary<int, string>
        {
            [0] = "its level at reset selects download or normal boot",
            [2] = "it must be low or floating at reset to enter the download mode",
            [5] = "its level at reset sets the SDIO slave timing",
            [12] = "MTDI: high at reset selects 1.8 V flash, which does not boot a 3.3 V flash module",
            [15] = "MTDO: its level at reset turns the boot log off and sets the SDIO slave timing",
        },
        Set(Range(34, 39)),
        Set(Range(32, 39)),
        new Dictionary<int, string>());

    private static readonly SocInfo Esp32EmbeddedFlash = Esp32 with { FlashPins = Set([6, 7, 8, 11, 16, 17]) };

    private static readonly SocInfo Esp32C3 = new(
        "esp32c3",
        Set(Range(0, 21)),
        Set(Range(12, 17)),
        Set(),
        new Dictionary<int, string>
        {
            [2] = "it must be high at reset for a normal boot",
            [8] = "it must be high at reset to enter the download mode from UART",
            [9] = "its level at reset selects download or normal boot",
        },
        Set(),
        Set(Range(0, 4)),
        new Dictionary<int, string> { [18] = "USB D-", [19] = "USB D+" });

    private static readonly SocInfo Esp32S3 = new(
        "esp32s3",
        Set(Range(0, 21), Range(26, 48)),
        Set(Range(26, 32)),
        Set(Range(33, 37)),
        new Dictionary<int, string>
        {
            [0] = "its level at reset selects download or normal boot",
            [3] = "its level at reset selects the JTAG signal source",
            [45] = "VDD_SPI: high at reset selects 1.8 V flash",
            [46] = "its level at reset selects the boot mode and ROM message printing",
        },
        Set(),
        Set(Range(1, 10)),
        new Dictionary<int, string> { [19] = "USB D-", [20] = "USB D+" });

    /// <summary>The board.json <c>soc</c> values.</summary>
    public static readonly IReadOnlyList<string> Names = ["esp32", "esp32c3", "esp32s3"];

    /// <summary>The facts for <paramref name="soc"/> in <paramref name="package"/> (null: a module with external flash).</summary>
    public static SocInfo Get(string soc, string package = null) => soc switch
    {
        "esp32" => package != null && EmbeddedFlashPackages.Contains(package) ? Esp32EmbeddedFlash : Esp32,
        "esp32c3" => Esp32C3,
        "esp32s3" => Esp32S3,
        _ => null,
    };

    /// <summary>"GPIO1–4, 6" style text of a pin set.</summary>
    public static string Ranges(IEnumerable<int> pins)
    {
        var sorted = pins.OrderBy(p => p).ToList();
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(j == i ? $"{sorted[i]}" : $"{sorted[i]}–{sorted[j]}");
            i = j + 1;
        }

        return "GPIO" + string.Join(", ", parts);
    }

    private static IEnumerable<int> Range(int from, int to) => Enumerable.Range(from, to - from + 1);

    private static HashSet<int> Set(params IEnumerable<int>[] ranges) => ranges.SelectMany(r => r).ToHashSet();
}
