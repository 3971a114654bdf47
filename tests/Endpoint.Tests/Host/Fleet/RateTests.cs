using System;
using Endpoint.Host.Fleet;

namespace Endpoint.Tests.Host.Fleet;

public class RateTests
{
    [Theory]
    [InlineData("2/min", 2 / 60.0)]
    [InlineData("0.5/s", 0.5)]
    [InlineData(" 10/h ", 10 / 3600.0)]
    [InlineData("1/day", 1 / 86400.0)]
    [InlineData("0/min", 0)]
    [InlineData("3/M", 3 / 60.0)]
    public void ParsePerSecond_Valid_ReturnsEventsPerSecond(string text, double expected)
    {
        Assert.Equal(expected, Rate.ParsePerSecond(text), 12);
    }

    [Theory]
    [InlineData("20s", 20_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("2min", 120_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("7", 7000)]
    [InlineData("0", 0)]
    public void ParseMilliseconds_Valid_ReturnsMilliseconds(string text, long expected)
    {
        Assert.Equal(expected, Rate.ParseMilliseconds(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("2")]
    [InlineData("/min")]
    [InlineData("-1/min")]
    [InlineData("2/fortnight")]
    [InlineData("NaN/s")]
    [InlineData("5000/s")]
    [InlineData("1e3/s")]
    public void ParsePerSecond_Invalid_ThrowsFormatExceptionNamingTheForm(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Rate.ParsePerSecond(text));
        Assert.Contains("/", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("-3s")]
    [InlineData("ten seconds")]
    [InlineData("1e400")]
    [InlineData("9999999h")]
    public void ParseMilliseconds_Invalid_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Rate.ParseMilliseconds(text));
    }

    [Fact]
    public void Parse_RandomInput_OnlyFormatExceptionsOrSaneValues()
    {
        var random = new Random(11);
        const string alphabet = "0123456789./smhindayMS -e+";
        for (int i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 12)];
            for (int k = 0; k < chars.Length; k++)
            {
                chars[k] = alphabet[random.Next(alphabet.Length)];
            }

            string text = new(chars);
            try
            {
                double r = Rate.ParsePerSecond(text);
                Assert.True(r >= 0 && r <= 1000, text);
            }
            catch (FormatException)
            {
            }

            try
            {
                long ms = Rate.ParseMilliseconds(text);
                Assert.True(ms >= 0, text);
            }
            catch (FormatException)
            {
            }
        }
    }

    [Theory]
    [InlineData(2, "2/s")]
    [InlineData(0.5, "30/min")]
    [InlineData(1 / 60.0, "1/min")]
    [InlineData(1 / 7200.0, "0.5/h")]
    public void Format_RoundTripsThroughParse(double perSecond, string expected)
    {
        Assert.Equal(expected, Rate.Format(perSecond));
        Assert.Equal(perSecond, Rate.ParsePerSecond(expected), 9);
    }
}
