using System;
using System.Globalization;
using System.Text;
using Endpoint.Core.Text;

namespace Endpoint.Tests.Core.Text;

public sealed class ByteBufferTests
{
    [Theory]
    [InlineData("")]
    [InlineData("hello, world")]
    [InlineData("caf\u00e9 \u00fc\u00df")] // 2-byte
    [InlineData("\u20ac \u4e2d\u6587 \uffee")] // 3-byte
    [InlineData("\U0001F600\U0001F4A1\U00010000\U0010FFFF")] // 4-byte (surrogate pairs)
    [InlineData("a\u007f\u0080\u07ff\u0800\uffff")] // boundaries of each length
    [InlineData("mix: A\u00e9\u20ac\U0001F600z")]
    public void AppendUtf8_WellFormedText_MatchesEncodingUtf8(string text)
    {
        var buffer = new ByteBuffer(4);

        buffer.AppendUtf8(text);

        Assert.Equal(Encoding.UTF8.GetBytes(text), buffer.ToArray());
        Assert.Equal(text, buffer.ToString());
    }

    // Built in code, not [InlineData]: xunit's test-case serialization does not keep lone surrogates.
    [Fact]
    public void AppendUtf8_LoneSurrogate_WritesReplacementCharacter()
    {
        var cases = new[]
        {
            (Text: "\ud800", Expected: "\ufffd"),
            (Text: "\udc00", Expected: "\ufffd"),
            (Text: "a\ud83dz", Expected: "a\ufffdz"), // high surrogate followed by a non-surrogate
            (Text: "\ude00\ud83d", Expected: "\ufffd\ufffd"), // reversed pair
            (Text: "x\ud83d", Expected: "x\ufffd"), // high surrogate at the end
            (Text: "\ud83d\ud83d\ude00", Expected: "\ufffd\U0001F600"), // lone high, then a pair
        };
        var buffer = new ByteBuffer(16);
        foreach (var c in cases)
        {
            buffer.Clear();
            buffer.AppendUtf8(c.Text);
            Assert.Equal(Encoding.UTF8.GetBytes(c.Expected), buffer.ToArray());
            Assert.Equal(Encoding.UTF8.GetBytes(c.Text), buffer.ToArray()); // .NET also substitutes U+FFFD
        }
    }

    [Fact]
    public void AppendUtf8_PairSplitByRange_EncodesHalvesAsReplacement()
    {
        var buffer = new ByteBuffer(16);
        string s = "\U0001F600"; // two UTF-16 units

        buffer.AppendUtf8(s, 0, 1);

        Assert.Equal(Encoding.UTF8.GetBytes("\ufffd"), buffer.ToArray());
    }

    [Fact]
    public void AppendUtf8_Range_AppendsOnlyThatRange()
    {
        var buffer = new ByteBuffer(16);

        buffer.AppendUtf8("abc\u00e9def", 2, 3);

        Assert.Equal(Encoding.UTF8.GetBytes("c\u00e9d"), buffer.ToArray());
    }

