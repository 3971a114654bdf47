using Endpoint.Core.Hardware;

namespace Endpoint.Drivers.Relay
{
    /// <summary>
    /// A relay (or any on/off load) on one GPIO output. Relay modules with an optocoupler input are
    /// usually active-low; the board definition says which.
    /// </summary>
    public sealed class Relay
    {
        private readonly IGpioPin _pin;
        private readonly bool _activeLow;
        private bool _on;

        /// <summary>Takes an output pin and drives it to "off" at once, so the load never glitches on at boot.</summary>
        public Relay(IGpioPin pin, bool activeLow)
        {
            _pin = pin;
            _activeLow = activeLow;
            _pin.Write(_activeLow);
        }

        /// <summary>True when energised.</summary>
        public bool IsOn
        {
            get { return _on; }
        }

        /// <summary>Switches the relay.</summary>
        public void Set(bool on)
        {
            _on = on;
            _pin.Write(on != _activeLow);
        }
    }
}
