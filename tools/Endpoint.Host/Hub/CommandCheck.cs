using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Endpoint.Host.Hub;

/// <summary>
/// Checks a command against what the entity's description allows before it is published, so a
/// page or a script gets a clear answer instead of a silent refusal on the device: switch
/// <c>ON</c>/<c>OFF</c>/<c>TOGGLE</c>, light JSON (<c>state</c>, <c>brightness</c> within its scale,
/// <c>color_temp</c>, <c>color</c>, <c>transition</c>), select option, number within min/max, button <c>PRESS</c>.
/// </summary>
public static class CommandCheck
{
    /// <summary>Largest command accepted (the device refuses more than 1 KiB; README "Hub protocol").</summary>
    public const int MaxBytes = 1024;

    /// <summary>Null when <paramref name="command"/> is valid for <paramref name="entity"/>; <paramref name="payload"/> is then what to publish. Otherwise why not.</summary>
    public static string Check(ObservedEntity entity, string command, out string payload)
    {
        payload = null;
        if (entity == null)
        {
            return "no such entity";
        }

        if (!entity.Writable || entity.CommandTopic == null)
        {
            return $"{entity.Id} does not take commands";
        }

        command = (command ?? "").Trim();
        if (command.Length == 0)
        {
            return "the command is empty";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(command) > MaxBytes)
        {
            return $"the command is longer than {MaxBytes} bytes";
        }

        switch (entity.Kind)
        {
            case "switch":
                string word = command.ToUpperInvariant();
                if (word is "ON" or "OFF" or "TOGGLE")
                {
                    payload = word;
                    return null;
                }

                return "a switch takes ON, OFF or TOGGLE";
            case "button":
                if (command.Equals("PRESS", StringComparison.OrdinalIgnoreCase))
                {
                    payload = "PRESS";
                    return null;
                }

                return "a button takes PRESS";
            case "select":
                foreach (string option in entity.Options ?? Array.Empty<string>())
                {
                    if (option == command)
                    {
                        payload = option;
                        return null;
                    }
                }

                return $"{entity.Id} takes one of: {string.Join(", ", entity.Options ?? Array.Empty<string>())}";
            case "number":
                if (!double.TryParse(command, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) || !double.IsFinite(n))
                {
                    return $"{entity.Id} takes a number";
                }

                if ((entity.Min.HasValue && n < entity.Min.Value) || (entity.Max.HasValue && n > entity.Max.Value))
                {
                    return $"{entity.Id} takes a number from {entity.Min} to {entity.Max}";
                }

                payload = n.ToString(CultureInfo.InvariantCulture);
                return null;
            case "light":
                return CheckLight(entity, command, out payload);
            default:
                // An entity kind this tool does not know yet: the device validates it.
                payload = command;
                return null;
        }
    }

    private static string CheckLight(ObservedEntity entity, string command, out string payload)
    {
        payload = null;
        string upper = command.ToUpperInvariant();
        if (upper is "ON" or "OFF")
        {
            payload = "{\"state\":\"" + upper + "\"}";
            return null;
        }

        JsonObject o;
        try
        {
            o = JsonNode.Parse(command) as JsonObject;
        }
        catch (JsonException)
        {
            o = null;
        }

        if (o == null)
        {
            return "a light takes ON, OFF or a JSON object like {\"state\":\"ON\",\"brightness\":128}";
        }

        foreach (var (name, value) in o)
        {
            switch (name)
            {
                case "state":
                    if (value is not JsonValue s || !s.TryGetValue(out string state) || state is not ("ON" or "OFF"))
                    {
                        return "state must be \"ON\" or \"OFF\"";
                    }

                    break;
                case "brightness":
                    if (entity.BrightnessScale == null)
                    {
                        return $"{entity.Id} has no brightness";
                    }

                    if (value is not JsonValue b || !b.TryGetValue(out int level) || level < 0 || level > entity.BrightnessScale.Value)
                    {
                        return $"brightness must be a whole number from 0 to {entity.BrightnessScale.Value}";
                    }

                    break;
                case "color_temp" or "transition":
                    if (value is not JsonValue v || !v.TryGetValue(out double d) || d < 0)
                    {
                        return $"{name} must be a number of at least 0";
                    }

                    break;
                case "color":
                    if (value is not JsonObject)
                    {
                        return "color must be an object like {\"r\":255,\"g\":0,\"b\":0}";
                    }

                    break;
                default:
                    return $"unknown light field '{name}' (state, brightness, color_temp, color, transition)";
            }
        }

        payload = o.ToJsonString();
        return null;
    }
}
