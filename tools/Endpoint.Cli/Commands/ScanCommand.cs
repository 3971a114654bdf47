using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using Endpoint.Cli.CommandLine;
using Endpoint.Core.Ble;
using Endpoint.Host.Ble;

namespace Endpoint.Cli.Commands;

/// <summary><c>endpoint scan</c>: lists the advertisements on the simulated BLE air, like a scanner next to the devices.</summary>
public static class ScanCommand
{
    public const string Help = """
        usage: endpoint scan [--for DURATION] [--json] [--key HEX]

        Listens to the simulated BLE air: the advertisements of every simulated endpoint on this
        machine ('endpoint sim'), as a scanner next to the devices would hear them, with their
        BTHome v2 readings and Improv Wi-Fi state decoded.

          --for DURATION   stop after DURATION: 10s, 500ms, 2m, 1h (default: until Ctrl-C)
          --json           one JSON object per advertisement per line, with the raw advertising
                           data as hex ("data")
          --key HEX        BTHome bind key, 32 hex digits, to decrypt encrypted advertisements

        Without --json a line is printed when a device is first heard or its advertisement changes;
        with --json every advertisement heard is printed. The air folder is $ENDPOINT_AIR, else
        $XDG_RUNTIME_DIR/endpoint-air, else <temp>/endpoint-air-<uid>.
        """;

