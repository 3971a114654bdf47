namespace Endpoint.Core.Ota
{
    /// <summary>Timing of the OTA component (defaults suit a device on Wi-Fi).</summary>
    public sealed class OtaOptions
    {
        /// <summary>A trial app not online with the hub within this time reboots, to count another trial boot.</summary>
        public long TrialTimeoutMs = 180000;

        /// <summary>A block request unanswered this long is sent again.</summary>
        public long RequestTimeoutMs = 10000;

        /// <summary>No block for this long while online: the download stops (a new offer resumes it).</summary>
        public long StallTimeoutMs = 300000;

        /// <summary>Least time between two progress messages.</summary>
        public long StatusIntervalMs = 1000;

        /// <summary>Pause between "rebooting" and the reboot, so the message leaves.</summary>
        public long RebootDelayMs = 500;
    }
}
