namespace Endpoint.Apps.Light
{
    /// <summary>The hardware a light drives: PWM channels, a WS2812 chain. Shows one frame, at once.</summary>
    public interface ILightOutput
    {
        /// <summary>Shows <paramref name="frame"/>.</summary>
        void Show(LightFrame frame);
    }
}
