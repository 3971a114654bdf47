namespace Endpoint.Core.Light
{
    /// <summary>
    /// What a light shows (or is fading towards): on/off, perceived brightness, and the colour in the
    /// current <see cref="Mode"/>. Brightness and colour are kept while off, so "on" brings them back.
    /// A plain mutable holder, copied with <see cref="CopyFrom"/>, so the command path allocates nothing.
    /// </summary>
    public sealed class LightState
    {
        /// <summary>Creates the default state: off, full brightness, 4000 K, white.</summary>
        public LightState()
        {
            Brightness = 255;
            Kelvin = 4000;
            Red = 255;
            Green = 255;
            Blue = 255;
        }

        /// <summary>True when lit.</summary>
        public bool On;

        /// <summary>Perceived brightness 1 … 255 (Home Assistant's scale); kept while off.</summary>
        public int Brightness;

        /// <summary>Which of the colour fields applies.</summary>
        public LightColorMode Mode;

        /// <summary>Colour temperature in kelvin (mode <see cref="LightColorMode.ColorTemp"/>).</summary>
        public int Kelvin;

        /// <summary>Red 0 … 255 (mode <see cref="LightColorMode.Rgb"/>).</summary>
        public int Red;

        /// <summary>Green 0 … 255.</summary>
        public int Green;

        /// <summary>Blue 0 … 255.</summary>
        public int Blue;

        /// <summary>Copies every field of <paramref name="other"/>.</summary>
        public void CopyFrom(LightState other)
        {
            On = other.On;
            Brightness = other.Brightness;
            Mode = other.Mode;
            Kelvin = other.Kelvin;
            Red = other.Red;
            Green = other.Green;
            Blue = other.Blue;
        }

        /// <summary>True when every field equals <paramref name="other"/>'s.</summary>
        public bool SameAs(LightState other)
        {
            return On == other.On && Brightness == other.Brightness && Mode == other.Mode && Kelvin == other.Kelvin
                && Red == other.Red && Green == other.Green && Blue == other.Blue;
        }
    }
}
