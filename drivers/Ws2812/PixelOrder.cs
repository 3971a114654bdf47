using System;

namespace Endpoint.Drivers.Ws2812
{
    /// <summary>
    /// The order in which a pixel's colour bytes travel on the wire: "GRB" for WS2812/WS2812B (datasheet
    /// "Composition of 24bit data": G7…G0 R7…R0 B7…B0), "RGB" for some WS2811 strips, "GRBW" for SK6812
    /// RGBW. Any ordering of R, G, B (and optionally W) is accepted.
    /// </summary>
    public sealed class PixelOrder
    {
        /// <summary>The WS2812B order.</summary>
        public static readonly PixelOrder Grb = Parse("GRB");

        private readonly int[] _slot = new int[4];

        private PixelOrder(string name, int bytesPerPixel)
        {
            Name = name;
            BytesPerPixel = bytesPerPixel;
        }

        /// <summary>The order as letters, e.g. "GRB".</summary>
        public string Name { get; private set; }

        /// <summary>3, or 4 with a white channel.</summary>
        public int BytesPerPixel { get; private set; }

        /// <summary>
        /// Position on the wire, within a pixel, of channel <paramref name="channel"/> (0 red, 1 green,
        /// 2 blue, 3 white); -1 for white on a three-channel order.
        /// </summary>
        public int SlotOf(int channel)
        {
            return _slot[channel];
        }

        /// <summary>Parses letters such as "GRB" or "grbw"; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
        public static PixelOrder Parse(string letters)
        {
            string error = "colour order '" + letters + "' must use each of R, G, B once (and W once at most), e.g. GRB";
            if (letters == null || (letters.Length != 3 && letters.Length != 4))
            {
                throw new ArgumentException(error);
            }

            string upper = letters.ToUpper();
            PixelOrder order = new PixelOrder(upper, upper.Length);
            for (int c = 0; c < 4; c++)
            {
                order._slot[c] = -1;
            }

            for (int i = 0; i < upper.Length; i++)
            {
                int channel = "RGBW".IndexOf(upper[i]);
                if (channel < 0 || order._slot[channel] >= 0)
                {
                    throw new ArgumentException(error);
                }

                order._slot[channel] = i;
            }

            if (order._slot[0] < 0 || order._slot[1] < 0 || order._slot[2] < 0)
            {
                throw new ArgumentException(error);
            }

            return order;
        }
    }
}
