namespace Endpoint.Core.Hardware
{
    /// <summary>How a GPIO pin is opened.</summary>
    public enum PinMode
    {
        /// <summary>Floating input.</summary>
        Input,
        /// <summary>Input with the internal pull-up.</summary>
        InputPullUp,
        /// <summary>Input with the internal pull-down.</summary>
        InputPullDown,
        /// <summary>Push-pull output.</summary>
        Output,
    }
}
