using System;
using Endpoint.Core.Runtime;

namespace Endpoint.Core.DeviceTests
{
    /// <summary>An <see cref="IClock"/> that only moves when the test says so.</summary>
    public sealed class ManualClock : IClock
    {
        private long _uptimeMs;

        /// <inheritdoc />
        public long UptimeMs
        {
            get { return _uptimeMs; }
        }

        /// <inheritdoc />
        public DateTime UtcNow
        {
            get { return new DateTime(2024, 1, 1).AddMilliseconds(_uptimeMs); }
        }

        /// <summary>Moves time forward by <paramref name="ms"/> milliseconds.</summary>
        public void Advance(long ms)
        {
            _uptimeMs += ms;
        }
    }
}
