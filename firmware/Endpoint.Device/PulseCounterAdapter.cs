using System;
using System.Device.Gpio;
using Endpoint.Core.Hardware;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IPulseCounter"/> over nanoFramework's <see cref="GpioPulseCounter"/> (nanoFramework.Hardware.Esp32,
    /// namespace System.Device.Gpio), which runs on the ESP32 PCNT peripheral: edges are counted in hardware,
    /// with no interrupt per pulse.
    /// </summary>
    /// <remarks>
    /// Counts rising edges (the counter's default is falling). No glitch filter (<c>FilterPulses</c> = 0, as in
    /// nanoFramework's Esp32PulseCounter sample): the metering chips drive clean push-pull outputs and their
    /// pulses are tens of microseconds wide. <c>Read()</c> returns a <see cref="GpioPulseCount"/> whose
    /// <c>Count</c> is a long kept by the native driver across the PCNT's 16-bit overflows.
    /// </remarks>
    public sealed class PulseCounterAdapter : IPulseCounter, IDisposable
    {
        private readonly GpioPulseCounter _counter;

        /// <summary>Opens and starts a counter on <paramref name="pin"/>.</summary>
        public PulseCounterAdapter(int pin)
        {
            _counter = new GpioPulseCounter(pin);
            _counter.Polarity = GpioPulsePolarity.Rising;
            _counter.FilterPulses = 0;
            _counter.Start();
        }

        /// <inheritdoc />
        public long Read()
        {
            return _counter.Read().Count;
        }

        /// <summary>Stops counting and frees the PCNT unit.</summary>
        public void Dispose()
        {
            _counter.Stop();
            _counter.Dispose();
        }
    }
}
