namespace Endpoint.Core.Light
{
    /// <summary>
    /// Perceived brightness to light output. Home Assistant's brightness (0–255) is a perceptual scale,
    /// while a PWM duty cycle or a WS2812 channel value is linear in emitted light. The conversion is the
    /// CIE 1931 lightness function inverted (CIE 15:2004 §8.2.1.1): with L* = 100 × b / 255,
    /// Y = ((L* + 16) / 116)³ for L* &gt; 8, otherwise Y = L* / 903.3. Chosen over a plain gamma of 2.2
    /// because it is the published model of lightness perception and its linear toe keeps the lowest
    /// steps visible instead of collapsing them to zero.
    /// </summary>
    public static class Lightness
    {
        private static ushort[] _table;

        /// <summary>
        /// Linear light 0.0 … 1.0 for perceived <paramref name="brightness"/> 0 … 255 (clamped). Fractions
        /// interpolate between table steps, so a slow fade moves smoothly instead of in 255 jumps.
        /// </summary>
        public static double ToLinear(double brightness)
        {
            if (!(brightness > 0))
            {
                return 0;
            }

            if (brightness >= 255)
            {
                return 1;
            }

            ushort[] t = Table();
            int i = (int)brightness;
            double f = brightness - i;
            return ((t[i] * (1 - f)) + (t[i + 1] * f)) / 65535.0;
        }

        // 256 entries computed once on first use (512 bytes): a lookup on every fade step instead of a Math.Pow.
        private static ushort[] Table()
        {
            if (_table == null)
            {
                ushort[] t = new ushort[256];
                for (int b = 0; b < 256; b++)
                {
                    double l = b * 100.0 / 255.0;
                    double y = l > 8 ? System.Math.Pow((l + 16) / 116.0, 3) : l / 903.3;
                    t[b] = (ushort)System.Math.Floor((y * 65535) + 0.5);
                }

                _table = t;
            }

            return _table;
        }
    }
}
