using System;
using System.Diagnostics;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Runtime;

/// <summary>The host's real clock: uptime from a monotonic stopwatch started at creation.</summary>
public sealed class SystemClock : IClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public long UptimeMs => (long)Stopwatch.GetElapsedTime(_start).TotalMilliseconds;

    /// <inheritdoc />
    public DateTime UtcNow => DateTime.UtcNow;
}
