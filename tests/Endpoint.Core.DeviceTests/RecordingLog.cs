using Endpoint.Core.Runtime;

namespace Endpoint.Core.DeviceTests
{
    /// <summary>An <see cref="ILog"/> that counts errors and keeps the last message.</summary>
    public sealed class RecordingLog : ILog
    {
        /// <summary>Number of error messages written.</summary>
        public int Errors;

        /// <summary>The last message written, or null.</summary>
        public string Last;

        /// <inheritdoc />
        public bool IsEnabled(LogLevel level)
        {
            return true;
        }

        /// <inheritdoc />
        public void Write(LogLevel level, string tag, string message)
        {
            if (level == LogLevel.Error)
            {
                Errors++;
            }

            Last = tag + ": " + message;
        }
    }
}
