using Endpoint.Core.Hardware;
using Endpoint.Core.Runtime;

namespace Endpoint.Drivers.Hlw8012
{
    /// <summary>Raised on the loop after each measurement window.</summary>
    public delegate void MeterSampledHandler(Hlw8012 meter);

    /// <summary>
    /// Energy metering with a pulse-output chip (HLW8012, BL0937, CSE7759): active power from the CF
    /// pulse rate, RMS current or voltage from the CF1 pulse rate (SEL chooses which), energy from the
    /// total of CF pulses. The pulses are counted in hardware (<see cref="IPulseCounter"/>); every
    /// <see cref="SampleIntervalMs"/> the driver turns the counts of the window into readings and
    /// switches SEL every <see cref="WindowsPerMode"/> windows, so current and voltage alternate.
    /// </summary>
    /// <remarks>
    /// <para>Energy is counted from pulses, not from power × time, so it is exact however the load
    /// changes within a window: each CF pulse is <see cref="MeteringChip.WattsPerHz"/> watt-seconds.</para>
    /// <para>Calibration factors multiply the datasheet values; <see cref="CalibratePower"/> and the
    /// others set them from a known load (the way Tasmota's PowerSet/VoltageSet/CurrentSet work).</para>
    /// <para>At low power the CF rate is low (BL0937 on a Shelly Plus Plug S: about 0.63 Hz per watt), so a
    /// 2 s window resolves about 0.8 W; longer windows resolve less but react slower.</para>
    /// </remarks>
    public sealed class Hlw8012
    {
        private readonly MeteringChip _chip;
        private readonly IPulseCounter _cf;
        private readonly IPulseCounter _cf1;
        private readonly IGpioPin _sel;
        private readonly bool _currentSelLevel;
        private readonly IScheduler _scheduler;
        private readonly IClock _clock;
        private int _timer;
        private long _lastMs;
        private long _lastCf;
        private long _lastCf1;
        private bool _currentMode;
        private int _windowsInMode;
        private double _powerHz = double.NaN;
        private double _currentHz = double.NaN;
        private double _voltageHz = double.NaN;
        private double _energyWh;

        /// <summary>
        /// Takes the counters on CF and CF1 and the SEL output; <paramref name="currentSelLevel"/> is the SEL
        /// level that selects the current (<see cref="MeteringChip.CurrentSelLevel"/> unless the board
        /// inverts SEL). Nothing is measured until <see cref="Start"/>.
        /// </summary>
        public Hlw8012(MeteringChip chip, IPulseCounter cf, IPulseCounter cf1, IGpioPin sel, bool currentSelLevel, IScheduler scheduler, IClock clock)
        {
            _chip = chip;
            _cf = cf;
            _cf1 = cf1;
            _sel = sel;
            _currentSelLevel = currentSelLevel;
            _scheduler = scheduler;
            _clock = clock;
            SampleIntervalMs = 2000;
            WindowsPerMode = 1;
            PowerCalibration = 1;
            VoltageCalibration = 1;
            CurrentCalibration = 1;
        }

        /// <summary>The chip model and its transfer functions.</summary>
        public MeteringChip Chip
        {
            get { return _chip; }
        }

        /// <summary>Length of a measurement window (set before <see cref="Start"/>).</summary>
        public long SampleIntervalMs { get; set; }

        /// <summary>Windows measured in one SEL mode before switching to the other.</summary>
        public int WindowsPerMode { get; set; }

        /// <summary>Multiplier on the datasheet power (and energy); 1 until calibrated.</summary>
        public double PowerCalibration { get; set; }

        /// <summary>Multiplier on the datasheet voltage.</summary>
        public double VoltageCalibration { get; set; }

        /// <summary>Multiplier on the datasheet current.</summary>
        public double CurrentCalibration { get; set; }

        /// <summary>Windows measured since <see cref="Start"/>.</summary>
        public int Samples { get; private set; }

        /// <summary>True while CF1 is switched to current.</summary>
        public bool MeasuringCurrent
        {
            get { return _currentMode; }
        }

        /// <summary>Energy counted so far, watt-hours (including what <see cref="RestoreEnergy"/> set).</summary>
        public double EnergyWh
        {
            get { return _energyWh; }
        }

        /// <summary>After each window (on the loop).</summary>
        public event MeterSampledHandler Sampled;

