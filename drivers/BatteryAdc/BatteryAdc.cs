using Endpoint.Core.Hardware;

namespace Endpoint.Drivers.BatteryAdc
{
    /// <summary>
    /// Battery voltage through a resistor divider on an ADC input, and a charge estimate from it.
    /// volts = raw / max · full-scale · divider ratio, averaged over <see cref="Samples"/> conversions
    /// (the ESP32 ADC is noisy); percent is linear between <see cref="EmptyVolts"/> and
    /// <see cref="FullVolts"/>, clamped to 0–100. A reading at either end of the ADC's range is not a
    /// voltage (input floating, shorted, or above full scale) and is refused. The channel is not owned.
    /// </summary>
    public sealed class BatteryAdc
    {
        private readonly IAdcChannel _adc;
        private readonly double _dividerRatio;

        /// <summary>
        /// Creates the driver. <paramref name="dividerRatio"/> is battery volts per ADC volt: (R1 + R2) / R2,
        /// 2.0 for two equal resistors.
        /// </summary>
        public BatteryAdc(IAdcChannel adc, double dividerRatio)
        {
            _adc = adc;
            _dividerRatio = dividerRatio;
            Samples = 8;
            FullVolts = 3.0;
            EmptyVolts = 2.0;
        }

        /// <summary>Conversions averaged per reading.</summary>
        public int Samples { get; set; }

        /// <summary>Voltage read as 100 %: 3.0 V for two fresh alkaline AA cells (1.5 V each).</summary>
        public double FullVolts { get; set; }

        /// <summary>Voltage read as 0 %: 2.0 V for two AA cells (1.0 V per cell, the usual end-of-life voltage).</summary>
        public double EmptyVolts { get; set; }

        /// <summary>Battery volts per ADC volt.</summary>
        public double DividerRatio
        {
            get { return _dividerRatio; }
        }

        /// <summary>Outcome of the last read.</summary>
        public SensorStatus Status { get; private set; }

        /// <summary>Reads the battery: true with volts and percent, or false (NaN values, <see cref="SensorStatus.InvalidData"/>) when the ADC reads its minimum or maximum.</summary>
        public bool TryRead(out double volts, out double percent)
        {
            volts = double.NaN;
            percent = double.NaN;
            int samples = Samples < 1 ? 1 : Samples;
            long sum = 0;
            for (int i = 0; i < samples; i++)
            {
                int raw = _adc.ReadRaw();
                if (raw <= 0 || raw >= _adc.MaxValue)
                {
                    Status = SensorStatus.InvalidData;
                    return false;
                }

                sum += raw;
            }

            double adcVolts = (double)sum / samples / _adc.MaxValue * _adc.FullScaleMillivolts / 1000.0;
            volts = adcVolts * _dividerRatio;
            percent = PercentOf(volts);
            Status = SensorStatus.Ok;
            return true;
        }

        /// <summary>The linear charge estimate of <paramref name="volts"/>, 0–100.</summary>
        public double PercentOf(double volts)
        {
            double span = FullVolts - EmptyVolts;
            double p = span <= 0 ? 0 : (volts - EmptyVolts) / span * 100.0;
            if (p < 0)
            {
                return 0;
            }

            return p > 100 ? 100 : p;
        }
    }
}
