namespace Endpoint.Core.Hub
{
    /// <summary>Hub protocol settings (DESIGN.md §5) with the defaults a Home Assistant user expects.</summary>
    public sealed class HubOptions
    {
        /// <summary>First topic level of every device topic.</summary>
        public string TopicPrefix = "endpoint";

        /// <summary>Home Assistant discovery prefix.</summary>
        public string DiscoveryPrefix = "homeassistant";

        /// <summary>Publish Home Assistant discovery configs.</summary>
        public bool Discovery = true;

        /// <summary>
        /// Discovery configs name the status topic as the entities' availability. A device that sleeps
        /// between reports turns this off and lets its readings expire (<c>expire_after</c>) instead,
        /// so Home Assistant does not flap to unavailable on every sleep.
        /// </summary>
        public bool Availability = true;

        /// <summary>
        /// On connect, skip the description and discovery documents when they are byte-for-byte those
        /// already announced (<see cref="HubClient.AnnouncedHash"/>): the broker still holds them retained.
        /// For devices that wake, report and sleep; a device that stays connected re-announces on every
        /// connect, since a restarted broker may have lost them.
        /// </summary>
        public bool SkipUnchangedAnnouncements;

        /// <summary>Telemetry period.</summary>
        public long TelemetryIntervalMs = 60000;

        /// <summary>Largest command payload accepted; larger ones are refused with an error.</summary>
        public int MaxCommandBytes = 1024;

        /// <summary>Messages kept while offline.</summary>
        public int OfflineQueueCapacity = 32;

        /// <summary>First reconnect delay.</summary>
        public long BackoffInitialMs = 1000;

        /// <summary>Cap on reconnect delays.</summary>
        public long BackoffMaxMs = 60000;

        /// <summary>
        /// Delay after the broker refused the connection (bad credentials, not authorized): retrying
        /// sooner cannot succeed and only floods the broker's log.
        /// </summary>
        public long RefusedRetryMs = 300000;
    }
}
