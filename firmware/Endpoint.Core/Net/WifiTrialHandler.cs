namespace Endpoint.Core.Net
{
    /// <summary>
    /// The outcome of <see cref="NetworkComponent.TryCredentials"/>: <paramref name="joined"/> when the
    /// network accepted the credentials and they are stored; otherwise <paramref name="failure"/> says why.
    /// </summary>
    public delegate void WifiTrialHandler(bool joined, WifiFailure failure);
}
