using System;
using System.Collections.Generic;
using Endpoint.Host.Hub;

namespace Endpoint.Cli.Monitor;

/// <summary>
/// What changed on a device since the last look, as lines for a log or a pipe:
/// <c>plug-1 online</c>, <c>plug-1 plug 1.0.0 on esp32-devkitc</c>, <c>plug-1 relay ON</c>,
/// <c>plug-1 ota downloading 25%</c>. Telemetry is not repeated (record it with --csv).
/// </summary>
public sealed class MonitorLines
{
    private readonly Dictionary<string, ObservedDevice> _last = new(StringComparer.Ordinal);

    /// <summary>The changes of <paramref name="now"/> against the previous snapshot of the same device.</summary>
    public List<string> Changes(ObservedDevice now)
    {
        var lines = new List<string>();
        _last.TryGetValue(now.Id, out var before);
        _last[now.Id] = now;
        if (now.Online != before?.Online && now.Online.HasValue)
        {
            lines.Add($"{now.Id} {(now.Online.Value ? "online" : "offline")}");
        }

        if (now.Type != null && (now.Type != before?.Type || now.Firmware != before?.Firmware || now.Board != before?.Board))
        {
            lines.Add($"{now.Id} {now.Type} {now.Firmware} on {now.Board}");
        }

        foreach (var e in now.Entities)
        {
            if (e.State != null && !e.FromTelemetry && e.State != before?.Entity(e.Id)?.State)
            {
                lines.Add($"{now.Id} {e.Id} {StateText.Describe(e)}");
            }
        }

        if (now.Ota != null && (before?.Ota == null || now.Ota.State != before.Ota.State || now.Ota.Percent != before.Ota.Percent || now.Ota.Error != before.Ota.Error))
        {
            lines.Add($"{now.Id} ota {MonitorTable.Ota(now.Ota)}");
        }

        return lines;
    }
}
