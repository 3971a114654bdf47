using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Endpoint.Host.Hub;

namespace Endpoint.Cli.Monitor;

/// <summary>Renders the hub's devices as a fixed-width table for a terminal.</summary>
public static class MonitorTable
{
    private static readonly string[] Headers = ["ID", "TYPE", "FIRMWARE", "ONLINE", "LAST SEEN", "RSSI", "READINGS", "OTA"];

    /// <summary>
    /// The table's lines (header first) for <paramref name="devices"/>, at most <paramref name="maxRows"/>
    /// device rows (then a line saying how many more), each cut to <paramref name="width"/> characters.
    /// </summary>
    public static List<string> Render(IReadOnlyList<ObservedDevice> devices, DateTime now, int width, int maxRows)
    {
        var rows = new List<string[]>();
        int shown = Math.Min(devices.Count, Math.Max(0, maxRows));
        for (int i = 0; i < shown; i++)
        {
            var d = devices[i];
            rows.Add([
                d.Id,
                d.Type ?? "?",
                d.Firmware ?? "?",
                d.Online switch { true => "online", false => "offline", _ => "?" },
                d.LastSeen.HasValue ? Ago(now - d.LastSeen.Value) : "-",
                d.Rssi?.ToString(CultureInfo.InvariantCulture) ?? "-",
                d.MainReadings,
                Ota(d.Ota),
            ]);
        }

        // Column widths from the content; READINGS takes what is left.
        var widths = new int[Headers.Length];
        for (int c = 0; c < Headers.Length; c++)
        {
            widths[c] = Headers[c].Length;
            foreach (var r in rows)
            {
                widths[c] = Math.Max(widths[c], r[c].Length);
            }
        }

        var lines = new List<string> { Cut(Line(Headers, widths), width) };
        foreach (var r in rows)
        {
            lines.Add(Cut(Line(r, widths), width));
        }

        if (devices.Count > shown)
        {
            lines.Add($"… {devices.Count - shown} more (a taller terminal shows more; --csv records them all)");
        }

        return lines;
    }

    /// <summary>An OTA status for the table: <c>downloading 25%</c>, <c>failed: bad signature</c>.</summary>
    public static string Ota(OtaProgress ota)
    {
        if (ota == null)
        {
            return "";
        }

        string text = ota.State + (ota.Percent.HasValue && ota.State != "up-to-date" ? $" {ota.Percent}%" : "");
        return ota.Error != null ? text + ": " + ota.Error : text;
    }

    /// <summary>How long ago, for people: <c>3 s ago</c>, <c>2 min ago</c>, <c>1 h ago</c>.</summary>
    public static string Ago(TimeSpan t) =>
        t.TotalSeconds < 60 ? $"{Math.Max(0, (int)t.TotalSeconds)} s ago"
        : t.TotalMinutes < 60 ? $"{(int)t.TotalMinutes} min ago"
        : $"{(int)t.TotalHours} h ago";

    private static string Line(string[] cells, int[] widths)
    {
        var sb = new StringBuilder();
        for (int c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                sb.Append("  ");
            }

            // Numbers right-aligned (RSSI), the rest left.
            sb.Append(c == 5 ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
        }

        return sb.ToString().TrimEnd();
    }

    private static string Cut(string line, int width) => width > 1 && line.Length > width ? line[..(width - 1)] + "…" : line;
}
