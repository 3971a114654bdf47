using System.Collections.Generic;
using Endpoint.Core.Hardware;

namespace Endpoint.Tests.Core.Hardware;

public class Ws2812WireTests
{
    /// <summary>
    /// Reads RMT items back into bytes the way a WS2812B's input stage does, using the datasheet's
    /// windows (T0H 0.4 µs, T1H 0.8 µs, each ±150 ns; a bit period of 1.25 µs ± 600 ns; latch &gt; 50 µs),
    /// and fails on anything a chip would misread.
    /// </summary>
    private static (List<byte> Bytes, bool Latched) Decode(byte[] items, int length)
    {
        var bytes = new List<byte>();
        int current = 0;
        int bits = 0;
        for (int o = 0; o < length; o += 4)
        {
            int d0 = items[o] | ((items[o + 1] & 0x7F) << 8);
            bool l0 = (items[o + 1] & 0x80) != 0;
            int d1 = items[o + 2] | ((items[o + 3] & 0x7F) << 8);
            bool l1 = (items[o + 3] & 0x80) != 0;
            double highNs = d0 * Ws2812Wire.TickNs;
            double periodNs = (d0 + d1) * Ws2812Wire.TickNs;
            if (!l0 && !l1)
            {
                Assert.True(periodNs > 50_000, $"latch of {periodNs} ns is too short");
                Assert.Equal(length, o + 4);
                Assert.Equal(0, bits);
                return (bytes, true);
            }

            Assert.True(l0 && !l1, "a bit must be high then low");
            Assert.InRange(periodNs, 1250 - 600, 1250 + 600);
            bool one;
            if (highNs >= 400 - 150 && highNs <= 400 + 150)
            {
                one = false;
            }
            else
            {
                Assert.InRange(highNs, 800 - 150, 800 + 150);
                one = true;
            }

            current = (current << 1) | (one ? 1 : 0);
            if (++bits == 8)
            {
                bytes.Add((byte)current);
                current = 0;
                bits = 0;
            }
        }

        return (bytes, false);
    }

    [Fact]
    public void Encode_DatasheetTimings_InTicksOf25ns()
    {
        Assert.Equal(400, Ws2812Wire.T0High * Ws2812Wire.TickNs);
        Assert.Equal(850, Ws2812Wire.T0Low * Ws2812Wire.TickNs);
        Assert.Equal(800, Ws2812Wire.T1High * Ws2812Wire.TickNs);
        Assert.Equal(450, Ws2812Wire.T1Low * Ws2812Wire.TickNs);
        Assert.Equal(80_000_000 / Ws2812Wire.ClockDivider, 1_000_000_000 / Ws2812Wire.TickNs);
    }

    [Fact]
    public void Encode_OneGrbPixel_MsbFirstThenLatch()
    {
        // Datasheet "Composition of 24bit data": G7…G0 R7…R0 B7…B0, high bit first. Red = (G 0x00, R 0xFF, B 0x00).
        byte[] grb = [0x00, 0xFF, 0x00];
        byte[] items = new byte[Ws2812Wire.ItemBytes(3)];
        int length = Ws2812Wire.Encode(grb, 0, 3, items);
        Assert.Equal((24 + 1) * 4, length);

        // First item: G7 = 0 → 16 ticks high (0x0010 | level bit 0x8000), 34 ticks low.
        Assert.Equal(new byte[] { 16, 0x80, 34, 0x00 }, items[..4]);

        // Ninth item: R7 = 1 → 32 ticks high, 18 low.
        Assert.Equal(new byte[] { 32, 0x80, 18, 0x00 }, items[32..36]);

        var (bytes, latched) = Decode(items, length);
        Assert.True(latched);
        Assert.Equal(grb, bytes);
    }

    [Fact]
    public void Encode_EveryByteValueAtAnOffset_DecodesToTheSameBytes()
    {
        byte[] data = new byte[260];
        for (int i = 0; i < 256; i++)
        {
            data[i + 4] = (byte)i;
        }

        byte[] items = new byte[Ws2812Wire.ItemBytes(256)];
        int length = Ws2812Wire.Encode(data, 4, 256, items);
        var (bytes, latched) = Decode(items, length);
        Assert.True(latched);
        Assert.Equal(data[4..], bytes);
    }

    [Fact]
    public void Encode_Latch_LongerThanWs2812bV5Reset()
    {
        byte[] items = new byte[Ws2812Wire.ItemBytes(0)];
        Assert.Equal(4, Ws2812Wire.Encode([], 0, 0, items));
        int d0 = items[0] | ((items[1] & 0x7F) << 8);
        int d1 = items[2] | ((items[3] & 0x7F) << 8);
        Assert.True((d0 + d1) * Ws2812Wire.TickNs >= 280_000);
        Assert.Equal(0, (items[1] | items[3]) & 0x80);
    }
}
