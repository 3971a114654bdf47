using System;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Runtime;

/// <summary>A clock that moves only when told to: tests and deterministic simulations step time by hand.</summary>
public sealed class ManualClock : IClock
{
    private long _uptimeMs;

    /// <summary>Creates a clock at uptime 0 and the given wall-clock start.</summary>
    public ManualClock(DateTime? start = null)
    {
        Start = start ?? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    }

    /// <summary>Wall-clock time at uptime 0.</summary>
    public DateTime Start { get; }

    /// <inheritdoc />
    public long UptimeMs => System.Threading.Interlocked.Read(ref _uptimeMs);

    /// <inheritdoc />
    public DateTime UtcNow => Start.AddMilliseconds(UptimeMs);

    /// <summary>Moves time forward.</summary>
    public void Advance(long ms) => System.Threading.Interlocked.Add(ref _uptimeMs, ms);
}
