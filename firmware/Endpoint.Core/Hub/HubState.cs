namespace Endpoint.Core.Hub
{
    /// <summary>Where the hub connection stands.</summary>
    public enum HubState
    {
        /// <summary>Not started, or stopped.</summary>
        Stopped,
        /// <summary>Connecting.</summary>
        Connecting,
        /// <summary>Connected, subscribed, announced.</summary>
        Online,
        /// <summary>Waiting before the next attempt.</summary>
        WaitingToRetry,
    }
}
