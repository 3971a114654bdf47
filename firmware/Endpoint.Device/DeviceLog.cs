using System;
using Endpoint.Core.Runtime;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="ILog"/> written to the device's debug output, one line per message:
    /// <c>[   12.345] I hub: connected</c> (uptime in seconds, level letter, tag, message).
    /// </summary>
    /// <remarks>
    /// Uses <c>System.Console.WriteLine</c> (mscorlib), which writes to the nanoFramework debug channel
    /// (Visual Studio output / serial monitor) in Debug and Release builds alike; <c>Debug.WriteLine</c>
    /// is <c>[Conditional("DEBUG")]</c> and would vanish from release firmware. Callers never pass
    /// secrets (ILog contract), so nothing is filtered here.
    /// </remarks>
    public sealed class DeviceLog : ILog
    {
        private LogLevel _minimum;

        /// <summary>Creates a log that writes <paramref name="minimum"/> and more severe levels.</summary>
        public DeviceLog(LogLevel minimum)
        {
            _minimum = minimum;
        }

        /// <summary>The least severe level written; <see cref="LogLevel.None"/> silences the log.</summary>
        public LogLevel Minimum
        {
            get { return _minimum; }
            set { _minimum = value; }
        }

        /// <inheritdoc />
        public bool IsEnabled(LogLevel level)
        {
            return level != LogLevel.None && _minimum != LogLevel.None && level >= _minimum;
        }

        /// <inheritdoc />
        public void Write(LogLevel level, string tag, string message)
        {
            if (!IsEnabled(level))
            {
                return;
            }

            // One Console.WriteLine per message, so lines from different threads never interleave.
            Console.WriteLine("[" + Uptime(Environment.TickCount64) + "] " + Letter(level) + " " + tag + ": " + message);
        }

        private static string Uptime(long ms)
        {
            string seconds = (ms / 1000).ToString();
            string millis = (ms % 1000).ToString();
            while (millis.Length < 3)
            {
                millis = "0" + millis;
            }

            while (seconds.Length < 5)
            {
                seconds = " " + seconds;
            }

            return seconds + "." + millis;
        }

        private static string Letter(LogLevel level)
        {
            switch (level)
            {
                case LogLevel.Verbose:
                    return "V";
                case LogLevel.Debug:
                    return "D";
                case LogLevel.Info:
                    return "I";
                case LogLevel.Warning:
                    return "W";
                default:
                    return "E";
            }
        }
    }
}
