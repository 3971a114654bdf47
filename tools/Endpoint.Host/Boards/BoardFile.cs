using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Endpoint.Core.Boards;

namespace Endpoint.Host.Boards;

/// <summary>A pin entry of a board.json.</summary>
/// <param name="Role">Role name ("relay1", "i2c0.sda").</param>
/// <param name="Gpio">GPIO number.</param>
/// <param name="ActiveLow">True when "on" is a low level.</param>
public sealed record BoardPin(string Role, int Gpio, bool ActiveLow)
{
    /// <summary>True when the pin is deliberately shared with other roles marked shared.</summary>
    public bool Shared { get; init; }

    /// <summary>Free text (wiring, what is on the pin).</summary>
    public string Note { get; init; }
}

/// <summary>A part entry of a board.json: <c>{ "compatible": "sensirion,sht4x", "bus": "i2c0", "address": "0x44" }</c>.</summary>
/// <param name="Compatible">"vendor,part".</param>
/// <param name="Bus">Bus name, or null.</param>
/// <param name="Address">7-bit bus address, or -1.</param>
public sealed record BoardPartEntry(string Compatible, string Bus, int Address)
{
    /// <summary>Further properties ("pin", "count", "order", "ratio"), in file order, as invariant strings.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; init; } = [];

    /// <summary>The property <paramref name="name"/>, or null.</summary>
    public string Property(string name) => Properties.FirstOrDefault(p => p.Key == name).Value;
}

/// <summary>Why a board needs a nanoFramework build of its own, and what to change in it.</summary>
/// <param name="Reason">One sentence for people.</param>
/// <param name="Sdkconfig">ESP-IDF sdkconfig lines to add to the base target's build.</param>
public sealed record CustomTarget(string Reason, IReadOnlyList<string> Sdkconfig);

