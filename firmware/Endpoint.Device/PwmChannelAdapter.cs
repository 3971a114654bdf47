using System.Device.Pwm;
using Endpoint.Core.Hardware;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IPwmChannel"/> over a System.Device.Pwm <see cref="PwmChannel"/> (ESP32 LEDC).
    /// </summary>
    /// <remarks>
    /// <c>PwmChannel.DutyCycle</c> takes 0.0 … 1.0 and throws ArgumentOutOfRangeException outside it, the same
    /// range as the seam. <c>PwmChannel.Frequency</c> reads back the frequency the hardware actually runs at
    /// (the native layer rounds the requested one).
    /// </remarks>
    public sealed class PwmChannelAdapter : IPwmChannel
    {
        private readonly PwmChannel _channel;

        /// <summary>Wraps a started <paramref name="channel"/>.</summary>
        public PwmChannelAdapter(PwmChannel channel)
        {
            _channel = channel;
        }

        /// <inheritdoc />
        public double DutyCycle
        {
            get { return _channel.DutyCycle; }
            set { _channel.DutyCycle = value; }
        }

        /// <inheritdoc />
        public int Frequency
        {
            get { return _channel.Frequency; }
        }
    }
}
