using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Endpoint.Host.Hub;

/// <summary>
/// Turns state payloads into readings and short text, generically: a plain payload is one value;
/// a JSON object (the Home Assistant JSON light schema) gives one value per scalar member, its
/// <c>state</c> member under the entity's own id and the others as <c>entity.member</c>.
/// </summary>
public static class StateText
{
    /// <summary>The (entity, value) pairs a state payload holds.</summary>
    public static List<KeyValuePair<string, string>> Flatten(string entity, string payload)
    {
        var values = new List<KeyValuePair<string, string>>();
        if (payload.Length > 0 && payload[0] == '{' && TryParseObject(payload, out var doc))
        {
            using (doc)
            {
                foreach (var member in doc.RootElement.EnumerateObject())
                {
                    string value = Scalar(member.Value);
                    if (value != null)
                    {
                        values.Add(new(member.Name == "state" ? entity : entity + "." + member.Name, value));
                    }
                }
            }

            return values;
        }

        values.Add(new(entity, payload));
        return values;
    }

    /// <summary>The state of <paramref name="e"/> for people: <c>21.5 °C</c>, <c>ON</c>, <c>ON brightness 128</c> (numbers of a JSON state only).</summary>
    public static string Describe(ObservedEntity e)
    {
        if (e.State == null)
        {
            return "";
        }

        // The state itself, then the numbers of a JSON state (brightness 128), not its labels (color_mode).
        var parts = new List<string>();
        foreach (var (key, value) in Flatten(e.Id, e.State))
        {
            if (key == e.Id)
            {
                parts.Insert(0, value);
            }
            else if (Reading.ParseNumber(value) != null && value is not ("ON" or "OFF" or "true" or "false"))
            {
                parts.Add(key[(e.Id.Length + 1)..] + " " + value);
            }
        }

        string text = string.Join(" ", parts);
        return e.Unit != null && Reading.ParseNumber(e.State) != null && e.Kind is "sensor" or "number" ? text + " " + e.Unit : text;
    }

    /// <summary>A JSON scalar as text (strings unquoted, numbers as written, booleans as true/false); null for objects and arrays.</summary>
    public static string Scalar(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>A JSON number as a double, or null.</summary>
    public static double? Number(JsonElement v) =>
        v.ValueKind == JsonValueKind.Number && double.TryParse(v.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : null;

    private static bool TryParseObject(string payload, out JsonDocument doc)
    {
        try
        {
            doc = JsonDocument.Parse(payload);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            doc.Dispose();
        }
        catch (JsonException)
        {
        }

        doc = null;
        return false;
    }
}