/// <summary>
/// A parsed <c>boards/&lt;id&gt;/board.json</c>, checked against the rules of boards/board.schema.json
/// (types, required fields, role names, known parts and capabilities). Every problem is one line
/// "file: field: problem". The checks that need SoC facts (flash and strapping pins, duplicates, buses)
/// are in <see cref="BoardValidator"/>; <see cref="ToBoardInfo"/> gives the portable view apps use.
/// </summary>
public sealed class BoardFile
{
    /// <summary>The board.json fields, in the order the schema lists them.</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "$schema", "id", "name", "soc", "package", "flash_mb", "psram_mb", "psram_mode",
        "nanoframework_target", "nanoframework_custom", "default_app", "capabilities", "pins", "parts",
    ];

    /// <summary>The capability names.</summary>
    public static readonly IReadOnlyList<string> CapabilityNames = ["wifi", "ble", "psram", "native_usb", "battery"];

    /// <summary>The apps a board may name as its default.</summary>
    public static readonly IReadOnlyList<string> AppNames = ["plug", "light", "sensor"];

    private static readonly Regex IdPattern = new("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant);
    private static readonly Regex TargetPattern = new("^[A-Za-z0-9_.]+$", RegexOptions.CultureInvariant);
    private static readonly Regex BusPattern = new("^(i2c|uart)[0-9]$", RegexOptions.CultureInvariant);
    private static readonly Regex HexAddress = new("^0x[0-7]?[0-9a-fA-F]$", RegexOptions.CultureInvariant);
    private static readonly int[] FlashSizes = [1, 2, 4, 8, 16, 32];
    private static readonly int[] PsramSizes = [0, 2, 4, 8, 16, 32];

    /// <summary>Where it was read from (for messages).</summary>
    public string Source { get; init; } = "";

    /// <summary>Board id.</summary>
    public string Id { get; init; } = "";

    /// <summary>Human name.</summary>
    public string Name { get; init; } = "";

    /// <summary>SoC: esp32, esp32c3, esp32s3.</summary>
    public string Soc { get; init; } = "";

    /// <summary>ESP32 package with embedded flash (ESP32-PICO-D4, ESP32-U4WDH, ESP32-D2WD), or null for a module with external flash.</summary>
    public string Package { get; init; }

    /// <summary>Flash size in MB.</summary>
    public int FlashMb { get; init; }

    /// <summary>PSRAM size in MB (0: none).</summary>
    public int PsramMb { get; init; }

    /// <summary>"quad" or "octal" when the board has PSRAM.</summary>
    public string PsramMode { get; init; }

    /// <summary>nanoFramework firmware target for nanoff (the base target when <see cref="Custom"/> is set).</summary>
    public string NanoFrameworkTarget { get; init; } = "";

    /// <summary>Set when no published target runs on the board and a custom nanoFramework build is needed.</summary>
    public CustomTarget Custom { get; init; }

    /// <summary>The app flashed when none is named, or null (the first the board can host).</summary>
    public string DefaultApp { get; init; }

    /// <summary>Capabilities.</summary>
    public List<string> Capabilities { get; init; } = new();

    /// <summary>Pins by role, in file order.</summary>
    public List<BoardPin> Pins { get; init; } = new();

    /// <summary>Attached parts, in file order.</summary>
    public List<BoardPartEntry> Parts { get; init; } = new();

    /// <summary>The pin of <paramref name="role"/>, or null.</summary>
    public BoardPin Pin(string role) => Pins.FirstOrDefault(p => p.Role == role);

    /// <summary>True when the board has <paramref name="capability"/>.</summary>
    public bool Has(string capability) => Capabilities.Contains(capability);

    /// <summary>The portable board view.</summary>
    public BoardInfo ToBoardInfo()
    {
        var board = new BoardInfo(Id, Name, Soc);
        foreach (var pin in Pins)
        {
            board.AddPin(pin.Role, pin.Gpio, pin.ActiveLow);
        }

        foreach (var cap in Capabilities)
        {
            board.AddCapability(cap);
        }

        foreach (var part in Parts)
        {
            var p = board.AddPart(part.Compatible, part.Bus, part.Address);
            foreach (var property in part.Properties)
            {
                p.SetProperty(property.Key, property.Value);
            }
        }

        return board;
    }

    /// <summary>Reads and parses a board.json file.</summary>
    public static BoardFile Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses board JSON; throws <see cref="FormatException"/> listing every problem (one per line).</summary>
    public static BoardFile Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException(OneLine($"{source}: not valid JSON{Where(ex)}: {WithoutPosition(ex.Message)}"));
        }

        using (doc)
        {
            var reader = new Reader(source);
            var file = reader.Read(doc.RootElement);
            if (reader.Errors.Count > 0)
            {
                throw new FormatException(string.Join(Environment.NewLine, reader.Errors));
            }

            return file;
        }
    }

    /// <summary>" at line L, column C" (1-based, as editors count) when the parser knows the position.</summary>
    private static string Where(JsonException ex) =>
        ex.LineNumber is long line && ex.BytePositionInLine is long column ? $" at line {line + 1}, column {column + 1}" : "";

    /// <summary>System.Text.Json's message without its " Path: … | LineNumber: 0 | BytePositionInLine: 1." tail (0-based, said better by <see cref="Where"/>).</summary>
    private static string WithoutPosition(string message)
    {
        foreach (string marker in new[] { " Path: ", " LineNumber: " })
        {
            int at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0)
            {
                message = message[..at];
            }
        }

        return message.TrimEnd(' ', '|');
    }

    /// <summary>Parses the address forms board.json allows: a number 0–127 or a hex string "0x44".</summary>
    internal static bool TryAddress(JsonElement e, out int address)
    {
        address = -1;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int n))
        {
            address = n;
        }
        else if (e.ValueKind == JsonValueKind.String && HexAddress.IsMatch(e.GetString()!))
        {
            address = int.Parse(e.GetString()![2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        else
        {
            return false;
        }

        return address is >= 0 and <= 127;
    }

    /// <summary>The checks of the schema, collecting one line per problem.</summary>
    private sealed class Reader(string source)
    {
        public List<string> Errors { get; } = new();

        private void Error(string field, string message) => Errors.Add(OneLine($"{source}: {field}: {message}"));

        public BoardFile Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Errors.Add($"{source}: the document must be a JSON object");
                return null;
            }

            NoDuplicates(root, "");
            foreach (var name in root.EnumerateObject().Select(p => p.Name).Distinct().Where(n => !Fields.Contains(n)))
            {
                Error(name, $"unknown field; board.json fields are {string.Join(", ", Fields)}");
            }

            string soc = RequiredString(root, "soc");
            if (soc.Length > 0 && !SocCatalog.Names.Contains(soc))
            {
                Error("soc", $"'{soc}' is not a supported SoC; use {string.Join(", ", SocCatalog.Names)}");
            }

            string id = RequiredString(root, "id");
            if (id.Length > 0 && !IdPattern.IsMatch(id))
            {
                Error("id", "use lower-case letters, digits and single '-' (like esp32-devkitc)");
            }

            string target = RequiredString(root, "nanoframework_target");
            if (target.Length > 0 && !TargetPattern.IsMatch(target))
            {
                Error("nanoframework_target", "a nanoFramework target name: letters, digits, '_' and '.'");
            }

            return new BoardFile
            {
                Source = source,
                Id = id,
                Name = RequiredString(root, "name"),
                Soc = soc,
                Package = OptionalEnum(root, "package", SocCatalog.EmbeddedFlashPackages),
                FlashMb = Size(root, "flash_mb", FlashSizes, required: true),
                PsramMb = Size(root, "psram_mb", PsramSizes, required: false),
                PsramMode = OptionalEnum(root, "psram_mode", ["quad", "octal"]),
                NanoFrameworkTarget = target,
                Custom = Custom(root),
                DefaultApp = OptionalEnum(root, "default_app", AppNames),
                Capabilities = Capabilities(root),
                Pins = Pins(root),
                Parts = Parts(root),
            };
        }

        private string RequiredString(JsonElement root, string field)
        {
            if (root.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0)
            {
                return v.GetString()!;
            }

            Error(field, "required, a non-empty string");
            return "";
        }

        private string OptionalEnum(JsonElement root, string field, IReadOnlyList<string> values)
        {
            if (!root.TryGetProperty(field, out var v))
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.String && values.Contains(v.GetString()))
            {
                return v.GetString();
            }

            Error(field, $"must be one of {string.Join(", ", values)}");
            return null;
        }

        /// <summary>Reports keys given twice in <paramref name="obj"/> (JSON allows them; which one wins is undefined); true when there are none.</summary>
        private bool NoDuplicates(JsonElement obj, string where)
        {
            var twice = obj.EnumerateObject().GroupBy(p => p.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            foreach (string name in twice)
            {
                Error(where.Length == 0 ? name : $"{where}.{name}", "given twice");
            }

            return twice.Count == 0;
        }

        private int Size(JsonElement root, string field, int[] allowed, bool required)
        {
            if (!root.TryGetProperty(field, out var v))
            {
                if (required)
                {
                    Error(field, $"required, one of {string.Join(", ", allowed)} (MB)");
                }

                return 0;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int mb) && allowed.Contains(mb))
            {
                return mb;
            }

            Error(field, $"must be one of {string.Join(", ", allowed)} (MB)");
            return 0;
        }

        private CustomTarget Custom(JsonElement root)
        {
            if (!root.TryGetProperty("nanoframework_custom", out var c))
            {
                return null;
            }

            const string field = "nanoframework_custom";
            if (c.ValueKind != JsonValueKind.Object)
            {
                Error(field, "must be an object { \"reason\": \"...\", \"sdkconfig\": [\"CONFIG_...=y\"] }");
                return null;
            }

            foreach (var p in c.EnumerateObject().Where(p => p.Name is not ("reason" or "sdkconfig")))
            {
                Error($"{field}.{p.Name}", "unknown field; use reason and sdkconfig");
            }

            string reason = c.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String && r.GetString()!.Length > 0 ? r.GetString() : null;
            if (reason == null)
            {
                Error($"{field}.reason", "required, a non-empty string saying why no published target runs on the board");
            }

            var sdkconfig = new List<string>();
            if (c.TryGetProperty("sdkconfig", out var s))
            {
                if (s.ValueKind != JsonValueKind.Array || s.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                {
                    Error($"{field}.sdkconfig", "must be an array of strings (sdkconfig lines)");
                }
                else
                {
                    sdkconfig.AddRange(s.EnumerateArray().Select(e => e.GetString()));
                }
            }

            return new CustomTarget(reason ?? "", sdkconfig);
        }

        private List<string> Capabilities(JsonElement root)
        {
            var caps = new List<string>();
            if (!root.TryGetProperty("capabilities", out var array))
            {
                return caps;
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                Error("capabilities", $"must be an array of {string.Join(", ", CapabilityNames)}");
                return caps;
            }

            int i = 0;
            foreach (var c in array.EnumerateArray())
            {
                string field = $"capabilities[{i++}]";
                if (c.ValueKind != JsonValueKind.String || !CapabilityNames.Contains(c.GetString()))
                {
                    Error(field, $"unknown capability; use {string.Join(", ", CapabilityNames)}");
                }
                else if (caps.Contains(c.GetString()))
                {
                    Error(field, $"{c.GetString()} is listed twice");
                }
                else
                {
                    caps.Add(c.GetString());
                }
            }

            return caps;
        }

        private List<BoardPin> Pins(JsonElement root)
        {
            var pins = new List<BoardPin>();
            if (!root.TryGetProperty("pins", out var obj) || obj.ValueKind != JsonValueKind.Object)
            {
                Error("pins", "required, an object of role → { \"gpio\": N }");
                return pins;
            }

            foreach (var p in obj.EnumerateObject())
            {
                string field = $"pins.{p.Name}";
                if (pins.Any(x => x.Role == p.Name))
                {
                    Error(field, "given twice");
                    continue;
                }

                if (BoardRoles.Find(p.Name) == null)
                {
                    Error(field, $"unknown role '{p.Name}'; roles are like {BoardRoles.Examples}");
                    continue;
                }

                if (p.Value.ValueKind != JsonValueKind.Object)
                {
                    Error(field, "must be an object { \"gpio\": N }");
                    continue;
                }

                bool ok = NoDuplicates(p.Value, field);
                foreach (var key in p.Value.EnumerateObject().Where(k => k.Name is not ("gpio" or "active_low" or "shared" or "note")))
                {
                    Error($"{field}.{key.Name}", "unknown field; a pin has gpio, active_low, shared and note");
                    ok = false;
                }

                if (!p.Value.TryGetProperty("gpio", out var g) || g.ValueKind != JsonValueKind.Number || !g.TryGetInt32(out int gpio) || gpio < 0 || gpio > 48)
                {
                    Error($"{field}.gpio", "required, a GPIO number 0–48");
                    continue;
                }

                bool activeLow = Flag(p.Value, "active_low", field, ref ok);
                bool shared = Flag(p.Value, "shared", field, ref ok);
                string note = null;
                if (p.Value.TryGetProperty("note", out var n))
                {
                    if (n.ValueKind == JsonValueKind.String)
                    {
                        note = n.GetString();
                    }
                    else
                    {
                        Error($"{field}.note", "must be a string");
                        ok = false;
                    }
                }

                if (ok)
                {
                    pins.Add(new BoardPin(p.Name, gpio, activeLow) { Shared = shared, Note = note });
                }
            }

            return pins;
        }

        private bool Flag(JsonElement pin, string name, string field, ref bool ok)
        {
            if (!pin.TryGetProperty(name, out var v))
            {
                return false;
            }

            if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return v.GetBoolean();
            }

            Error($"{field}.{name}", "must be true or false");
            ok = false;
            return false;
        }

        private List<BoardPartEntry> Parts(JsonElement root)
        {
            var parts = new List<BoardPartEntry>();
            if (!root.TryGetProperty("parts", out var array))
            {
                return parts;
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                Error("parts", "must be an array of { \"compatible\", \"bus\", \"address\", ... }");
                return parts;
            }

            int i = 0;
            foreach (var part in array.EnumerateArray())
            {
                var entry = Part(part, $"parts[{i++}]");
                if (entry != null)
                {
                    parts.Add(entry);
                }
            }

            return parts;
        }

        private BoardPartEntry Part(JsonElement part, string where)
        {
            if (part.ValueKind != JsonValueKind.Object)
            {
                Error(where, "must be an object { \"compatible\": \"vendor,part\", ... }");
                return null;
            }

            if (!part.TryGetProperty("compatible", out var c) || c.ValueKind != JsonValueKind.String)
            {
                Error($"{where}.compatible", $"required, one of {PartCatalog.Names}");
                return null;
            }

            var type = PartCatalog.Find(c.GetString());
            if (type == null)
            {
                Error($"{where}.compatible", $"unknown part '{c.GetString()}'; known parts are {PartCatalog.Names}");
                return null;
            }

            int errors = Errors.Count;
            NoDuplicates(part, where);
            string bus = null;
            if (part.TryGetProperty("bus", out var b))
            {
                if (b.ValueKind != JsonValueKind.String || !BusPattern.IsMatch(b.GetString()!))
                {
                    Error($"{where}.bus", "a bus name like i2c0 or uart1");
                }
                else
                {
                    bus = b.GetString();
                }
            }

            int address = -1;
            bool hasAddress = part.TryGetProperty("address", out var a);
            if (hasAddress && !TryAddress(a, out address))
            {
                Error($"{where}.address", "a number 0–127 or a hex string like \"0x44\"");
            }

            if (type.Bus == "i2c")
            {
                if (!part.TryGetProperty("bus", out _))
                {
                    Error($"{where}.bus", $"required: {type.Compatible} is an I2C part (bus like i2c0)");
                }
                else if (bus != null && !bus.StartsWith("i2c", StringComparison.Ordinal))
                {
                    Error($"{where}.bus", $"{type.Compatible} is an I2C part, not on {bus}");
                }

                if (!hasAddress)
                {
                    Error($"{where}.address", $"required for an I2C part; {type.Compatible} answers on {Hex(type.Addresses)}");
                }
            }
            else
            {
                foreach (string name in new[] { "bus", "address" }.Where(n => part.TryGetProperty(n, out _)))
                {
                    Error($"{where}.{name}", $"{type.Compatible} is not on a bus; remove {name}");
                }
            }

            var properties = new List<KeyValuePair<string, string>>();
            foreach (var p in part.EnumerateObject().Where(p => p.Name is not ("compatible" or "bus" or "address")))
            {
                var spec = type.Properties.FirstOrDefault(x => x.Name == p.Name);
                if (spec == null)
                {
                    string allowed = type.Properties.Count == 0 ? "none" : string.Join(", ", type.Properties.Select(x => x.Name));
                    Error($"{where}.{p.Name}", $"unknown property of {type.Compatible} (its properties: {allowed})");
                    continue;
                }

                string value = PropertyValue(p.Value, spec, $"{where}.{p.Name}");
                if (value != null)
                {
                    properties.Add(new(p.Name, value));
                }
            }

            foreach (var spec in type.Properties.Where(s => s.Required && !part.TryGetProperty(s.Name, out _)))
            {
                Error($"{where}.{spec.Name}", $"required for {type.Compatible}: {spec.Description}");
            }

            return Errors.Count > errors ? null : new BoardPartEntry(type.Compatible, bus, address) { Properties = properties };
        }

        private string PropertyValue(JsonElement v, PartProperty spec, string field)
        {
            switch (spec.Type)
            {
                case PartPropertyType.String:
                    if (v.ValueKind == JsonValueKind.String && (spec.Values == null || spec.Values.Contains(v.GetString())))
                    {
                        return v.GetString();
                    }

                    Error(field, spec.Values == null ? "must be a string" : $"must be one of {string.Join(", ", spec.Values)}");
                    return null;
                case PartPropertyType.Integer when v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && (spec.Minimum == null || n >= spec.Minimum):
                    return n.ToString(CultureInfo.InvariantCulture);
                case PartPropertyType.Number when v.ValueKind == JsonValueKind.Number && v.GetDouble() >= (spec.Minimum ?? double.MinValue):
                    return v.GetDouble().ToString("R", CultureInfo.InvariantCulture);
                default:
                    string kind = spec.Type == PartPropertyType.Integer ? "a whole number" : "a number";
                    Error(field, spec.Minimum == null ? $"must be {kind}" : $"must be {kind} ≥ {spec.Minimum.Value.ToString(CultureInfo.InvariantCulture)}");
                    return null;
            }
        }
    }

    /// <summary>
    /// <paramref name="line"/> as one printable line: control characters a damaged file may put into a
    /// field name or value (a newline inside a key) are shown escaped, so every problem stays one line.
    /// </summary>
    public static string OneLine(string line)
    {
        if (!line.Any(char.IsControl))
        {
            return line;
        }

        var sb = new System.Text.StringBuilder(line.Length + 16);
        foreach (char c in line)
        {
            sb.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return sb.ToString();
    }

    /// <summary>"0x44, 0x45" text of addresses.</summary>
    public static string Hex(IEnumerable<int> addresses) => string.Join(", ", addresses.Select(a => "0x" + a.ToString("x2", CultureInfo.InvariantCulture)));
}
