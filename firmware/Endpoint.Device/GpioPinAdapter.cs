using System.Device.Gpio;
using Endpoint.Core.Hardware;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IGpioPin"/> over a System.Device.Gpio <see cref="GpioPin"/>.
    /// </summary>
    /// <remarks>
    /// Edges come from <c>GpioPin.ValueChanged</c>, raised by nanoFramework's GPIO event listener thread
    /// (not the loop thread) with <c>PinValueChangedEventArgs.ChangeType</c> = Rising or Falling; the core
    /// posts them into its loop (IGpioPin contract). The adapter subscribes only on input pins, because
    /// nanoFramework also raises ValueChanged for writes to an output pin.
    /// </remarks>
    public sealed class GpioPinAdapter : IGpioPin
    {
        private readonly GpioPin _pin;

        /// <summary>Wraps <paramref name="pin"/>; <paramref name="isInput"/> enables <see cref="Changed"/>.</summary>
        public GpioPinAdapter(GpioPin pin, bool isInput)
        {
            _pin = pin;
            if (isInput)
            {
                _pin.ValueChanged += OnValueChanged;
            }
        }

        /// <inheritdoc />
        public event PinChangedHandler Changed;

        /// <inheritdoc />
        public int Number
        {
            get { return _pin.PinNumber; }
        }

        /// <inheritdoc />
        public bool Read()
        {
            return _pin.Read() == PinValue.High;
        }

        /// <inheritdoc />
        public void Write(bool high)
        {
            _pin.Write(high ? PinValue.High : PinValue.Low);
        }

        private void OnValueChanged(object sender, PinValueChangedEventArgs e)
        {
            PinChangedHandler handler = Changed;
            if (handler != null)
            {
                handler(this, e.ChangeType == PinEventTypes.Rising);
            }
        }
    }
}
