using System;
using System.Collections.Generic;
using System.Globalization;

namespace Endpoint.Host.Hub;

/// <summary>
/// One value an endpoint reported: an entity state (<c>relay</c> = <c>ON</c>, <c>temperature</c> =
/// <c>21.5</c> °C), a member of a JSON state (<c>light.brightness</c>) or a numeric telemetry field
/// (<c>rssi</c> = <c>-61</c> dBm). <see cref="Unit"/> comes from the device's description, empty when it has none.
/// </summary>
public sealed record Reading(DateTime Time, string Device, string Entity, string Value, string Unit)
{
    /// <summary>The value as a number: numbers as they are, ON/OFF as 1/0; null for other text.</summary>
    public double? Number => ParseNumber(Value);

    /// <summary>Parses a reported value as a number (ON/OFF, true/false as 1/0).</summary>
    public static double? ParseNumber(string value)
    {
        if (value == null)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
        {
            return d;
        }

        return value.ToUpperInvariant() switch
        {
            "ON" or "TRUE" => 1,
            "OFF" or "FALSE" => 0,
            _ => null,
        };
    }
}

/// <summary>An entity of an observed device, as its description declares it, with its last state.</summary>
public sealed record ObservedEntity
{
    /// <summary>Entity id (<c>relay</c>, <c>temperature</c>).</summary>
    public string Id { get; init; }

    /// <summary>Name for people.</summary>
    public string Name { get; init; }

    /// <summary>Home Assistant component: switch, light, sensor, binary_sensor, select, number, button, event; <c>unknown</c> before the description arrived.</summary>
    public string Kind { get; init; } = "unknown";

    /// <summary>Unit of measurement, or null.</summary>
    public string Unit { get; init; }

    /// <summary>Takes commands on <see cref="CommandTopic"/>.</summary>
    public bool Writable { get; init; }

    /// <summary><c>config</c>, <c>diagnostic</c> or null (a primary entity).</summary>
    public string Category { get; init; }

    /// <summary>Home Assistant device class, or null.</summary>
    public string DeviceClass { get; init; }

    /// <summary>True for readings carried in the telemetry document (rssi, uptime).</summary>
    public bool FromTelemetry { get; init; }

    /// <summary>Options of a select, or null.</summary>
    public IReadOnlyList<string> Options { get; init; }

    /// <summary>Lowest value (number, sensor), or null.</summary>
    public double? Min { get; init; }

    /// <summary>Highest value (number, sensor), or null.</summary>
    public double? Max { get; init; }

    /// <summary>Brightness scale of a light in the JSON schema, or null when it has no brightness.</summary>
    public int? BrightnessScale { get; init; }

    /// <summary>Where commands go, or null.</summary>
    public string CommandTopic { get; init; }

    /// <summary>The last state payload as text, or null.</summary>
    public string State { get; init; }

    /// <summary>When <see cref="State"/> arrived.</summary>
    public DateTime? StateAt { get; init; }

    /// <summary>A primary reading or control (not config, not diagnostic, not a momentary button or event).</summary>
    public bool IsPrimary => Category == null && Kind is not ("button" or "event" or "unknown");
}

/// <summary>OTA progress as the device reports it on <c>ota/status</c>.</summary>
public sealed record OtaProgress(string State, int? Percent, long? Done, long? Total, string Version, string Error, DateTime At);

/// <summary>Everything the hub knows about one endpoint, at one moment (an immutable snapshot).</summary>
public sealed record ObservedDevice
{
    /// <summary>Device id.</summary>
    public string Id { get; init; }

    /// <summary>Name for people (from the description), or the id.</summary>
    public string Name { get; init; }

    /// <summary>App type (plug, light, sensor), or null before the description arrived.</summary>
    public string Type { get; init; }

    /// <summary>Board id, or null.</summary>
    public string Board { get; init; }

    /// <summary>Firmware version (description, else telemetry), or null.</summary>
    public string Firmware { get; init; }

    /// <summary>True/false from the retained status; null when no status was seen.</summary>
    public bool? Online { get; init; }

    /// <summary>When the last message of this device arrived.</summary>
    public DateTime? LastSeen { get; init; }

    /// <summary>Wi-Fi signal from the last telemetry, dBm.</summary>
    public int? Rssi { get; init; }

    /// <summary>Entities in description order (states seen before the description come last, kind unknown).</summary>
    public IReadOnlyList<ObservedEntity> Entities { get; init; } = Array.Empty<ObservedEntity>();

    /// <summary>The last telemetry document's members as text.</summary>
    public IReadOnlyDictionary<string, string> Telemetry { get; init; } = new Dictionary<string, string>();

    /// <summary>The last OTA status, or null.</summary>
    public OtaProgress Ota { get; init; }

    /// <summary>The entity with <paramref name="id"/>, or null.</summary>
    public ObservedEntity Entity(string id)
    {
        foreach (var e in Entities)
        {
            if (e.Id == id)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>The primary states in one short line: <c>relay ON · temperature 21.5 °C</c>.</summary>
    public string MainReadings
    {
        get
        {
            var parts = new List<string>();
            foreach (var e in Entities)
            {
                if (e.IsPrimary && !e.FromTelemetry && e.State != null)
                {
                    parts.Add(e.Id + " " + StateText.Describe(e));
                }
            }

            return string.Join(" · ", parts);
        }
    }
}
