using System;

namespace Endpoint.Core.Runtime
{
    /// <summary>
    /// The only source of time for portable code (DESIGN.md §3): core code never reads
    /// <c>DateTime.UtcNow</c> or a tick counter itself, so tests can drive time by hand.
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since boot. Monotonic; never goes back.</summary>
        long UptimeMs { get; }

        /// <summary>Wall-clock time in UTC (may be 1970-based until SNTP has run on a device).</summary>
        DateTime UtcNow { get; }
    }
}
