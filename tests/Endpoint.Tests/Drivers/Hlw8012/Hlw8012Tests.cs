using Endpoint.Core.Hardware;
using Endpoint.Core.Runtime;
using Endpoint.Drivers.Hlw8012;
using Endpoint.Host.Runtime;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Drivers.Hlw8012;

public class Hlw8012Tests
{
    // BL0937 datasheet (V1.02, frequency outputs), Vref = 1.218 V, written out here independently of
    // MeteringChip: F_CF = 1721506·V(V)·V(I)/Vref², F_CFI = 94638·V(I)/Vref, F_CFU = 15397·V(V)/Vref.
    private const double Vref = 1.218;
    private const double Shunt = 0.001;
    private const double Divider = 1830;

    private static double CfHz(double volts, double amps) => 1721506 * (volts / Divider) * (amps * Shunt) / (Vref * Vref);

    private static double CurrentHz(double amps) => 94638 * (amps * Shunt) / Vref;

    private static double VoltageHz(double volts) => 15397 * (volts / Divider) / Vref;

    private sealed class FakeCounter : IPulseCounter
    {
        public double Exact;
        public long Read() => (long)System.Math.Floor(Exact);
    }

    private sealed class FakePin : IGpioPin
    {
        public bool Level;
        public int Writes;
        public int Number => 19;
        public bool Read() => Level;
        public void Write(bool high)
        {
            Level = high;
            Writes++;
        }

        public event PinChangedHandler Changed { add { } remove { } }
    }

    /// <summary>A BL0937 as its pins would look: CF and CF1 count at the datasheet frequencies for a load, CF1 per SEL.</summary>
    private sealed class Rig
    {
        public readonly ManualClock Clock = new();
        public readonly EventLoop Loop;
        public readonly FakeCounter Cf = new();
        public readonly FakeCounter Cf1 = new();
        public readonly FakePin Sel = new();
        public readonly Endpoint.Drivers.Hlw8012.Hlw8012 Meter;
        public double Volts = 230;
        public double Amps = 1;
        public double PowerFactor = 1;

        public Rig()
        {
            Loop = new EventLoop(Clock, new TestLog());
            Meter = new Endpoint.Drivers.Hlw8012.Hlw8012(MeteringChip.Bl0937(Shunt, Divider), Cf, Cf1, Sel, false, Loop, Clock);
        }

        // Advance in 100 ms steps, counting pulses as the chip would with the SEL level of the moment.
        public void Run(long ms)
        {
            for (long t = 0; t < ms; t += 100)
            {
                Cf.Exact += CfHz(Volts, Amps) * PowerFactor * 0.1;
                Cf1.Exact += (Sel.Level ? VoltageHz(Volts) : CurrentHz(Amps)) * 0.1;
                LoopStepper.Advance(Loop, Clock, 100);
            }
        }
    }

    [Fact]
    public void Chip_Bl0937_TransferFunctionsMatchDatasheet()
    {
        var chip = MeteringChip.Bl0937(Shunt, Divider);
        Assert.Equal(230 * 1.0, CfHz(230, 1) * chip.WattsPerHz, 6);
        Assert.Equal(1.0, CurrentHz(1) * chip.AmpsPerHz, 9);
        Assert.Equal(230.0, VoltageHz(230) * chip.VoltsPerHz, 6);
        Assert.False(chip.CurrentSelLevel);

        // Worked example: 230 V, 10 A on 1 mΩ and 1:1830 → CF ≈ 1458.4 Hz, CF1 ≈ 777 Hz (I) and ≈ 1589 Hz (U).
        Assert.Equal(1458.4, CfHz(230, 10), 1);
        Assert.Equal(777.0, CurrentHz(10), 0);
        Assert.Equal(1588.8, VoltageHz(230), 1);
    }

    [Fact]
    public void Start_VoltageFirst_ThenAlternatesSelEveryWindow()
    {
        var rig = new Rig();
        rig.Meter.Start();
        Assert.True(rig.Sel.Level); // BL0937: SEL high = voltage
        Assert.False(rig.Meter.MeasuringCurrent);
        rig.Run(2000);
        Assert.True(rig.Meter.MeasuringCurrent);
        Assert.False(rig.Sel.Level);
        rig.Run(2000);
        Assert.True(rig.Sel.Level);
        Assert.Equal(2, rig.Meter.Samples);
    }