    private static readonly OptionSpec[] Options =
    [
        new("for"), new("json", TakesValue: false), new("key"), new("help", TakesValue: false),
    ];

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // Units such as °C stay readable; the output is a terminal or a pipe, never HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static int Run(string[] args)
    {
        var a = ParsedArgs.Parse("endpoint scan", args, Options);
        if (a.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        a.AtMostPositionals(0);
        TimeSpan? duration = null;
        if (a.Has("for"))
        {
            try
            {
                duration = ParseDuration(a.Get("for"));
            }
            catch (FormatException ex)
            {
                throw new UsageException("endpoint scan: --for: " + ex.Message);
            }
        }

        var decoder = new BthomeDecoder();
        if (a.Has("key"))
        {
            decoder.SetBindKey(ParseKey(a.Get("key")));
        }

        bool json = a.Has("json");
        string directory = AirDirectory.Default();
        using var listener = new AirListener(directory);
        using var stop = new ManualResetEventSlim(false);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Set();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            string span = duration is { } d ? "for " + FormatDuration(d) : "until Ctrl-C";
            (json ? Console.Error : Console.Out).WriteLine($"Scanning the simulated BLE air ({directory}) {span}");
            int heard = Listen(listener, decoder, json, duration, stop, Console.Out);
            if (heard == 0)
            {
                Console.Error.WriteLine("endpoint scan: no advertisement heard; is an 'endpoint sim' running?");
            }

            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// Parses a duration: a whole number and a unit, <c>ms</c>, <c>s</c>, <c>m</c> or <c>h</c>
    /// (<c>500ms</c>, <c>10s</c>, <c>2m</c>). Throws <see cref="FormatException"/> with a one-line reason.
    /// </summary>
    public static TimeSpan ParseDuration(string text)
    {
        text = text?.Trim() ?? "";
        int digits = 0;
        while (digits < text.Length && text[digits] is >= '0' and <= '9')
        {
            digits++;
        }

        string unit = text[digits..];
        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
        {
            throw new FormatException($"'{text}' is not a duration; write a whole number and a unit, like 10s, 500ms or 2m");
        }

        long unitMs = unit switch
        {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            "" => throw new FormatException($"'{text}' has no unit; write ms, s, m or h (10s, 500ms, 2m)"),
            _ => throw new FormatException($"'{text}': unknown unit '{unit}'; use ms, s, m or h"),
        };

        const long MaxMs = 7L * 24 * 3_600_000;
        if (n == 0 || n > MaxMs / unitMs)
        {
            throw new FormatException($"'{text}' must be more than 0 and at most 7 days");
        }

        long ms = n * unitMs;
        return TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>One advertisement as a JSON object on one line.</summary>
    public static string ToJson(ScannedAdvertisement ad)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOptions))
        {
            var d = ad.Datagram;
            w.WriteStartObject();
            w.WriteString("time", d.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("address", d.Address);
            if (ad.Name != null)
            {
                w.WriteString("name", ad.Name);
            }
            else
            {
                w.WriteNull("name");
            }

            w.WriteNumber("rssi", d.Rssi);
            w.WriteBoolean("connectable", d.Connectable);
            w.WriteString("data", Convert.ToHexString(d.Data).ToLowerInvariant());
            if (ad.Error != null)
            {
                w.WriteString("error", ad.Error);
            }

            w.WritePropertyName("bthome");
            if (ad.Bthome == null)
            {
                w.WriteNullValue();
            }
            else
            {
                WriteBthome(w, ad.Bthome);
            }

            w.WritePropertyName("improv");
            if (ad.Improv == null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStartObject();
                w.WriteString("state", ad.Improv.StateName ?? $"0x{ad.Improv.State:X2}");
                w.WriteNumber("capabilities", ad.Improv.Capabilities);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>One advertisement as a human-readable line.</summary>
    public static string ToLine(ScannedAdvertisement ad)
    {
        var d = ad.Datagram;
        var line = new StringBuilder();
        line.Append(d.Time.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append("  ");
        line.Append(d.Address).Append("  ");
        line.Append(d.Rssi.ToString(CultureInfo.InvariantCulture).PadLeft(4)).Append(" dBm  ");
        line.Append(ad.Name == null ? "(no name)" : ad.Name + (ad.NameShortened ? "…" : ""));
        var parts = new List<string>();
        if (ad.Error != null)
        {
            parts.Add("malformed: " + ad.Error);
        }

        if (ad.Bthome is { } b)
        {
            var readings = new List<string>();
            foreach (var r in b.Readings)
            {
                readings.Add(Describe(r));
            }

            string head = $"BTHome v{b.Version}" + (b.PacketId is { } id ? $" #{id}" : "") + (b.Encrypted ? " encrypted" : "") + (b.Trigger ? " trigger" : "");
            if (b.Error != null)
            {
                readings.Add(b.Error + (b.Counter is { } c ? $" (counter {c})" : ""));
            }

            parts.Add(head + (readings.Count > 0 ? ": " + string.Join(", ", readings) : ""));
        }

        if (ad.Improv is { } im)
        {
            parts.Add("Improv " + (im.StateName ?? $"state 0x{im.State:X2}").Replace('_', ' ')
                + ((im.Capabilities & ImprovServiceData.CapabilityIdentify) != 0 ? ", identify" : ""));
        }
        else if (ad.ImprovService)
        {
            parts.Add("Improv service");
        }

        if (parts.Count > 0)
        {
            line.Append("  ").Append(string.Join("  ·  ", parts));
        }

        return line.ToString();
    }

    /// <summary>Prints advertisements until <paramref name="duration"/> ends or <paramref name="stop"/> is set; returns how many were heard.</summary>
    public static int Listen(AirListener listener, BthomeDecoder decoder, bool json, TimeSpan? duration, ManualResetEventSlim stop, TextWriter output)
    {
        var deadline = duration is { } d ? DateTime.UtcNow + d : DateTime.MaxValue;
        var lastData = new Dictionary<string, string>(StringComparer.Ordinal);
        int heard = 0;
        while (!stop.IsSet)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            var datagram = listener.Receive(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            if (datagram == null)
            {
                continue;
            }

            heard++;
            var ad = ScannedAdvertisement.Decode(datagram, decoder);
            if (json)
            {
                output.WriteLine(ToJson(ad));
                continue;
            }

            // A device repeats its advertisement every interval: print it again only when it changed. A device that
            // takes turns between BTHome and Improv (while it is being provisioned) is followed per kind, so the
            // turns alone print nothing.
            string hex = Convert.ToHexString(datagram.Data);
            string key = datagram.Address + (ad.Improv != null || ad.ImprovService ? "/improv" : "");
            if (lastData.TryGetValue(key, out var previous) && previous == hex)
            {
                continue;
            }

            lastData[key] = hex;
            output.WriteLine(ToLine(ad));
        }

        output.Flush();
        return heard;
    }

    private static void WriteBthome(Utf8JsonWriter w, BthomeReport b)
    {
        w.WriteStartObject();
        w.WriteNumber("version", b.Version);
        w.WriteBoolean("encrypted", b.Encrypted);
        w.WriteBoolean("trigger", b.Trigger);
        if (b.PacketId is { } id)
        {
            w.WriteNumber("packet_id", id);
        }

        if (b.Counter is { } counter)
        {
            w.WriteNumber("counter", counter);
        }

        if (b.Error != null)
        {
            w.WriteString("error", b.Error);
        }

        w.WriteStartArray("readings");
        foreach (var r in b.Readings)
        {
            w.WriteStartObject();
            w.WriteString("type", r.Type);
            w.WriteNumber("object_id", r.ObjectId);
            switch (r.Kind)
            {
                case BthomeObjectKind.Binary:
                    w.WriteBoolean("value", r.State);
                    break;
                case BthomeObjectKind.Event:
                    w.WriteString("event", r.Event);
                    if (r.ObjectId == BthomeObjects.Dimmer)
                    {
                        w.WriteNumber("steps", r.Steps);
                    }

                    break;
                case BthomeObjectKind.Text:
                case BthomeObjectKind.Raw:
                case BthomeObjectKind.Timestamp:
                    w.WriteString("value", r.Text);
                    break;
                default:
                    w.WriteNumber("value", r.Number);
                    if (r.Unit != null)
                    {
                        w.WriteString("unit", r.Unit);
                    }

                    break;
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Describe(BthomeReading r)
    {
        switch (r.Kind)
        {
            case BthomeObjectKind.Binary:
                return r.Type.Replace('_', ' ') + " " + BinaryWord(r.Type, r.State);
            case BthomeObjectKind.Event:
                return r.Type + " " + r.Event.Replace('_', ' ') + (r.ObjectId == BthomeObjects.Dimmer ? $" {r.Steps} steps" : "");
            case BthomeObjectKind.Text:
            case BthomeObjectKind.Raw:
            case BthomeObjectKind.Timestamp:
                return r.Type + " " + r.Text;
            default:
                string number = r.Number.ToString("F" + r.Decimals, CultureInfo.InvariantCulture);
                return r.Type.Replace('_', ' ') + " " + number + (r.Unit != null ? " " + r.Unit : "");
        }
    }

    // Home Assistant's wording for binary sensor device classes.
    private static string BinaryWord(string type, bool on) => type switch
    {
        "opening" or "door" or "garage_door" or "window" => on ? "open" : "closed",
        "motion" or "occupancy" or "presence" or "moving" or "vibration" or "smoke" or "gas" or "carbon_monoxide"
            or "moisture" or "sound" or "tamper" or "problem" => on ? "detected" : "clear",
        "battery_low" => on ? "low" : "normal",
        "battery_charging" => on ? "charging" : "not charging",
        _ => on ? "on" : "off",
    };

    private static byte[] ParseKey(string hex)
    {
        // The key is a secret: the error message never repeats it.
        if (hex.Length != 32)
        {
            throw new UsageException("endpoint scan: --key must be 32 hex digits (a 16-byte BTHome bind key)");
        }

        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new UsageException("endpoint scan: --key must be 32 hex digits (a 16-byte BTHome bind key)");
        }
    }

    private static string FormatDuration(TimeSpan d) =>
        d.TotalMilliseconds < 1000 ? $"{d.TotalMilliseconds:0} ms" : $"{d.TotalSeconds:0.###} s";
}
