namespace Endpoint.Core.Hardware
{
    /// <summary>
    /// Opens the peripherals an app needs, by SoC pin or bus number taken from the board
    /// definition. The device implements it over nanoFramework; the host over simulated parts.
    /// </summary>
    public interface IHardware
    {
        /// <summary>Opens a GPIO pin.</summary>
        IGpioPin OpenPin(int pin, PinMode mode);

        /// <summary>Opens a PWM output on <paramref name="pin"/>.</summary>
        IPwmChannel OpenPwm(int pin, int frequency);

        /// <summary>Opens I2C bus <paramref name="busId"/> on the given pins.</summary>
        II2cBus OpenI2c(int busId, int sdaPin, int sclPin, int frequency);

        /// <summary>Opens the ADC input on <paramref name="pin"/>.</summary>
        IAdcChannel OpenAdc(int pin);

        /// <summary>
        /// Opens an addressable-LED output on <paramref name="pin"/>. <paramref name="frameBytes"/> is the
        /// length of one frame (pixels × bytes per pixel), so the device can size its transmit buffer once.
        /// </summary>
        IPixelOutput OpenPixelOutput(int pin, int frameBytes);

        /// <summary>Opens a hardware pulse counter on the input <paramref name="pin"/> (rising edges).</summary>
        IPulseCounter OpenPulseCounter(int pin);
    }
}
