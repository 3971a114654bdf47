using Endpoint.Core.Hardware;

namespace Endpoint.Drivers.Sht3x
{
    /// <summary>
    /// Sensirion SHT30/31/35 temperature and humidity sensor on I2C, single-shot mode without clock
    /// stretching (datasheet: https://sensirion.com/media/documents/213E6A3B/63A5A569/Datasheet_SHT3x_DIS.pdf).
    /// Non-blocking: <see cref="StartMeasurement"/> sends the command; after <see cref="MeasurementMs"/>
    /// <see cref="TryReadMeasurement"/> reads 6 bytes. Without clock stretching the sensor does not
    /// acknowledge a read while it is converting (§4.4), so the I2C bus is never held. Each word is
    /// checked against its CRC (§4.12): a mismatch is an error, never a stale value. The bus is not owned.
    /// </summary>
    public sealed class Sht3x
    {
        /// <summary>Address with the ADDR pin low; 0x45 with ADDR high.</summary>
        public const int DefaultAddress = 0x44;

        private readonly SensirionChannel _channel;

        /// <summary>Creates the driver for the part at <paramref name="address"/> on <paramref name="bus"/>.</summary>
        public Sht3x(II2cBus bus, int address)
        {
            _channel = new SensirionChannel(bus, address, 2);
            Repeatability = Sht3xRepeatability.High;
        }

        /// <summary>I2C address.</summary>
        public int Address
        {
            get { return _channel.Address; }
        }

        /// <summary>Repeatability of the next measurement; high by default.</summary>
        public Sht3xRepeatability Repeatability { get; set; }

        /// <summary>Outcome of the last operation.</summary>
        public SensorStatus Status
        {
            get { return _channel.Status; }
        }

        /// <summary>Milliseconds between start and read: the datasheet's maximum duration (15, 6, 4 ms, Table 4) plus 1 ms of margin for the sensor's clock.</summary>
        public int MeasurementMs
        {
            get
            {
                switch (Repeatability)
                {
                    case Sht3xRepeatability.Medium:
                        return 7;
                    case Sht3xRepeatability.Low:
                        return 5;
                    default:
                        return 16;
                }
            }
        }

        /// <summary>Sends the single-shot command for <see cref="Repeatability"/>. False (NoResponse) without an acknowledge.</summary>
        public bool StartMeasurement()
        {
            switch (Repeatability)
            {
                case Sht3xRepeatability.Medium:
                    return _channel.Start((int)Sht3xCommand.MeasureMedium);
                case Sht3xRepeatability.Low:
                    return _channel.Start((int)Sht3xCommand.MeasureLow);
                default:
                    return _channel.Start((int)Sht3xCommand.MeasureHigh);
            }
        }

        /// <summary>
        /// Reads the started measurement: true with °C and %RH (§4.13), or false with NaN values and
        /// <see cref="Status"/> saying why (still converting or gone, CRC mismatch, nothing started).
        /// </summary>
        public bool TryReadMeasurement(out double celsius, out double humidity)
        {
            celsius = double.NaN;
            humidity = double.NaN;
            if (!_channel.TryReadWords(out int rawCelsius, out int rawHumidity))
            {
                return false;
            }

            celsius = ToCelsius(rawCelsius);
            humidity = ToRelativeHumidity(rawHumidity);
            return true;
        }

        /// <summary>Sends the soft reset (0x30A2); the part is ready again within 1.5 ms (datasheet Table 4, t_SR).</summary>
        public bool SoftReset()
        {
            return _channel.Send((int)Sht3xCommand.SoftReset);
        }

        /// <summary>Temperature conversion, datasheet §4.13: T = −45 + 175 · S_T / (2¹⁶ − 1) °C.</summary>
        public static double ToCelsius(int raw)
        {
            return -45.0 + (175.0 * raw / 65535.0);
        }

        /// <summary>Humidity conversion, datasheet §4.13: RH = 100 · S_RH / (2¹⁶ − 1) %RH.</summary>
        public static double ToRelativeHumidity(int raw)
        {
            return 100.0 * raw / 65535.0;
        }
    }
}
