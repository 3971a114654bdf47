namespace Endpoint.Core.Hardware
{
    /// <summary>Raised when an input pin changes level. May be raised on an interrupt thread: post into the loop.</summary>
    public delegate void PinChangedHandler(IGpioPin pin, bool high);

    /// <summary>One GPIO pin, already opened in a <see cref="PinMode"/> (System.Device.Gpio's GpioPin on the device).</summary>
    public interface IGpioPin
    {
        /// <summary>The SoC's GPIO number.</summary>
        int Number { get; }

        /// <summary>Reads the level; true is high.</summary>
        bool Read();

        /// <summary>Drives an output pin; true is high.</summary>
        void Write(bool high);

        /// <summary>Edges on an input pin (both directions).</summary>
        event PinChangedHandler Changed;
    }
}
