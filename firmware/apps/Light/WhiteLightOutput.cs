using Endpoint.Drivers.PwmLed;

namespace Endpoint.Apps.Light
{
    /// <summary>A tunable-white light on cold and warm PWM channels.</summary>
    public sealed class WhiteLightOutput : ILightOutput
    {
        private readonly CwWwLed _led;

        /// <summary>Drives <paramref name="led"/>.</summary>
        public WhiteLightOutput(CwWwLed led)
        {
            _led = led;
        }

        /// <inheritdoc />
        public void Show(LightFrame frame)
        {
            _led.Set(frame.Brightness, frame.Kelvin);
        }
    }
}