    [Theory]
    [InlineData(230, 1.0)]
    [InlineData(230, 10.87)]
    [InlineData(120, 0.5)]
    public void Readings_FromPulseRates(double volts, double amps)
    {
        var rig = new Rig { Volts = volts, Amps = amps };
        Assert.False(rig.Meter.TryReadPower(out _));
        rig.Meter.Start();
        rig.Run(4000);

        Assert.True(rig.Meter.TryReadPower(out double watts));
        Assert.True(rig.Meter.TryReadVoltage(out double measuredVolts));
        Assert.True(rig.Meter.TryReadCurrent(out double measuredAmps));
        // One pulse of quantisation per 2 s window: 0.8 W, about 0.003 A and 0.07 V on this board.
        Assert.Equal(volts * amps, watts, 1.0);
        Assert.Equal(volts, measuredVolts, 0.2);
        Assert.Equal(amps, measuredAmps, 0.01);
    }

    [Fact]
    public void Energy_CountedFromPulses_OneKilowattHour()
    {
        var rig = new Rig { Volts = 250, Amps = 4 }; // 1000 W
        rig.Meter.RestoreEnergy(500);
        rig.Meter.Start();
        rig.Run(3_600_000);
        // A window's pulses are whole numbers; the fraction left in the counter is at most one pulse (0.00044 Wh).
        Assert.Equal(1500, rig.Meter.EnergyWh, 0.01);
    }

    [Fact]
    public void CalibratePower_KnownLoad_ScalesPowerAndEnergy()
    {
        var rig = new Rig();
        rig.Meter.Start();
        rig.Run(2000);
        Assert.True(rig.Meter.TryReadPower(out double raw));
        Assert.True(rig.Meter.CalibratePower(raw * 1.1));
        Assert.Equal(1.1, rig.Meter.PowerCalibration, 6);
        Assert.True(rig.Meter.TryReadPower(out double calibrated));
        Assert.Equal(raw * 1.1, calibrated, 6);

        double before = rig.Meter.EnergyWh;
        rig.Run(36_000);
        Assert.Equal(230 * 1.1 * 36 / 3600, rig.Meter.EnergyWh - before, 0.01);
    }

    [Fact]
    public void CalibrateVoltageAndCurrent_KnownValues()
    {
        var rig = new Rig();
        rig.Meter.Start();
        rig.Run(4000);
        Assert.True(rig.Meter.CalibrateVoltage(240));
        Assert.True(rig.Meter.CalibrateCurrent(0.9));
        rig.Meter.TryReadVoltage(out double v);
        rig.Meter.TryReadCurrent(out double a);
        Assert.Equal(240, v, 6);
        Assert.Equal(0.9, a, 6);
    }

    [Fact]
    public void Calibrate_WithoutReading_RefusedAndUnchanged()
    {
        var rig = new Rig { Amps = 0 };
        Assert.False(rig.Meter.CalibratePower(60));
        rig.Meter.Start();
        rig.Run(4000);
        Assert.False(rig.Meter.CalibratePower(60)); // 0 W: nothing to scale
        Assert.False(rig.Meter.CalibrateCurrent(0.26));
        Assert.False(rig.Meter.CalibrateVoltage(-1));
        Assert.Equal(1, rig.Meter.PowerCalibration);
        Assert.Equal(1, rig.Meter.CurrentCalibration);
        Assert.Equal(1, rig.Meter.VoltageCalibration);
    }

    [Fact]
    public void Stop_NoMoreSamples()
    {
        var rig = new Rig();
        int samples = 0;
        rig.Meter.Sampled += _ => samples++;
        rig.Meter.Start();
        rig.Run(4000);
        rig.Meter.Stop();
        rig.Run(10000);
        Assert.Equal(2, samples);
    }

    [Fact]
    public void Hlw8012_SelHighSelectsCurrent()
    {
        var clock = new ManualClock();
        var loop = new EventLoop(clock, null);
        var sel = new FakePin();
        var chip = MeteringChip.Hlw8012(0.001, 2351);
        var meter = new Endpoint.Drivers.Hlw8012.Hlw8012(chip, new FakeCounter(), new FakeCounter(), sel, chip.CurrentSelLevel, loop, clock);
        meter.Start();
        Assert.False(sel.Level);
        LoopStepper.Advance(loop, clock, 2000);
        Assert.True(sel.Level);
        Assert.True(meter.MeasuringCurrent);
    }
}
