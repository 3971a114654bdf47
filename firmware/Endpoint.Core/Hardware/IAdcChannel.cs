namespace Endpoint.Core.Hardware
{
    /// <summary>One ADC input (System.Device.Adc's AdcChannel on the device).</summary>
    public interface IAdcChannel
    {
        /// <summary>Raw reading, 0 … <see cref="MaxValue"/>.</summary>
        int ReadRaw();

        /// <summary>Full-scale raw value (4095 for the ESP32's 12-bit ADC).</summary>
        int MaxValue { get; }

        /// <summary>Voltage at full scale, in millivolts, for the configured attenuation.</summary>
        int FullScaleMillivolts { get; }
    }
}
