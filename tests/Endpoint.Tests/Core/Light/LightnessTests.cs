using Endpoint.Core.Light;

namespace Endpoint.Tests.Core.Light;

public class LightnessTests
{
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(255, 1.0)]
    [InlineData(127.5, 0.184187)]   // L* = 50 → Y = (66/116)³ (CIE 15:2004)
    [InlineData(20.4, 0.008856)]    // L* = 8, where the curve's linear toe meets the cube: 8 / 903.3
    [InlineData(10.2, 0.004428)]    // L* = 4, on the toe: 4 / 903.3
    public void ToLinear_MatchesCie1931(double brightness, double expected)
    {
        Assert.Equal(expected, Lightness.ToLinear(brightness), 4);
    }

    [Fact]
    public void ToLinear_StrictlyIncreasingOverTheScale()
    {
        double previous = -1;
        for (double b = 0; b <= 255; b += 0.25)
        {
            double y = Lightness.ToLinear(b);
            Assert.True(y > previous, $"not increasing at {b}");
            previous = y;
        }
    }

    [Theory]
    [InlineData(-3, 0.0)]
    [InlineData(300, 1.0)]
    [InlineData(double.NaN, 0.0)]
    public void ToLinear_OutOfRange_Clamped(double brightness, double expected)
    {
        Assert.Equal(expected, Lightness.ToLinear(brightness));
    }
}
