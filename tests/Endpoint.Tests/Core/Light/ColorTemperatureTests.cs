using Endpoint.Core.Light;

namespace Endpoint.Tests.Core.Light;

public class ColorTemperatureTests
{
    [Theory]
    [InlineData(2700, 370)]
    [InlineData(6500, 154)]
    [InlineData(4000, 250)]
    public void KelvinToMired_Rounds(int kelvin, int mired)
    {
        Assert.Equal(mired, ColorTemperature.KelvinToMired(kelvin));
        Assert.InRange(ColorTemperature.MiredToKelvin(mired), kelvin - 10, kelvin + 10);
    }

    [Fact]
    public void ToRgb_DaylightIsNearWhiteAndIncandescentIsWarm()
    {
        ColorTemperature.ToRgb(6500, out int r, out int g, out int b);
        Assert.True(r >= 250 && g >= 245 && b >= 240, $"6500 K = ({r},{g},{b})");
        ColorTemperature.ToRgb(2700, out r, out g, out b);
        Assert.Equal(255, r);
        Assert.InRange(g, 160, 175);
        Assert.InRange(b, 80, 95);
    }

    [Fact]
    public void ToRgb_BlueRisesAndRedFallsWithTemperature()
    {
        int lastBlue = -1;
        for (int k = 2000; k <= 6600; k += 100)
        {
            ColorTemperature.ToRgb(k, out int r, out _, out int b);
            Assert.Equal(255, r);
            Assert.True(b >= lastBlue);
            lastBlue = b;
        }

        ColorTemperature.ToRgb(10000, out int red, out _, out int blue);
        Assert.True(red < 255 && blue == 255);
    }
}
