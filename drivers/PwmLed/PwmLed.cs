using Endpoint.Core.Hardware;
using Endpoint.Core.Light;

namespace Endpoint.Drivers.PwmLed
{
    /// <summary>
    /// One dimmable LED channel on a PWM output (an LED strip behind a MOSFET, a lamp's LED driver input).
    /// Brightness is perceptual, as Home Assistant sends it (0 … 255), and goes through the CIE 1931
    /// lightness curve (<see cref="Lightness"/>) to a duty cycle that is linear in emitted light, so equal
    /// steps look equal and a fade looks even.
    /// </summary>
    public sealed class PwmLed
    {
        private readonly IPwmChannel _channel;
        private readonly bool _activeLow;
        private double _level;

        /// <summary>Takes a started PWM channel and switches the LED off. <paramref name="activeLow"/>: lit when the pin is low.</summary>
        public PwmLed(IPwmChannel channel, bool activeLow)
        {
            _channel = channel;
            _activeLow = activeLow;
            SetLinear(0);
        }

        /// <summary>Emitted light 0.0 … 1.0 (linear), as last set.</summary>
        public double Level
        {
            get { return _level; }
        }

        /// <summary>Sets perceived brightness 0 … 255 (fractions allowed, for fades); 0 is off.</summary>
        public void SetBrightness(double brightness)
        {
            SetLinear(Lightness.ToLinear(brightness));
        }

        /// <summary>Sets emitted light 0.0 … 1.0 directly (already linear, e.g. one channel of a white mix); clamped.</summary>
        public void SetLinear(double level)
        {
            level = level < 0 ? 0 : (level > 1 ? 1 : level);
            _level = level;
            _channel.DutyCycle = _activeLow ? 1 - level : level;
        }
    }
}
