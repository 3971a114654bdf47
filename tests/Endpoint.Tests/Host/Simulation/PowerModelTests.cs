using System.Collections.Generic;
using System.Linq;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Host.Simulation;

public class PowerModelTests
{
    [Fact]
    public void WakeCharge_QuietIsBootAndReadingOnTheCpu_ReportAddsTheRadio()
    {
        var m = new PowerModel();
        Assert.Equal(25 * (600 + 10) / 1000.0, m.WakeCharge(10, false), 9);
        double radio = 84 * 0.9 + 335 * 0.1;
        Assert.Equal(radio, m.RadioMilliAmps, 9);
        Assert.Equal((25 * 610 + radio * 1600) / 1000.0, m.WakeCharge(10, true), 9);
        Assert.Equal(2210, m.HardwareAwakeMs(10, true));
    }

    [Fact]
    public void Estimate_OnlySleeping_IsDeepSleepThroughTheConverter()
    {
        var m = new PowerModel { BootMs = 0, CpuMilliAmps = 0 };
        var wakes = Enumerable.Repeat(new BatteryWake(0, false, 300_000), 10).ToList();
        var e = m.Estimate(wakes);
        Assert.Equal(5, e.LoadMicroAmps, 6);
        double battery = 5 * 3.3 / (3.0 * 0.85) + 10;
        Assert.Equal(battery, e.BatteryMicroAmps, 6);
        Assert.Equal(2500 / (battery / 1000) / 24, e.LifeDays, 6);
    }

    [Fact]
    public void Estimate_MoreReports_ShorterLife()
    {
        var m = new PowerModel();
        var quiet = Enumerable.Range(0, 288).Select(i => new BatteryWake(9, i % 12 == 0, 300_000 - 9)).ToList();
        var busy = quiet.Select(w => w with { Reported = true }).ToList();
        Assert.True(m.Estimate(busy).LifeDays < m.Estimate(quiet).LifeDays / 3);
        Assert.Equal(24, m.Estimate(quiet).Reports);
    }

    [Fact]
    public void Estimate_NoWakes_Refused() => Assert.Throws<System.ArgumentException>(() => new PowerModel().Estimate(new List<BatteryWake>()));
}
