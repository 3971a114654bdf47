using System;

namespace Endpoint.Device
{
    /// <summary>
    /// GPIO → nanoFramework ADC channel numbers for the ESP32 (classic) target.
    /// </summary>
    /// <remarks>
    /// nanoFramework exposes the ESP32's two SAR ADCs as one logical controller
    /// (nf-interpreter targets/ESP32/_nanoCLR/System.Device.Adc): channels 0–7 are ADC1_CH0–7
    /// (GPIO 36, 37, 38, 39, 32, 33, 34, 35 per the ESP32 datasheet), 8 and 9 the internal temperature and
    /// Hall sensors, 10–19 ADC2_CH0–9 (GPIO 4, 0, 2, 15, 13, 12, 14, 27, 25, 26). ADC2 is owned by the
    /// Wi-Fi driver while Wi-Fi is on, so Wi-Fi endpoints should put analog parts on ADC1 (GPIO 32–39).
    /// ESP32-C3/S2/S3 number their ADC pins differently; this table is for the ESP32 only.
    /// </remarks>
    public static class Esp32Adc
    {
        /// <summary>Full-scale input at 11/12 dB attenuation, in millivolts (uncalibrated; non-linear above ~2450 mV).</summary>
        public const int FullScaleMillivolts = 3100;

        // Index = nanoFramework channel, value = GPIO; -1 = internal sensor, no pin.
        private static readonly int[] ChannelGpio =
        {
            36, 37, 38, 39, 32, 33, 34, 35, -1, -1,
            4, 0, 2, 15, 13, 12, 14, 27, 25, 26,
        };

        /// <summary>The nanoFramework ADC channel for <paramref name="gpio"/>.</summary>
        /// <exception cref="ArgumentException">The GPIO has no ADC input on the ESP32.</exception>
        public static int ChannelForGpio(int gpio)
        {
            if (gpio >= 0)
            {
                for (int channel = 0; channel < ChannelGpio.Length; channel++)
                {
                    if (ChannelGpio[channel] == gpio)
                    {
                        return channel;
                    }
                }
            }

            throw new ArgumentException(
                "GPIO " + gpio + " has no ADC input on the ESP32; analog pins are GPIO 32-39 (ADC1) and "
                + "0, 2, 4, 12-15, 25-27 (ADC2, unusable while Wi-Fi is on)");
        }
    }
}
