using System.Globalization;
using System.Threading;
using Endpoint.Core.Boards;

namespace Endpoint.Tests.Core.Boards;

public class BoardPartTests
{
    private static BoardPart With(string name, string value)
    {
        var part = new BoardPart("worldsemi,ws2812", null, -1);
        part.SetProperty(name, value);
        return part;
    }

    [Theory]
    [InlineData("12", 12)]
    [InlineData("0", 0)]
    [InlineData("-3", -3)]
    [InlineData("", 7)]
    [InlineData("-", 7)]
    [InlineData("1.5", 7)]
    [InlineData("12a", 7)]
    [InlineData("1234567890", 7)]
    public void GetIntProperty_ParsesPlainIntegersElseFallback(string text, int expected)
    {
        Assert.Equal(expected, With("count", text).GetIntProperty("count", 7));
    }

    [Theory]
    [InlineData("2", 2.0)]
    [InlineData("2.5", 2.5)]
    [InlineData("-0.125", -0.125)]
    [InlineData("0.001", 0.001)]
    [InlineData("1830", 1830.0)]
    [InlineData(".5", 0.5)]
    [InlineData("2,5", 9.0)]
    [InlineData("1e3", 9.0)]
    [InlineData("1.2.3", 9.0)]
    [InlineData("", 9.0)]
    [InlineData("-", 9.0)]
    public void GetDoubleProperty_ParsesBoardJsonNumbersElseFallback(string text, double expected)
    {
        Assert.Equal(expected, With("ratio", text).GetDoubleProperty("ratio", 9.0), 12);
    }

    [Fact]
    public void GetDoubleProperty_IgnoresTheCulture()
    {
        var saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(2.5, With("ratio", "2.5").GetDoubleProperty("ratio", 0), 12);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }

    [Fact]
    public void GetProperty_AbsentGivesNullOrFallback()
    {
        var part = new BoardPart("bosch,bme280", "i2c0", 0x76);

        Assert.Null(part.GetProperty("pin"));
        Assert.Equal("GRB", part.GetProperty("order", "GRB"));
        Assert.Equal(5, part.GetIntProperty("count", 5));
        Assert.Empty(part.PropertyNames);
    }
}
