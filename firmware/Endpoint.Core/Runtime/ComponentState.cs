namespace Endpoint.Core.Runtime
{
    /// <summary>Lifecycle of a <see cref="Component"/> (ESPHome's component states).</summary>
    public enum ComponentState
    {
        /// <summary>Created, not set up yet.</summary>
        Created,
        /// <summary>Set up and running.</summary>
        Running,
        /// <summary>Marked failed: its loop no longer runs and its entities report unavailable values.</summary>
        Failed,
    }
}
