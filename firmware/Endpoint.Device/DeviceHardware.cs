using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Pwm;
using Endpoint.Core.Hardware;
using nanoFramework.Hardware.Esp32;
using CorePinMode = Endpoint.Core.Hardware.PinMode;
using GpioPinMode = System.Device.Gpio.PinMode;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IHardware"/> for ESP32 boards on nanoFramework.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>GPIO: one System.Device.Gpio <see cref="GpioController"/>; <c>OpenPin(pin, mode)</c> throws
    /// InvalidOperationException when the pin is already open or does not exist.</item>
    /// <item>PWM: on ESP32 a pin must first be routed to an LEDC channel with
    /// <c>Configuration.SetPinFunction(pin, DeviceFunction.PWMn)</c> (nanoFramework.Hardware.Esp32), then
    /// <c>PwmChannel.CreateFromPin(pin, frequency, dutyCycle)</c> finds that channel; it returns null when the
    /// pin has none. PWM1…PWM16 are handed out in order.</item>
    /// <item>I2C: the seam's bus 0 and 1 are nanoFramework's I2C1 and I2C2; their pins are routed with
    /// <c>DeviceFunction.I2Cn_DATA</c> / <c>I2Cn_CLOCK</c>. System.Device.I2c has two speeds: 400 kHz and more
    /// selects FastMode, anything lower StandardMode (100 kHz).</item>
    /// <item>ADC: one <see cref="AdcController"/>; the GPIO is mapped to a channel by <see cref="Esp32Adc"/>.</item>
    /// <item>Addressable LEDs: an RMT transmit channel per output (<see cref="RmtPixelOutput"/>); the ESP32 has 8.</item>
    /// <item>Pulse counters: a PCNT unit per counter (<see cref="PulseCounterAdapter"/>); the ESP32 has 8.</item>
    /// </list>
    /// </remarks>
    public sealed class DeviceHardware : IHardware
    {
        private static readonly DeviceFunction[] PwmFunctions =
        {
            DeviceFunction.PWM1, DeviceFunction.PWM2, DeviceFunction.PWM3, DeviceFunction.PWM4,
            DeviceFunction.PWM5, DeviceFunction.PWM6, DeviceFunction.PWM7, DeviceFunction.PWM8,
            DeviceFunction.PWM9, DeviceFunction.PWM10, DeviceFunction.PWM11, DeviceFunction.PWM12,
            DeviceFunction.PWM13, DeviceFunction.PWM14, DeviceFunction.PWM15, DeviceFunction.PWM16,
        };

        private readonly GpioController _gpio = new GpioController();
        private readonly object _sync = new object();
        private AdcController _adc;
        private int _nextPwm;

        /// <inheritdoc />
        public IGpioPin OpenPin(int pin, CorePinMode mode)
        {
            GpioPin gpioPin = _gpio.OpenPin(pin, ToGpioMode(mode));
            return new GpioPinAdapter(gpioPin, mode != CorePinMode.Output);
        }

        /// <inheritdoc />
        public IPwmChannel OpenPwm(int pin, int frequency)
        {
            lock (_sync)
            {
                if (_nextPwm >= PwmFunctions.Length)
                {
                    throw new InvalidOperationException("all " + PwmFunctions.Length + " PWM channels are in use");
                }

                Configuration.SetPinFunction(pin, PwmFunctions[_nextPwm]);
                PwmChannel channel = PwmChannel.CreateFromPin(pin, frequency, 0);
                if (channel == null)
                {
                    throw new ArgumentException("GPIO " + pin + " cannot drive PWM");
                }

                _nextPwm++;
                channel.Start();
                return new PwmChannelAdapter(channel);
            }
        }

        /// <inheritdoc />
        public II2cBus OpenI2c(int busId, int sdaPin, int sclPin, int frequency)
        {
            DeviceFunction data;
            DeviceFunction clock;
            switch (busId)
            {
                case 0:
                    data = DeviceFunction.I2C1_DATA;
                    clock = DeviceFunction.I2C1_CLOCK;
                    break;
                case 1:
                    data = DeviceFunction.I2C2_DATA;
                    clock = DeviceFunction.I2C2_CLOCK;
                    break;
                default:
                    throw new ArgumentException("I2C bus " + busId + " does not exist; the ESP32 has buses 0 and 1");
            }

            Configuration.SetPinFunction(sdaPin, data);
            Configuration.SetPinFunction(sclPin, clock);
            I2cBusSpeed speed = frequency >= 400000 ? I2cBusSpeed.FastMode : I2cBusSpeed.StandardMode;
            return new I2cBusAdapter(busId + 1, speed);
        }

        /// <inheritdoc />
        public IAdcChannel OpenAdc(int pin)
        {
            int channelNumber = Esp32Adc.ChannelForGpio(pin);
            lock (_sync)
            {
                if (_adc == null)
                {
                    _adc = new AdcController();
                }

                AdcChannel channel = _adc.OpenChannel(channelNumber);
                return new AdcChannelAdapter(channel, _adc.MaxValue, Esp32Adc.FullScaleMillivolts);
            }
        }

        /// <inheritdoc />
        public IPixelOutput OpenPixelOutput(int pin, int frameBytes)
        {
            return new RmtPixelOutput(pin, frameBytes);
        }

        /// <inheritdoc />
        public IPulseCounter OpenPulseCounter(int pin)
        {
            return new PulseCounterAdapter(pin);
        }

        private static GpioPinMode ToGpioMode(CorePinMode mode)
        {
            switch (mode)
            {
                case CorePinMode.Output:
                    return GpioPinMode.Output;
                case CorePinMode.InputPullUp:
                    return GpioPinMode.InputPullUp;
                case CorePinMode.InputPullDown:
                    return GpioPinMode.InputPullDown;
                default:
                    return GpioPinMode.Input;
            }
        }
    }
}
