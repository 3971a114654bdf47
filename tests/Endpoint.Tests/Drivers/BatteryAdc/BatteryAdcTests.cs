using Endpoint.Core.Hardware;
using Endpoint.Host.Simulation;
using Endpoint.Host.Simulation.Parts;
using Endpoint.Host.Runtime;
using BatteryAdcDriver = Endpoint.Drivers.BatteryAdc.BatteryAdc;

namespace Endpoint.Tests.Drivers.BatteryAdc;

public class BatteryAdcTests
{
    private sealed class FixedAdc(params int[] raws) : IAdcChannel
    {
        private int _i;
        public int Reads { get; private set; }
        public int MaxValue => 4095;
        public int FullScaleMillivolts => 3100;
        public int ReadRaw()
        {
            Reads++;
            return raws[_i++ % raws.Length];
        }
    }

    [Fact]
    public void TryRead_DividerTimesAdcVolts()
    {
        // 2048 of 4095 at 3100 mV full scale is 1.5504 V at the pin; a 1:1 divider doubles it.
        var battery = new BatteryAdcDriver(new FixedAdc(2048), 2.0);
        Assert.True(battery.TryRead(out double volts, out double percent));
        Assert.Equal(2048.0 / 4095 * 3.1 * 2, volts, 6);
        Assert.Equal(100, percent); // above 3.0 V: full
    }

    [Fact]
    public void TryRead_AveragesSamples()
    {
        var adc = new FixedAdc(1600, 1700);
        var battery = new BatteryAdcDriver(adc, 2.0) { Samples = 8 };
        Assert.True(battery.TryRead(out double volts, out _));
        Assert.Equal(8, adc.Reads);
        Assert.Equal(1650.0 / 4095 * 3.1 * 2, volts, 6);
    }

    [Theory]
    [InlineData(3.0, 100)]
    [InlineData(2.5, 50)]
    [InlineData(2.2, 20)]
    [InlineData(2.0, 0)]
    [InlineData(1.7, 0)]
    [InlineData(3.3, 100)]
    public void PercentOf_LinearBetweenEmptyAndFull(double volts, double percent)
    {
        var battery = new BatteryAdcDriver(new FixedAdc(1), 2.0);
        Assert.Equal(percent, battery.PercentOf(volts), 6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    public void TryRead_RailReading_IsNotAVoltage(int raw)
    {
        var battery = new BatteryAdcDriver(new FixedAdc(2000, raw), 2.0);
        Assert.False(battery.TryRead(out double volts, out double percent));
        Assert.True(double.IsNaN(volts) && double.IsNaN(percent));
        Assert.Equal(SensorStatus.InvalidData, battery.Status);
    }

    [Fact]
    public void TryRead_SimulatedDividerInput_RecoversTheBatteryVoltage()
    {
        var world = new SimulatedEnvironment(new ManualClock()) { Noise = 0, BatteryVolts = 2.75, DrainVoltsPerDay = 0 };
        var battery = new BatteryAdcDriver(new SimulatedBatteryAdc(world, 2.0), 2.0);
        Assert.True(battery.TryRead(out double volts, out double percent));
        Assert.Equal(2.75, volts, 2);
        Assert.Equal(75, percent, 0);
    }
}
