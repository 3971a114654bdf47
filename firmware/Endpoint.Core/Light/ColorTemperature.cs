namespace Endpoint.Core.Light
{
    /// <summary>
    /// Colour temperature helpers: kelvin ↔ mired, and the RGB of a black body at a temperature for
    /// lights that have no white channels (a WS2812 shows "warm white" as an RGB mix).
    /// </summary>
    public static class ColorTemperature
    {
        /// <summary>Mireds (micro reciprocal degrees) for <paramref name="kelvin"/>, rounded: 1 000 000 / K.</summary>
        public static int KelvinToMired(int kelvin)
        {
            return (int)System.Math.Floor((1000000.0 / kelvin) + 0.5);
        }

        /// <summary>Kelvin for <paramref name="mired"/>, rounded: 1 000 000 / mired.</summary>
        public static int MiredToKelvin(int mired)
        {
            return (int)System.Math.Floor((1000000.0 / mired) + 0.5);
        }

        /// <summary>
        /// Approximate sRGB of a black body at <paramref name="kelvin"/> (1000–40000 K), full scale: the
        /// curve fit to Mitchell Charity's black-body table published by Tanner Helland (2012). At 6500 K it
        /// is close to white; at 2700 K about (255, 167, 87).
        /// </summary>
        public static void ToRgb(int kelvin, out int red, out int green, out int blue)
        {
            double t = (kelvin < 1000 ? 1000 : (kelvin > 40000 ? 40000 : kelvin)) / 100.0;
            double r;
            double g;
            double b;
            if (t <= 66)
            {
                r = 255;
                g = (99.4708025861 * System.Math.Log(t)) - 161.1195681661;
            }
            else
            {
                r = 329.698727446 * System.Math.Pow(t - 60, -0.1332047592);
                g = 288.1221695283 * System.Math.Pow(t - 60, -0.0755148492);
            }

            if (t >= 66)
            {
                b = 255;
            }
            else if (t <= 19)
            {
                b = 0;
            }
            else
            {
                b = (138.5177312231 * System.Math.Log(t - 10)) - 305.0447927307;
            }

            red = Channel(r);
            green = Channel(g);
            blue = Channel(b);
        }

        private static int Channel(double v)
        {
            if (v <= 0)
            {
                return 0;
            }

            return v >= 255 ? 255 : (int)System.Math.Floor(v + 0.5);
        }
    }
}
