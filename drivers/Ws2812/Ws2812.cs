using System;
using Endpoint.Core.Hardware;
using Endpoint.Core.Light;

namespace Endpoint.Drivers.Ws2812
{
    /// <summary>
    /// A chain of WS2812-style addressable LEDs: a pixel buffer in RGB(W), a global brightness, and
    /// <see cref="Show"/>, which writes one frame in the chain's colour order to an <see cref="IPixelOutput"/>
    /// (the ESP32 RMT on the device). Nothing reaches the LEDs until <see cref="Show"/>.
    /// </summary>
    /// <remarks>
    /// Brightness is perceptual (0 … 255, Home Assistant's scale) and goes through the CIE 1931 lightness
    /// curve like the PWM driver's, so a light looks the same whichever output it has. The frame buffer
    /// is allocated once; <see cref="Show"/> allocates nothing.
    /// </remarks>
    public sealed class Ws2812
    {
        private readonly IPixelOutput _output;
        private readonly PixelOrder _order;
        private readonly byte[] _pixels;
        private readonly byte[] _frame;
        private readonly int _count;
        private double _brightness = 255;
        private double _scale = 1;

        /// <summary>A chain of <paramref name="count"/> pixels in <paramref name="order"/> on <paramref name="output"/>; all dark until the first <see cref="Show"/>.</summary>
        public Ws2812(IPixelOutput output, int count, PixelOrder order)
        {
            if (count < 1)
            {
                throw new ArgumentException("a WS2812 chain needs at least one pixel, not " + count);
            }

            _output = output;
            _order = order;
            _count = count;
            _pixels = new byte[count * 4];
            _frame = new byte[count * order.BytesPerPixel];
        }

        /// <summary>Pixels in the chain.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Colour order on the wire.</summary>
        public PixelOrder Order
        {
            get { return _order; }
        }

        /// <summary>Bytes in one frame (pixels × bytes per pixel).</summary>
        public int FrameBytes
        {
            get { return _frame.Length; }
        }

        /// <summary>Perceived brightness 0 … 255 applied to every pixel at <see cref="Show"/> (fractions allowed, for fades).</summary>
        public double Brightness
        {
            get
            {
                return _brightness;
            }

            set
            {
                _brightness = value < 0 ? 0 : (value > 255 ? 255 : value);
                _scale = Lightness.ToLinear(_brightness);
            }
        }

        /// <summary>Sets pixel <paramref name="index"/> to full-scale red, green, blue (0 … 255 each).</summary>
        public void SetPixel(int index, int red, int green, int blue)
        {
            SetPixel(index, red, green, blue, 0);
        }

        /// <summary>Sets pixel <paramref name="index"/> including white (ignored by three-channel chains).</summary>
        public void SetPixel(int index, int red, int green, int blue, int white)
        {
            if (index < 0 || index >= _count)
            {
                throw new ArgumentOutOfRangeException("index", "pixel " + index + " is outside the chain of " + _count);
            }

            int p = index * 4;
            _pixels[p] = Byte(red);
            _pixels[p + 1] = Byte(green);
            _pixels[p + 2] = Byte(blue);
            _pixels[p + 3] = Byte(white);
        }

        /// <summary>Sets every pixel to one colour.</summary>
        public void Fill(int red, int green, int blue)
        {
            for (int i = 0; i < _count; i++)
            {
                SetPixel(i, red, green, blue, 0);
            }
        }

        /// <summary>Writes the pixels, scaled by <see cref="Brightness"/>, to the chain.</summary>
        public void Show()
        {
            int bpp = _order.BytesPerPixel;
            for (int i = 0; i < _count; i++)
            {
                int f = i * bpp;
                int p = i * 4;
                for (int c = 0; c < bpp; c++)
                {
                    _frame[f + _order.SlotOf(c)] = Scale(_pixels[p + c]);
                }
            }

            _output.Write(_frame, 0, _frame.Length);
        }

        private byte Scale(byte v)
        {
            return (byte)System.Math.Floor((v * _scale) + 0.5);
        }

        private static byte Byte(int v)
        {
            return (byte)(v < 0 ? 0 : (v > 255 ? 255 : v));
        }
    }
}
