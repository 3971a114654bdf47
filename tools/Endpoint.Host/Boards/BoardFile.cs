using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Endpoint.Core.Boards;

namespace Endpoint.Host.Boards;

/// <summary>A pin entry of a board.json.</summary>
public sealed record BoardPin(string Role, int Gpio, bool ActiveLow);

/// <summary>A part entry of a board.json: <c>{ "compatible": "sensirion,sht4x", "bus": "i2c0", "address": "0x44" }</c>.</summary>
public sealed record BoardPartEntry(string Compatible, string Bus, int Address);

/// <summary>
/// A parsed <c>boards/&lt;id&gt;/board.json</c>. Parsing reports every problem as one line naming
/// the file and the field; <see cref="ToBoardInfo"/> gives the portable view apps use.
/// </summary>
public sealed class BoardFile
{
    /// <summary>Where it was read from (for messages).</summary>
    public string Source { get; init; } = "";

    /// <summary>Board id.</summary>
    public string Id { get; init; } = "";

    /// <summary>Human name.</summary>
    public string Name { get; init; } = "";

    /// <summary>SoC.</summary>
    public string Soc { get; init; } = "";

    /// <summary>Flash size in MB.</summary>
    public int FlashMb { get; init; }

    /// <summary>nanoFramework firmware target for nanoff.</summary>
    public string NanoFrameworkTarget { get; init; } = "";

    /// <summary>Capabilities.</summary>
    public List<string> Capabilities { get; init; } = new();

    /// <summary>Pins by role, in file order.</summary>
    public List<BoardPin> Pins { get; init; } = new();

    /// <summary>Attached parts, in file order.</summary>
    public List<BoardPartEntry> Parts { get; init; } = new();

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
            board.AddPart(part.Compatible, part.Bus, part.Address);
        }

        return board;
    }

    /// <summary>Parses board JSON; throws <see cref="FormatException"/> listing every problem (one per line).</summary>
    public static BoardFile Parse(string json, string source)
    {
        var errors = new List<string>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{source}: not valid JSON: {ex.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{source}: the document must be a JSON object");
            }

            string Str(string field, bool required = true)
            {
                if (root.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0)
                {
                    return v.GetString()!;
                }

                if (required)
                {
                    errors.Add($"{source}: {field}: required, a non-empty string");
                }

                return "";
            }

            var file = new BoardFile
            {
                Source = source,
                Id = Str("id"),
                Name = Str("name"),
                Soc = Str("soc"),
                NanoFrameworkTarget = Str("nanoframework_target"),
                FlashMb = root.TryGetProperty("flash_mb", out var f) && f.ValueKind == JsonValueKind.Number && f.TryGetInt32(out int mb) ? mb : 0,
            };
            if (file.FlashMb <= 0)
            {
                errors.Add($"{source}: flash_mb: required, a positive whole number");
            }

            if (root.TryGetProperty("capabilities", out var caps))
            {
                if (caps.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"{source}: capabilities: must be an array of strings");
                }
                else
                {
                    foreach (var c in caps.EnumerateArray())
                    {
                        if (c.ValueKind == JsonValueKind.String)
                        {
                            file.Capabilities.Add(c.GetString()!);
                        }
                        else
                        {
                            errors.Add($"{source}: capabilities: must be an array of strings");
                        }
                    }
                }
            }

            if (!root.TryGetProperty("pins", out var pins) || pins.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{source}: pins: required, an object of role → {{ \"gpio\": N }}");
            }
            else
            {
                foreach (var p in pins.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.Object || !p.Value.TryGetProperty("gpio", out var g) || !g.TryGetInt32(out int gpio) || gpio < 0 || gpio > 48)
                    {
                        errors.Add($"{source}: pins.{p.Name}.gpio: required, a GPIO number 0–48");
                        continue;
                    }

                    bool activeLow = p.Value.TryGetProperty("active_low", out var al) && al.ValueKind == JsonValueKind.True;
                    file.Pins.Add(new BoardPin(p.Name, gpio, activeLow));
                }
            }

            if (root.TryGetProperty("parts", out var parts))
            {
                if (parts.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"{source}: parts: must be an array of {{ \"compatible\", \"bus\", \"address\" }}");
                }
                else
                {
                    int i = 0;
                    foreach (var part in parts.EnumerateArray())
                    {
                        string where = $"{source}: parts[{i++}]";
                        if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("compatible", out var c) || c.ValueKind != JsonValueKind.String)
                        {
                            errors.Add($"{where}.compatible: required, a \"vendor,part\" string");
                            continue;
                        }

                        string bus = part.TryGetProperty("bus", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
                        int address = -1;
                        if (part.TryGetProperty("address", out var a) && !TryAddress(a, out address))
                        {
                            errors.Add($"{where}.address: a number 0-127 or a hex string like \"0x44\"");
                            continue;
                        }

                        file.Parts.Add(new BoardPartEntry(c.GetString()!, bus, address));
                    }
                }
            }

            if (errors.Count > 0)
            {
                throw new FormatException(string.Join(Environment.NewLine, errors));
            }

            return file;
        }
    }

    private static bool TryAddress(JsonElement e, out int address)
    {
        address = -1;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int n))
        {
            address = n;
        }
        else if (e.ValueKind == JsonValueKind.String && e.GetString()!.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(e.GetString()![2..], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out int h))
        {
            address = h;
        }

        return address is >= 0 and <= 127;
    }

    /// <summary>Reads and parses a board.json file.</summary>
    public static BoardFile Load(string path) => Parse(File.ReadAllText(path), path);
}
