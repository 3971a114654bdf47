namespace Endpoint.Core.Hardware
{
    /// <summary>
    /// The WS2812 one-wire code as ESP32 RMT items, so the device adapter only hands bytes to the RMT and
    /// the encoding is tested on the host. Each data bit is one item (a high then a low period), most
    /// significant bit first; a frame ends with a low latch item.
    /// </summary>
    /// <remarks>
    /// <para>Timing from the WS2812B datasheet (Worldsemi, "Data transfer time"): T0H 0.40 µs, T0L 0.85 µs,
    /// T1H 0.80 µs, T1L 0.45 µs, each ±150 ns; reset (latch) low for more than 50 µs. WS2812B-V5 and most
    /// clones need more than 280 µs, so the latch is 300 µs.</para>
    /// <para>Ticks are 25 ns: the RMT's 80 MHz APB clock divided by <see cref="ClockDivider"/> = 2.</para>
    /// <para>An item is ESP-IDF's <c>rmt_item32_t</c> in little-endian order: bits 0–14 duration0,
    /// bit 15 level0, bits 16–30 duration1, bit 31 level1 — four bytes per bit, the layout
    /// nanoFramework's <c>TransmitterChannel.SendData</c> takes.</para>
    /// </remarks>
    public static class Ws2812Wire
    {
        /// <summary>RMT clock divider for 25 ns ticks (80 MHz / 2).</summary>
        public const byte ClockDivider = 2;

        /// <summary>Nanoseconds per tick.</summary>
        public const int TickNs = 25;

        /// <summary>High time of a 0 bit, ticks (400 ns).</summary>
        public const int T0High = 16;

        /// <summary>Low time of a 0 bit, ticks (850 ns).</summary>
        public const int T0Low = 34;

        /// <summary>High time of a 1 bit, ticks (800 ns).</summary>
        public const int T1High = 32;

        /// <summary>Low time of a 1 bit, ticks (450 ns).</summary>
        public const int T1Low = 18;

        /// <summary>Latch: low for 2 × this many ticks (2 × 150 µs = 300 µs).</summary>
        public const int LatchHalf = 6000;

        /// <summary>Bytes of RMT items for a frame of <paramref name="dataBytes"/> bytes (8 items per byte, one latch item).</summary>
        public static int ItemBytes(int dataBytes)
        {
            return ((dataBytes * 8) + 1) * 4;
        }

        /// <summary>
        /// Encodes <paramref name="count"/> bytes of <paramref name="data"/> into <paramref name="items"/>
        /// (at least <see cref="ItemBytes"/> long); returns the number of item bytes written.
        /// </summary>
        public static int Encode(byte[] data, int offset, int count, byte[] items)
        {
            int o = 0;
            for (int i = 0; i < count; i++)
            {
                int b = data[offset + i];
                for (int bit = 7; bit >= 0; bit--)
                {
                    bool one = ((b >> bit) & 1) != 0;
                    o = Put(items, o, one ? T1High : T0High, true, one ? T1Low : T0Low, false);
                }
            }

            return Put(items, o, LatchHalf, false, LatchHalf, false);
        }

        private static int Put(byte[] items, int o, int duration0, bool level0, int duration1, bool level1)
        {
            items[o] = (byte)duration0;
            items[o + 1] = (byte)(((duration0 >> 8) & 0x7F) | (level0 ? 0x80 : 0));
            items[o + 2] = (byte)duration1;
            items[o + 3] = (byte)(((duration1 >> 8) & 0x7F) | (level1 ? 0x80 : 0));
            return o + 4;
        }
    }
}
