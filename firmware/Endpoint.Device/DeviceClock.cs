using System;
using Endpoint.Core.Runtime;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IClock"/> on nanoFramework.
    /// </summary>
    /// <remarks>
    /// <see cref="UptimeMs"/> is <c>System.Environment.TickCount64</c> (nanoFramework.Runtime.Native):
    /// milliseconds since the system started, monotonic, unaffected by SNTP or RTC changes.
    /// <see cref="UtcNow"/> is <c>DateTime.UtcNow</c>, which reads 1970-based until the firmware's
    /// SNTP client has set the clock after Wi-Fi comes up.
    /// </remarks>
    public sealed class DeviceClock : IClock
    {
        /// <inheritdoc />
        public long UptimeMs
        {
            get { return Environment.TickCount64; }
        }

        /// <inheritdoc />
        public DateTime UtcNow
        {
            get { return DateTime.UtcNow; }
        }
    }
}
