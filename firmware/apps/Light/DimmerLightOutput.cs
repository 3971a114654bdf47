using Endpoint.Drivers.PwmLed;

namespace Endpoint.Apps.Light
{
    /// <summary>A single-channel dimmable light on one PWM output.</summary>
    public sealed class DimmerLightOutput : ILightOutput
    {
        private readonly PwmLed _led;

        /// <summary>Drives <paramref name="led"/>.</summary>
        public DimmerLightOutput(PwmLed led)
        {
            _led = led;
        }

        /// <inheritdoc />
        public void Show(LightFrame frame)
        {
            _led.SetBrightness(frame.Brightness);
        }
    }
}
