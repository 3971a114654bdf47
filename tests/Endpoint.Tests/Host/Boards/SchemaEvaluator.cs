using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Endpoint.Tests.Host.Boards;

/// <summary>
/// An evaluator of the JSON Schema (draft 2020-12) keywords boards/board.schema.json uses, to hold the schema
/// file and BoardFile's hand-written checks to the same verdicts (no JSON Schema validator package is in
/// the registry this project can reach). It refuses keywords it does not implement, so the schema cannot
/// quietly grow beyond what the test checks.
/// </summary>
public sealed class SchemaEvaluator(JsonElement root)
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "$defs"];
    private static readonly HashSet<string> Supported =
    [
        "$ref", "type", "enum", "const", "required", "properties", "additionalProperties", "propertyNames", "pattern",
        "minimum", "maximum", "minLength", "items", "uniqueItems", "anyOf", "allOf", "oneOf", "if", "then", "else",
    ];

    /// <summary>The places where <paramref name="instance"/> breaks the schema (empty: valid).</summary>
    public List<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Check(root, instance, "$", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: not allowed");
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Supported.Contains(keyword.Name) && !Annotations.Contains(keyword.Name))
            {
                throw new NotSupportedException($"schema keyword '{keyword.Name}' is not implemented by the test evaluator");
            }
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(Resolve(reference.GetString()), value, path, errors);
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            errors.Add($"{path}: wrong type");
        }

        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => JsonEquals(o, value)))
        {
            errors.Add($"{path}: not one of the enum values");
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonEquals(constant, value))
        {
            errors.Add($"{path}: not the const value");
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(schema, value, path, errors);
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            if (schema.TryGetProperty("items", out var items))
            {
                int i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(items, item, $"{path}[{i++}]", errors);
                }
            }

            if (schema.TryGetProperty("uniqueItems", out var unique) && unique.GetBoolean())
            {
                var list = value.EnumerateArray().ToList();
                if (list.Where((a, i) => list.Skip(i + 1).Any(b => JsonEquals(a, b))).Any())
                {
                    errors.Add($"{path}: items are not unique");
                }
            }
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            string s = value.GetString()!;
            if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(s, pattern.GetString()!))
            {
                errors.Add($"{path}: does not match {pattern.GetString()}");
            }

            if (schema.TryGetProperty("minLength", out var minLength) && s.Length < minLength.GetInt32())
            {
                errors.Add($"{path}: too short");
            }
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            double n = value.GetDouble();
            if (schema.TryGetProperty("minimum", out var min) && n < min.GetDouble())
            {
                errors.Add($"{path}: below the minimum");
            }

            if (schema.TryGetProperty("maximum", out var max) && n > max.GetDouble())
            {
                errors.Add($"{path}: above the maximum");
            }
        }

        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var sub in allOf.EnumerateArray())
            {
                Check(sub, value, path, errors);
            }
        }

        if (schema.TryGetProperty("anyOf", out var anyOf) && !anyOf.EnumerateArray().Any(sub => Valid(sub, value)))
        {
            errors.Add($"{path}: matches none of anyOf");
        }

        if (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Count(sub => Valid(sub, value)) != 1)
        {
            errors.Add($"{path}: does not match exactly one of oneOf");
        }

        if (schema.TryGetProperty("if", out var condition))
        {
            string branch = Valid(condition, value) ? "then" : "else";
            if (schema.TryGetProperty(branch, out var sub))
            {
                Check(sub, value, path, errors);
            }
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
            {
                errors.Add($"{path}.{name}: required");
            }
        }

        var declared = new HashSet<string>();
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var p in properties.EnumerateObject())
            {
                declared.Add(p.Name);
                if (value.TryGetProperty(p.Name, out var v))
                {
                    Check(p.Value, v, $"{path}.{p.Name}", errors);
                }
            }
        }

        foreach (var p in value.EnumerateObject())
        {
            if (schema.TryGetProperty("propertyNames", out var names))
            {
                Check(names, JsonDocument.Parse(JsonSerializer.Serialize(p.Name)).RootElement, $"{path}.{p.Name} (name)", errors);
            }

            if (!declared.Contains(p.Name) && schema.TryGetProperty("additionalProperties", out var additional))
            {
                Check(additional, p.Value, $"{path}.{p.Name}", errors);
            }
        }
    }

    private bool Valid(JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(schema, value, "", errors);
        return errors.Count == 0;
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"only local references are implemented: {reference}");
        }

        var node = root;
        foreach (string part in reference[2..].Split('/'))
        {
            node = node.GetProperty(part);
        }

        return node;
    }

    private static bool TypeMatches(JsonElement type, JsonElement value)
    {
        var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()) : [type.GetString()];
        return types.Any(t => t switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "number" => value.ValueKind == JsonValueKind.Number,
            "integer" => value.ValueKind == JsonValueKind.Number && value.GetDouble() == Math.Floor(value.GetDouble()),
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            _ => throw new NotSupportedException($"type {t}"),
        });
    }

    private static bool JsonEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
        {
            return a.GetDouble() == b.GetDouble();
        }

        return a.ValueKind == b.ValueKind && a.ValueKind switch
        {
            JsonValueKind.String => a.GetString() == b.GetString(),
            JsonValueKind.Array => a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => JsonEquals(p.First, p.Second)),
            JsonValueKind.Object => a.EnumerateObject().Count() == b.EnumerateObject().Count()
                && a.EnumerateObject().All(p => b.TryGetProperty(p.Name, out var q) && JsonEquals(p.Value, q)),
            _ => true,
        };
    }
}
