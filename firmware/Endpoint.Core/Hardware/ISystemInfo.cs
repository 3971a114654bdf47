namespace Endpoint.Core.Hardware
{
    /// <summary>Runtime facts reported in telemetry.</summary>
    public interface ISystemInfo
    {
        /// <summary>Free managed heap in bytes.</summary>
        long FreeMemory { get; }

        /// <summary>Why the device last started: power_on, software, watchdog, brownout, deep_sleep, panic, unknown.</summary>
        string ResetReason { get; }
    }
}
