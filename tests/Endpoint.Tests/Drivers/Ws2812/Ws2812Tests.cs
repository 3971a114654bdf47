using System;
using System.Collections.Generic;
using Endpoint.Core.Hardware;
using Endpoint.Core.Light;
using Endpoint.Drivers.Ws2812;

namespace Endpoint.Tests.Drivers.Ws2812;

public class Ws2812Tests
{
    /// <summary>
    /// A chain of WS2812B chips as the datasheet's "Cascade method" describes them: each chip keeps the
    /// first pixel's bytes of the frame it receives and passes the rest on, so chip k shows bytes
    /// [k·n, k·n + n). The bytes are decoded in the chip's own order (GRB for a WS2812B).
    /// </summary>
    private sealed class FakeChain(int chips, string order) : IPixelOutput
    {
        public List<(int R, int G, int B, int W)> Shown { get; } = new();
        public int Frames { get; private set; }

        public void Write(byte[] data, int offset, int count)
        {
            int n = order.Length;
            Assert.Equal(chips * n, count);
            Frames++;
            Shown.Clear();
            for (int k = 0; k < chips; k++)
            {
                int Channel(char c) => order.IndexOf(c) < 0 ? 0 : data[offset + (k * n) + order.IndexOf(c)];
                Shown.Add((Channel('R'), Channel('G'), Channel('B'), Channel('W')));
            }
        }
    }

    [Fact]
    public void Show_Grb_EachChipShowsItsPixel()
    {
        var chain = new FakeChain(3, "GRB");
        var strip = new Endpoint.Drivers.Ws2812.Ws2812(chain, 3, PixelOrder.Grb);
        strip.SetPixel(0, 255, 0, 0);
        strip.SetPixel(1, 0, 255, 0);
        strip.SetPixel(2, 1, 2, 3);
        Assert.Equal(0, chain.Frames);

        strip.Show();

        Assert.Equal(1, chain.Frames);
        Assert.Equal([(255, 0, 0, 0), (0, 255, 0, 0), (1, 2, 3, 0)], chain.Shown);
    }

    [Theory]
    [InlineData("RGB")]
    [InlineData("BRG")]
    [InlineData("grbw")]
    [InlineData("WRGB")]
    public void Show_OtherOrders_ChipsDecodeTheSameColour(string order)
    {
        var chain = new FakeChain(2, order.ToUpperInvariant());
        var strip = new Endpoint.Drivers.Ws2812.Ws2812(chain, 2, PixelOrder.Parse(order));
        strip.SetPixel(0, 10, 20, 30, 40);
        strip.SetPixel(1, 50, 60, 70, 80);
        strip.Show();
        bool white = order.Length == 4;
        Assert.Equal([(10, 20, 30, white ? 40 : 0), (50, 60, 70, white ? 80 : 0)], chain.Shown);
        Assert.Equal(2 * order.Length, strip.FrameBytes);
    }

    [Fact]
    public void Brightness_ScalesThroughCieAndKeepsThePixels()
    {
        var chain = new FakeChain(1, "GRB");
        var strip = new Endpoint.Drivers.Ws2812.Ws2812(chain, 1, PixelOrder.Grb);
        strip.Fill(255, 128, 0);
        strip.Brightness = 128;
        strip.Show();
        double y = Lightness.ToLinear(128);
        Assert.Equal(((int)Math.Round(255 * y), (int)Math.Round(128 * y), 0, 0), chain.Shown[0]);

        strip.Brightness = 0;
        strip.Show();
        Assert.Equal((0, 0, 0, 0), chain.Shown[0]);

        strip.Brightness = 999;
        Assert.Equal(255, strip.Brightness);
        strip.Show();
        Assert.Equal((255, 128, 0, 0), chain.Shown[0]);
    }

    [Theory]
    [InlineData("GR")]
    [InlineData("GRBB")]
    [InlineData("GRX")]
    [InlineData("RGBWW")]
    [InlineData("RWB")]
    [InlineData(null)]
    public void Parse_BadOrder_ThrowsSayingWhat(string order)
    {
        var ex = Assert.Throws<ArgumentException>(() => PixelOrder.Parse(order));
        Assert.Contains("must use each of R, G, B once", ex.Message);
    }

    [Fact]
    public void SetPixel_OutsideTheChain_Throws()
    {
        var strip = new Endpoint.Drivers.Ws2812.Ws2812(new FakeChain(2, "GRB"), 2, PixelOrder.Grb);
        Assert.Throws<ArgumentOutOfRangeException>(() => strip.SetPixel(2, 0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => strip.SetPixel(-1, 0, 0, 0));
        Assert.Throws<ArgumentException>(() => new Endpoint.Drivers.Ws2812.Ws2812(new FakeChain(0, "GRB"), 0, PixelOrder.Grb));
    }

    [Fact]
    public void SetPixel_ClampsChannels()
    {
        var chain = new FakeChain(1, "GRB");
        var strip = new Endpoint.Drivers.Ws2812.Ws2812(chain, 1, PixelOrder.Grb);
        strip.SetPixel(0, 300, -5, 128);
        strip.Show();
        Assert.Equal((255, 0, 128, 0), chain.Shown[0]);
    }

    [Fact]
    public void Show_AllocatesNothing()
    {
        var strip = new Endpoint.Drivers.Ws2812.Ws2812(new NullOutput(), 60, PixelOrder.Grb);
        strip.Fill(1, 2, 3);
        strip.Brightness = 100;
        strip.Show();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            strip.Show();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private sealed class NullOutput : IPixelOutput
    {
        public void Write(byte[] data, int offset, int count)
        {
        }
    }
}
