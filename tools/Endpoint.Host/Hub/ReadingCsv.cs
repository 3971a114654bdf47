using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Endpoint.Host.Hub;

/// <summary>
/// Readings as CSV (RFC 4180 quoting, one line per reading ending in LF) for spreadsheets and scripts:
/// header <c>time,device,entity,value,unit</c>, time in ISO 8601 UTC with milliseconds, fields quoted
/// only when they need it.
/// </summary>
public static class ReadingCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "time,device,entity,value,unit";

    /// <summary>One reading as a CSV line (no line break).</summary>
    public static string Line(Reading r) =>
        string.Join(',', Time(r.Time), Field(r.Device), Field(r.Entity), Field(r.Value), Field(r.Unit));

    /// <summary>The time as written in the CSV: <c>2025-01-31T12:00:00.123Z</c>.</summary>
    public static string Time(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A field, quoted when it holds a comma, a quote or a line break.</summary>
    public static string Field(string value)
    {
        value ??= "";
        if (value.IndexOfAny([',', '"', '\n', '\r']) < 0)
        {
            return value;
        }

        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>Writes the header and every reading.</summary>
    public static void Write(TextWriter output, IEnumerable<Reading> readings)
    {
        output.Write(Header);
        output.Write('\n');
        foreach (var r in readings)
        {
            output.Write(Line(r));
            output.Write('\n');
        }
    }

    /// <summary>
    /// Parses CSV written by this class back into readings (for tests and tools).
    /// </summary>
    /// <exception cref="FormatException">Not this CSV: wrong header, wrong field count, bad time or quoting.</exception>
    public static List<Reading> Parse(string text)
    {
        var rows = SplitRecords(text);
        if (rows.Count == 0 || string.Join(',', rows[0]) != Header)
        {
            throw new FormatException("the first line is not the header '" + Header + "'");
        }

        var readings = new List<Reading>();
        for (int i = 1; i < rows.Count; i++)
        {
            var f = rows[i];
            if (f.Count != 5)
            {
                throw new FormatException($"line {i + 1} has {f.Count} fields, not 5");
            }

            if (!DateTime.TryParseExact(f[0], "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            {
                throw new FormatException($"line {i + 1}: '{f[0]}' is not an ISO 8601 UTC time");
            }

            readings.Add(new Reading(time, f[1], f[2], f[3], f[4]));
        }

        return readings;
    }

    private static List<List<string>> SplitRecords(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    any = true;
                    break;
                case '"':
                    throw new FormatException($"a quote inside an unquoted field at character {i}");
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add(row);
                    row = new List<string>();
                    any = false;
                    break;
                default:
                    field.Append(c);
                    any = true;
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException("a quoted field is not closed");
        }

        if (any || field.Length > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
