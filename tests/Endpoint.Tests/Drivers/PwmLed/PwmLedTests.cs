using Endpoint.Core.Hardware;
using Endpoint.Drivers.PwmLed;

namespace Endpoint.Tests.Drivers.PwmLed;

public class PwmLedTests
{
    private sealed class FakePwm : IPwmChannel
    {
        public double DutyCycle { get; set; } = 0.5;
        public int Frequency => 1000;
    }

    [Fact]
    public void Constructor_SwitchesOff()
    {
        var pwm = new FakePwm();
        _ = new Endpoint.Drivers.PwmLed.PwmLed(pwm, false);
        Assert.Equal(0, pwm.DutyCycle);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(255, 1.0)]
    [InlineData(127.5, 0.1842)]
    [InlineData(1, 0.0004)]
    public void SetBrightness_PerceivedToDutyThroughCie(double brightness, double duty)
    {
        var pwm = new FakePwm();
        var led = new Endpoint.Drivers.PwmLed.PwmLed(pwm, false);
        led.SetBrightness(brightness);
        Assert.Equal(duty, pwm.DutyCycle, 4);
        Assert.Equal(duty, led.Level, 4);
    }

    [Fact]
    public void ActiveLow_InvertsDuty()
    {
        var pwm = new FakePwm();
        var led = new Endpoint.Drivers.PwmLed.PwmLed(pwm, true);
        Assert.Equal(1, pwm.DutyCycle);
        led.SetLinear(0.25);
        Assert.Equal(0.75, pwm.DutyCycle, 10);
        led.SetLinear(7);
        Assert.Equal(0, pwm.DutyCycle);
    }

    [Theory]
    [InlineData(6500, 1.0)]
    [InlineData(8000, 1.0)]
    [InlineData(2700, 0.0)]
    [InlineData(1500, 0.0)]
    [InlineData(3861, 0.5)]   // halfway in mireds: (370 + 154) / 2 = 262 mired ≈ 3817 K; 3861 K = 259 mired
    public void CwWw_ColdShareLinearInMireds(int kelvin, double coldShare)
    {
        var led = new CwWwLed(new Endpoint.Drivers.PwmLed.PwmLed(new FakePwm(), false), new Endpoint.Drivers.PwmLed.PwmLed(new FakePwm(), false), 6500, 2700);
        Assert.Equal(coldShare, led.ColdShare(kelvin), 1);
    }

    [Fact]
    public void CwWw_TotalLightConstantAcrossTemperatures()
    {
        var cold = new FakePwm();
        var warm = new FakePwm();
        var led = new CwWwLed(new Endpoint.Drivers.PwmLed.PwmLed(cold, false), new Endpoint.Drivers.PwmLed.PwmLed(warm, false), 6500, 2700);
        for (int k = 2700; k <= 6500; k += 200)
        {
            led.Set(200, k);
            Assert.Equal(Endpoint.Core.Light.Lightness.ToLinear(200), cold.DutyCycle + warm.DutyCycle, 10);
        }

        led.Set(255, 2700);
        Assert.Equal((0.0, 1.0), (cold.DutyCycle, warm.DutyCycle));
        led.Set(0, 4000);
        Assert.Equal((0.0, 0.0), (cold.DutyCycle, warm.DutyCycle));
    }
}
