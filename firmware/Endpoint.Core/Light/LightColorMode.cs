namespace Endpoint.Core.Light
{
    /// <summary>How a light's colour is set, as Home Assistant's <c>color_mode</c> names it.</summary>
    public enum LightColorMode
    {
        /// <summary><c>onoff</c>: on or off only.</summary>
        OnOff,
        /// <summary><c>brightness</c>: dimmable, no colour.</summary>
        Brightness,
        /// <summary><c>color_temp</c>: white of a colour temperature.</summary>
        ColorTemp,
        /// <summary><c>rgb</c>: a red, green, blue colour.</summary>
        Rgb,
    }
}
