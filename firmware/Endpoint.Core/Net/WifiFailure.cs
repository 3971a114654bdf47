namespace Endpoint.Core.Net
{
    /// <summary>Why the last join ended in <see cref="WifiState.Failed"/>.</summary>
    public enum WifiFailure
    {
        /// <summary>No failure (the last join succeeded, or none was tried).</summary>
        None,
        /// <summary>The network answered but refused the password.</summary>
        WrongPassword,
        /// <summary>No access point with that name was in range.</summary>
        NetworkNotFound,
        /// <summary>The join or the address lease took too long.</summary>
        Timeout,
        /// <summary>Any other reason (unsupported security, driver error).</summary>
        Other,
    }
}
