using System.Collections.Generic;
using System.Linq;

namespace Endpoint.Host.Boards;

/// <summary>What a part is for: apps pick parts by kind (a sensor app needs any sensor part).</summary>
public enum PartKind
{
    /// <summary>Environmental sensor (temperature, humidity, pressure).</summary>
    Sensor,

    /// <summary>Energy metering chip.</summary>
    Meter,

    /// <summary>Light source (LED strip).</summary>
    Light,

    /// <summary>Battery voltage measurement.</summary>
    Battery,
}

/// <summary>The JSON type of a part property.</summary>
public enum PartPropertyType
{
    /// <summary>A string (for <c>pin</c>: a role the board declares).</summary>
    String,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>Any number.</summary>
    Number,
}

/// <summary>A property a part entry may (or must) carry besides compatible, bus and address.</summary>
/// <param name="Name">The JSON name.</param>
/// <param name="Type">Its JSON type.</param>
/// <param name="Required">True when the part cannot work without it.</param>
/// <param name="Minimum">Smallest allowed value for numbers (inclusive), or null.</param>
/// <param name="Values">The allowed values for strings, or null for any.</param>
/// <param name="Description">What it means.</param>
public sealed record PartProperty(string Name, PartPropertyType Type, bool Required, double? Minimum, IReadOnlyList<string> Values, string Description);

/// <summary>A part compatible id and the board.json facts it needs.</summary>
/// <param name="Compatible">"vendor,part", as in a devicetree <c>compatible</c>.</param>
/// <param name="Kind">What the part is for.</param>
/// <param name="Bus">"i2c" when the part sits on an I2C bus (then <c>bus</c> and <c>address</c> are required), else null.</param>
/// <param name="Addresses">The 7-bit addresses the part can answer on (from its datasheet).</param>
/// <param name="RequiredRoles">Pin roles the board must declare for the part.</param>
/// <param name="PinDirection">When the part names its pin with a <c>pin</c> property, the direction that role must have.</param>
/// <param name="Properties">The other properties it takes.</param>
/// <param name="Datasheet">Where the facts come from.</param>
public sealed record PartType(
    string Compatible,
    PartKind Kind,
    string Bus,
    IReadOnlyList<int> Addresses,
    IReadOnlyList<string> RequiredRoles,
    PinDirection? PinDirection,
    IReadOnlyList<PartProperty> Properties,
    string Datasheet);

/// <summary>
/// The parts board.json may attach. An unknown compatible is an error: no driver would pick it up.
/// The schema (boards/board.schema.json) repeats the compatible list and per-part rules; a test keeps
/// both in step. Add a part here (and there) with its driver.
/// </summary>
public static class PartCatalog
{
    /// <summary>Colour orders a WS2812-type strip may have.</summary>
    public static readonly IReadOnlyList<string> ColorOrders = ["GRB", "RGB", "BRG", "RBG", "GBR", "BGR", "GRBW", "RGBW"];

    /// <summary>Every known part.</summary>
    public static readonly IReadOnlyList<PartType> All =
    [
        new("sensirion,sht4x", PartKind.Sensor, "i2c", [0x44, 0x45, 0x46], [], null, [],
            "Sensirion SHT4x datasheet, I2C address: 0x44 (SHT40-AD1B), 0x45 (-BD1B), 0x46 (-CD1B)"),
        new("sensirion,sht3x", PartKind.Sensor, "i2c", [0x44, 0x45], [], null, [],
            "Sensirion SHT3x-DIS datasheet, I2C address: 0x44 (ADDR low), 0x45 (ADDR high)"),
        new("bosch,bme280", PartKind.Sensor, "i2c", [0x76, 0x77], [], null, [],
            "Bosch BME280 datasheet section 6.2: 0x76 (SDO to GND), 0x77 (SDO to VDDIO)"),
        new("belling,bl0937", PartKind.Meter, null, [], ["bl0937.cf", "bl0937.cf1", "bl0937.sel"], null,
            [
                new("current_resistor_ohm", PartPropertyType.Number, false, 0.0001, null, "shunt resistance (ESPHome hlw8012 current_resistor)"),
                new("voltage_divider", PartPropertyType.Number, false, 1, null, "mains voltage divider ratio (ESPHome hlw8012 voltage_divider)"),
            ],
            "Belling BL0937 datasheet: CF (active power pulses), CF1 (current or voltage, chosen by SEL)"),
        new("worldsemi,ws2812", PartKind.Light, null, [], [], Boards.PinDirection.Output,
            [
                new("pin", PartPropertyType.String, true, null, null, "the role of the data pin (led_strip, led_strip2, ...)"),
                new("count", PartPropertyType.Integer, false, 1, null, "number of LEDs on the line (default 1)"),
                new("order", PartPropertyType.String, false, null, ColorOrders, "colour order of the bytes on the wire (default GRB)"),
            ],
            "Worldsemi WS2812B datasheet: one data line, 24 bits per LED, GRB order"),
        new("divider,battery", PartKind.Battery, null, [], [], Boards.PinDirection.Analog,
            [
                new("pin", PartPropertyType.String, true, null, null, "the role of the ADC pin (battery_adc)"),
                new("ratio", PartPropertyType.Number, true, 1, null, "battery voltage / pin voltage = (Rtop + Rbottom) / Rbottom"),
                new("full_mv", PartPropertyType.Integer, false, 1, null, "battery voltage at 100 % (default 4200 for Li-ion)"),
                new("empty_mv", PartPropertyType.Integer, false, 1, null, "battery voltage at 0 % (default 3300 for Li-ion)"),
            ],
            "resistor divider from the battery to an ADC pin; ratio = (Rtop + Rbottom) / Rbottom"),
    ];

    /// <summary>The part <paramref name="compatible"/>, or null.</summary>
    public static PartType Find(string compatible) => All.FirstOrDefault(p => p.Compatible == compatible);

    /// <summary>The known compatibles, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(p => p.Compatible));
}
