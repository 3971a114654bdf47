namespace Endpoint.Core.Hardware
{
    /// <summary>Low-power states (nanoFramework.Hardware.Esp32 Sleep on the device).</summary>
    public interface IPowerControl
    {
        /// <summary>
        /// Enters deep sleep for <paramref name="durationMs"/>; the device then boots again from reset
        /// with reset reason <c>deep_sleep</c>. On the device this does not return.
        /// </summary>
        void DeepSleep(long durationMs);
    }
}
