namespace Endpoint.Core.Hardware
{
    /// <summary>Restarts the device (nanoFramework's Power.RebootDevice; the simulator restarts the endpoint).</summary>
    public interface IReboot
    {
        /// <summary>Restarts now. <paramref name="reason"/> is remembered as the next reset reason where the platform can.</summary>
        void Reboot(string reason);
    }
}
