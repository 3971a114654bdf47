namespace Endpoint.Core.Net
{
    /// <summary>Station link state.</summary>
    public enum WifiState
    {
        /// <summary>Not associated.</summary>
        Disconnected,
        /// <summary>Joining a network.</summary>
        Connecting,
        /// <summary>Associated with an IP address.</summary>
        Connected,
        /// <summary>The last join failed (wrong password, network not found).</summary>
        Failed,
    }
}
