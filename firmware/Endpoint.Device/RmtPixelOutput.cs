using System;
using Endpoint.Core.Hardware;
using nanoFramework.Hardware.Esp32.Rmt;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IPixelOutput"/> for WS2812-style LEDs on the ESP32 RMT peripheral
    /// (nanoFramework.Hardware.Esp32.Rmt 2.x: <see cref="TransmitChannelSettings"/>, <see cref="TransmitterChannel"/>).
    /// </summary>
    /// <remarks>
    /// <para>Same approach as nanoFramework's Ws28xx.Esp32 binding (one RMT item per data bit, carrier off,
    /// idle low, 80 MHz / 2 clock), but the bit encoding is done by <see cref="Ws2812Wire"/> in the portable
    /// core into one buffer allocated here once, and sent with <c>SendData</c>: no RmtCommand object per
    /// bit and no allocation per frame. The channel is opened once and kept.</para>
    /// <para><c>SendData(items, true)</c> waits until the frame has left: 30 µs per pixel plus the 300 µs
    /// latch (about 0.33 ms for one pixel, 9.3 ms for 300), the only time the loop waits on the LEDs.</para>
    /// </remarks>
    public sealed class RmtPixelOutput : IPixelOutput, IDisposable
    {
        private readonly TransmitterChannel _channel;
        private readonly byte[] _items;
        private readonly int _frameBytes;

        /// <summary>Opens an RMT transmit channel on <paramref name="pin"/> for frames of up to <paramref name="frameBytes"/> bytes.</summary>
        public RmtPixelOutput(int pin, int frameBytes)
        {
            TransmitChannelSettings settings = new TransmitChannelSettings(pin);
            settings.EnableCarrierWave = false;
            settings.IdleLevel = false;
            settings.ClockDivider = Ws2812Wire.ClockDivider;
            _channel = new TransmitterChannel(settings);
            _frameBytes = frameBytes;
            _items = new byte[Ws2812Wire.ItemBytes(frameBytes)];
        }

        /// <inheritdoc />
        public void Write(byte[] data, int offset, int count)
        {
            if (count > _frameBytes)
            {
                throw new ArgumentException("frame of " + count + " bytes is longer than the " + _frameBytes + " this output was opened for");
            }

            int length = Ws2812Wire.Encode(data, offset, count, _items);
            if (length == _items.Length)
            {
                _channel.SendData(_items, true);
                return;
            }

            // A shorter frame than declared (never from the drivers here): send only its items.
            byte[] shorter = new byte[length];
            Array.Copy(_items, shorter, length);
            _channel.SendData(shorter, true);
        }

        /// <summary>Frees the RMT channel.</summary>
        public void Dispose()
        {
            _channel.Dispose();
        }
    }
}
