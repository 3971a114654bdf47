using Endpoint.Drivers.Ws2812;

namespace Endpoint.Apps.Light
{
    /// <summary>A light on a WS2812 chain: every pixel shows the colour; white temperatures as their black-body RGB.</summary>
    public sealed class PixelLightOutput : ILightOutput
    {
        private readonly Ws2812 _strip;

        /// <summary>Drives <paramref name="strip"/>.</summary>
        public PixelLightOutput(Ws2812 strip)
        {
            _strip = strip;
        }

        /// <inheritdoc />
        public void Show(LightFrame frame)
        {
            _strip.Fill(Round(frame.Red), Round(frame.Green), Round(frame.Blue));
            _strip.Brightness = frame.Brightness;
            _strip.Show();
        }

        private static int Round(double v)
        {
            return (int)System.Math.Floor(v + 0.5);
        }
    }
}
