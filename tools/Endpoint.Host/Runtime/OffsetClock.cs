using System;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Runtime;

/// <summary>
/// Another clock shifted by a fixed offset. A simulated device's uptime restarts at every boot; the
/// world it measures does not: the world's time is the uptime plus the moment the device booted.
/// </summary>
public sealed class OffsetClock : IClock
{
    private readonly IClock _inner;
    private readonly long _offsetMs;

    /// <summary>Creates a clock reading <paramref name="inner"/> + <paramref name="offsetMs"/>.</summary>
    public OffsetClock(IClock inner, long offsetMs)
    {
        _inner = inner;
        _offsetMs = offsetMs;
    }

    /// <inheritdoc />
    public long UptimeMs => _inner.UptimeMs + _offsetMs;

    /// <inheritdoc />
    public DateTime UtcNow => _inner.UtcNow;
}
