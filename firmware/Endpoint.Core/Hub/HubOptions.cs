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
