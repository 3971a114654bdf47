namespace Endpoint.Core.Hardware
{
    /// <summary>
    /// Counts rising edges on an input pin in hardware (the ESP32 PCNT peripheral on the device), so
    /// pulse trains of kilohertz cost the CPU nothing. Readers take differences between two reads.
    /// </summary>
    public interface IPulseCounter
    {
        /// <summary>Rising edges since the counter was opened; never decreases.</summary>
        long Read();
    }
}
