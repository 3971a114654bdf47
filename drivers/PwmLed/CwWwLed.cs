using Endpoint.Core.Light;

namespace Endpoint.Drivers.PwmLed
{
    /// <summary>
    /// Tunable white from two PWM channels: cold white and warm white LEDs of known colour temperatures.
    /// A colour temperature between them is a mix whose proportion is linear in mireds (reciprocal
    /// temperature, in which mixing two white sources is close to linear), and the total light stays the
    /// same across the range (ESPHome's <c>constant_brightness</c> behaviour), so changing the white never
    /// changes how bright the lamp is.
    /// </summary>
    public sealed class CwWwLed
    {
        private readonly PwmLed _cold;
        private readonly PwmLed _warm;
        private readonly int _coldMired;
        private readonly int _warmMired;

        /// <summary>Takes the two channels and the temperatures of their LEDs (e.g. 6500 K and 2700 K).</summary>
        public CwWwLed(PwmLed cold, PwmLed warm, int coldKelvin, int warmKelvin)
        {
            _cold = cold;
            _warm = warm;
            _coldMired = ColorTemperature.KelvinToMired(coldKelvin);
            _warmMired = ColorTemperature.KelvinToMired(warmKelvin);
        }

        /// <summary>Shows perceived <paramref name="brightness"/> 0 … 255 at <paramref name="kelvin"/> (clamped to the LEDs' range).</summary>
        public void Set(double brightness, double kelvin)
        {
            double total = Lightness.ToLinear(brightness);
            double coldShare = ColdShare(kelvin);
            _cold.SetLinear(total * coldShare);
            _warm.SetLinear(total * (1 - coldShare));
        }

        /// <summary>Share of the cold channel 0.0 … 1.0 for <paramref name="kelvin"/>.</summary>
        public double ColdShare(double kelvin)
        {
            if (kelvin <= 0)
            {
                return 0;
            }

            double mired = 1000000.0 / kelvin;
            double share = (_warmMired - mired) / (_warmMired - _coldMired);
            return share < 0 ? 0 : (share > 1 ? 1 : share);
        }
    }
}
