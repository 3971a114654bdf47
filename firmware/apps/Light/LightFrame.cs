namespace Endpoint.Apps.Light
{
    /// <summary>
    /// What the light output shows at one instant of a fade: perceived brightness (0 is dark), the colour
    /// temperature for white outputs and the full-scale colour for RGB outputs (a colour temperature is
    /// carried as its black-body RGB too, so an RGB output can show it and fade across modes).
    /// </summary>
    public sealed class LightFrame
    {
        /// <summary>Perceived brightness 0 … 255 (fractional during fades); 0 is off.</summary>
        public double Brightness;

        /// <summary>Colour temperature, kelvin.</summary>
        public double Kelvin;

        /// <summary>Red 0 … 255 at full brightness.</summary>
        public double Red;

        /// <summary>Green 0 … 255 at full brightness.</summary>
        public double Green;

        /// <summary>Blue 0 … 255 at full brightness.</summary>
        public double Blue;

        /// <summary>Copies <paramref name="other"/>.</summary>
        public void CopyFrom(LightFrame other)
        {
            Brightness = other.Brightness;
            Kelvin = other.Kelvin;
            Red = other.Red;
            Green = other.Green;
            Blue = other.Blue;
        }

        /// <summary>Sets this frame to the point <paramref name="t"/> (0 … 1) of the way from <paramref name="from"/> to <paramref name="to"/>.</summary>
        public void Interpolate(LightFrame from, LightFrame to, double t)
        {
            Brightness = Lerp(from.Brightness, to.Brightness, t);
            Kelvin = Lerp(from.Kelvin, to.Kelvin, t);
            Red = Lerp(from.Red, to.Red, t);
            Green = Lerp(from.Green, to.Green, t);
            Blue = Lerp(from.Blue, to.Blue, t);
        }

        private static double Lerp(double a, double b, double t)
        {
            return a + ((b - a) * t);
        }
    }
}
