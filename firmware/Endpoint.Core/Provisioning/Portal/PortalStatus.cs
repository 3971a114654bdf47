namespace Endpoint.Core.Provisioning.Portal
{
    /// <summary>What the portal page shows.</summary>
    public enum PortalStatus
    {
        /// <summary>The form (after a failed attempt: with the reason).</summary>
        Form,
        /// <summary>"Connecting…" while the device tries the network.</summary>
        Connecting,
        /// <summary>The device joined: where to find it.</summary>
        Connected,
    }
}