    [Fact]
    public void AppendUtf8_RandomStrings_MatchEncodingUtf8()
    {
        var random = new Random(1234);
        var buffer = new ByteBuffer(16);
        for (int n = 0; n < 2000; n++)
        {
            var sb = new StringBuilder();
            int length = random.Next(0, 20);
            for (int i = 0; i < length; i++)
            {
                switch (random.Next(4))
                {
                    case 0: sb.Append((char)random.Next(0x20, 0x80)); break;
                    case 1: sb.Append((char)random.Next(0x80, 0x800)); break;
                    case 2:
                        char c = (char)random.Next(0x800, 0x10000);
                        if (!char.IsSurrogate(c))
                        {
                            sb.Append(c);
                        }

                        break;
                    default: sb.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x110000))); break;
                }
            }

            string s = sb.ToString();
            buffer.Clear();
            buffer.AppendUtf8(s);
            Assert.Equal(Encoding.UTF8.GetBytes(s), buffer.ToArray());
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(-7L)]
    [InlineData(10L)]
    [InlineData(-10L)]
    [InlineData(1234567890L)]
    [InlineData(-987654321L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(long.MinValue + 1)]
    [InlineData(1000000000000000000L)]
    [InlineData(-1000000000000000000L)]
    public void AppendInteger_Value_WritesInvariantDecimal(long value)
    {
        var buffer = new ByteBuffer(16);

        buffer.AppendInteger(value);

        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), buffer.ToString());
    }

    [Fact]
    public void AppendInteger_RandomValues_WritesInvariantDecimal()
    {
        var random = new Random(7);
        var buffer = new ByteBuffer(8);
        for (int i = 0; i < 5000; i++)
        {
            long value = random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63);
            buffer.Clear();
            buffer.AppendInteger(value);
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), buffer.ToString());
        }
    }

    [Theory]
    [InlineData(0.0, 2, "0.00")]
    [InlineData(1.0, 0, "1")]
    [InlineData(21.5, 1, "21.5")]
    [InlineData(3.14159, 2, "3.14")]
    [InlineData(2.71828, 3, "2.718")]
    [InlineData(-3.14159, 2, "-3.14")]
    [InlineData(0.125, 2, "0.13")] // exact tie: away from zero
    [InlineData(-0.125, 2, "-0.13")]
    [InlineData(0.375, 2, "0.38")]
    [InlineData(2.5, 0, "3")]
    [InlineData(-2.5, 0, "-3")]
    [InlineData(0.5, 0, "1")]
    [InlineData(-0.5, 0, "-1")]
    [InlineData(1.5, 0, "2")]
    [InlineData(9.999, 2, "10.00")] // rounding carries into the whole part
    [InlineData(99.96, 1, "100.0")]
    [InlineData(0.05, 1, "0.1")]
    [InlineData(0.001, 2, "0.00")]
    [InlineData(123456.789, 2, "123456.79")]
    [InlineData(0.000001, 6, "0.000001")]
    [InlineData(1e-7, 6, "0.000000")]
    public void AppendFixed_Value_RoundsHalfAwayFromZero(double value, int decimals, string expected)
    {
        var buffer = new ByteBuffer(16);

        buffer.AppendFixed(value, decimals);

        Assert.Equal(expected, buffer.ToString());
    }

    [Theory]
    [InlineData(0.49999999999999994, 0, "0")] // largest double below 0.5
    [InlineData(-0.49999999999999994, 0, "0")]
    [InlineData(1.4999999999999998, 0, "1")] // largest double below 1.5
    public void AppendFixed_JustBelowHalf_RoundsDown(double value, int decimals, string expected)
    {
        var buffer = new ByteBuffer(16);

        buffer.AppendFixed(value, decimals);

        Assert.Equal(expected, buffer.ToString());
    }

    [Theory]
    [InlineData(-0.0, 2)]
    [InlineData(-0.001, 2)]
    [InlineData(-0.004999, 2)]
    [InlineData(-0.4, 0)]
    public void AppendFixed_NegativeRoundingToZero_PrintsUnsignedZero(double value, int decimals)
    {
        var buffer = new ByteBuffer(16);

        buffer.AppendFixed(value, decimals);

        Assert.Equal(decimals == 0 ? "0" : "0." + new string('0', decimals), buffer.ToString());
    }

    [Theory]
    [InlineData(-3, "2")]
    [InlineData(0, "2")]
    [InlineData(7, "1.567891")]
    [InlineData(100, "1.567891")]
    public void AppendFixed_DecimalsOutOfRange_AreClamped(int decimals, string expected)
    {
        var buffer = new ByteBuffer(16);

        buffer.AppendFixed(1.5678912, decimals);

        Assert.Equal(expected, buffer.ToString());
    }

    [Fact]
    public void AppendFixed_RandomValues_MatchReferenceRounding()
    {
        var random = new Random(99);
        var buffer = new ByteBuffer(8);
        for (int n = 0; n < 5000; n++)
        {
            int decimals = random.Next(0, 7);
            double value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 7));
            double scale = Math.Pow(10, decimals);
            double rounded = Math.Round(Math.Abs(value) * scale, MidpointRounding.AwayFromZero);
            string digits = ((ulong)rounded).ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
            string expected = decimals == 0 ? digits : digits.Substring(0, digits.Length - decimals) + "." + digits.Substring(digits.Length - decimals);
            if (value < 0 && rounded != 0)
            {
                expected = "-" + expected;
            }

            buffer.Clear();
            buffer.AppendFixed(value, decimals);

            Assert.Equal(expected, buffer.ToString());
        }
    }

    [Fact]
    public void Append_PastCapacity_GrowsAndKeepsContent()
    {
        var buffer = new ByteBuffer(16);
        var expected = new byte[1000];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = (byte)(i * 31);
            buffer.Append(expected[i]);
        }

        Assert.Equal(1000, buffer.Length);
        Assert.True(buffer.Data.Length >= 1000);
        Assert.Equal(expected, buffer.ToArray());
    }

    [Fact]
    public void AppendBytes_LargerThanDoubleCapacity_GrowsToFit()
    {
        var buffer = new ByteBuffer(16);
        buffer.Append((byte)'x');
        var block = new byte[100];
        for (int i = 0; i < block.Length; i++)
        {
            block[i] = (byte)i;
        }

        buffer.Append(block, 10, 90);

        Assert.Equal(91, buffer.Length);
        byte[] content = buffer.ToArray();
        Assert.Equal((byte)'x', content[0]);
        Assert.Equal(block.AsSpan(10, 90).ToArray(), content.AsSpan(1).ToArray());
    }

    [Fact]
    public void AppendUtf8_MultiByteAcrossGrowth_KeepsSequencesIntact()
    {
        var buffer = new ByteBuffer(16);
        string text = new string('\u20ac', 50) + "\U0001F600";

        buffer.AppendUtf8(text);

        Assert.Equal(Encoding.UTF8.GetBytes(text), buffer.ToArray());
    }

    [Fact]
    public void Clear_AfterContent_KeepsCapacityAndRestarts()
    {
        var buffer = new ByteBuffer(16);
        buffer.AppendUtf8(new string('a', 100));
        byte[] data = buffer.Data;

        buffer.Clear();
        buffer.AppendUtf8("xy");

        Assert.Equal(2, buffer.Length);
        Assert.Same(data, buffer.Data);
        Assert.Equal("xy", buffer.ToString());
    }

    [Fact]
    public void Constructor_TinyCapacity_StillReservesMinimum()
    {
        var buffer = new ByteBuffer(0);

        Assert.Equal(0, buffer.Length);
        Assert.True(buffer.Data.Length >= 16);
        buffer.Append((byte)1);
        Assert.Equal(new byte[] { 1 }, buffer.ToArray());
    }

    [Fact]
    public void ToArray_ReturnsIndependentCopy()
    {
        var buffer = new ByteBuffer(16);
        buffer.AppendUtf8("abc");

        byte[] copy = buffer.ToArray();
        copy[0] = (byte)'z';

        Assert.Equal("abc", buffer.ToString());
        Assert.Equal(3, copy.Length);
    }
}
