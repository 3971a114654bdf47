using System.Device.Adc;
using Endpoint.Core.Hardware;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IAdcChannel"/> over a System.Device.Adc <see cref="AdcChannel"/>.
    /// </summary>
    /// <remarks>
    /// <c>AdcChannel.ReadValue()</c> returns the raw conversion; on ESP32 the native driver configures every
    /// channel for 12 bits (<c>AdcController.MaxValue</c> = 4095) and the widest attenuation (11/12 dB).
    /// </remarks>
    public sealed class AdcChannelAdapter : IAdcChannel
    {
        private readonly AdcChannel _channel;
        private readonly int _maxValue;
        private readonly int _fullScaleMillivolts;

        /// <summary>Wraps an open <paramref name="channel"/>.</summary>
        public AdcChannelAdapter(AdcChannel channel, int maxValue, int fullScaleMillivolts)
        {
            _channel = channel;
            _maxValue = maxValue;
            _fullScaleMillivolts = fullScaleMillivolts;
        }

        /// <inheritdoc />
        public int MaxValue
        {
            get { return _maxValue; }
        }

        /// <inheritdoc />
        public int FullScaleMillivolts
        {
            get { return _fullScaleMillivolts; }
        }

        /// <inheritdoc />
        public int ReadRaw()
        {
            return _channel.ReadValue();
        }
    }
}