        /// <summary>Sets the energy total, e.g. restored from flash at boot.</summary>
        public void RestoreEnergy(double wattHours)
        {
            _energyWh = wattHours;
        }

        /// <summary>Starts measuring: voltage first, then alternating.</summary>
        public void Start()
        {
            if (_timer != 0)
            {
                return;
            }

            SetMode(false);
            _lastMs = _clock.UptimeMs;
            _lastCf = _cf.Read();
            _lastCf1 = _cf1.Read();
            _timer = _scheduler.SetInterval(SampleIntervalMs, Sample);
        }

        /// <summary>Stops measuring; readings stay as they were.</summary>
        public void Stop()
        {
            if (_timer != 0)
            {
                _scheduler.Cancel(_timer);
                _timer = 0;
            }
        }

        /// <summary>Active power of the last window, watts; false until a window has been measured.</summary>
        public bool TryReadPower(out double watts)
        {
            watts = _powerHz * _chip.WattsPerHz * PowerCalibration;
            return !double.IsNaN(watts);
        }

        /// <summary>RMS voltage of the last voltage window, volts; false until one has been measured.</summary>
        public bool TryReadVoltage(out double volts)
        {
            volts = _voltageHz * _chip.VoltsPerHz * VoltageCalibration;
            return !double.IsNaN(volts);
        }

        /// <summary>RMS current of the last current window, amperes; false until one has been measured.</summary>
        public bool TryReadCurrent(out double amps)
        {
            amps = _currentHz * _chip.AmpsPerHz * CurrentCalibration;
            return !double.IsNaN(amps);
        }

        /// <summary>
        /// Calibrates power so the present reading becomes <paramref name="actualWatts"/> (a known load, a
        /// reference meter). False, and no change, when there is no non-zero reading to scale.
        /// </summary>
        public bool CalibratePower(double actualWatts)
        {
            double factor = Factor(actualWatts, _powerHz * _chip.WattsPerHz);
            if (double.IsNaN(factor))
            {
                return false;
            }

            PowerCalibration = factor;
            return true;
        }

        /// <summary>Calibrates voltage so the present reading becomes <paramref name="actualVolts"/>.</summary>
        public bool CalibrateVoltage(double actualVolts)
        {
            double factor = Factor(actualVolts, _voltageHz * _chip.VoltsPerHz);
            if (double.IsNaN(factor))
            {
                return false;
            }

            VoltageCalibration = factor;
            return true;
        }

        /// <summary>Calibrates current so the present reading becomes <paramref name="actualAmps"/>.</summary>
        public bool CalibrateCurrent(double actualAmps)
        {
            double factor = Factor(actualAmps, _currentHz * _chip.AmpsPerHz);
            if (double.IsNaN(factor))
            {
                return false;
            }

            CurrentCalibration = factor;
            return true;
        }

        private static double Factor(double actual, double nominal)
        {
            if (double.IsNaN(nominal) || !(nominal > 0) || !(actual > 0) || double.IsInfinity(actual))
            {
                return double.NaN;
            }

            return actual / nominal;
        }

        private void Sample()
        {
            long now = _clock.UptimeMs;
            long cf = _cf.Read();
            long cf1 = _cf1.Read();
            long elapsed = now - _lastMs;
            if (elapsed <= 0)
            {
                return;
            }

            double seconds = elapsed / 1000.0;
            long pulses = cf - _lastCf;
            _powerHz = pulses / seconds;
            _energyWh += pulses * _chip.WattsPerHz * PowerCalibration / 3600.0;

            // SEL was switched at the start of this window, together with the previous read, so the whole
            // window counted one quantity.
            double cf1Hz = (cf1 - _lastCf1) / seconds;
            if (_currentMode)
            {
                _currentHz = cf1Hz;
            }
            else
            {
                _voltageHz = cf1Hz;
            }

            _lastMs = now;
            _lastCf = cf;
            _lastCf1 = cf1;
            Samples++;
            if (++_windowsInMode >= WindowsPerMode)
            {
                SetMode(!_currentMode);
            }

            MeterSampledHandler handler = Sampled;
            if (handler != null)
            {
                handler(this);
            }
        }

        private void SetMode(bool current)
        {
            _currentMode = current;
            _windowsInMode = 0;
            _sel.Write(current == _currentSelLevel);
        }
    }
}
