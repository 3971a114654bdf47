using Endpoint.Core.Hardware;

namespace Endpoint.Drivers.Sht4x
{
    /// <summary>
    /// Sensirion SHT40/41/43/45 temperature and humidity sensor on I2C (datasheet:
    /// https://sensirion.com/media/documents/33FD6951/662A593A/HT_DS_Datasheet_SHT4x.pdf).
    /// Non-blocking: <see cref="StartMeasurement"/> sends the command, and after
    /// <see cref="MeasurementMs"/> (armed on the scheduler by the caller) <see cref="TryReadMeasurement"/>
    /// reads the 6-byte answer. Every word is checked against its CRC (§4.4): a mismatch is an error
    /// (<see cref="SensorStatus.CrcMismatch"/>), never a stale value. The bus is shared and not owned.
    /// </summary>
    public sealed class Sht4x
    {
        /// <summary>Address of the SHT40-AD1B and most breakout boards; the -BD1B answers at 0x45, -CD1B at 0x46.</summary>
        public const int DefaultAddress = 0x44;

        /// <summary>Time the sensor needs after a soft reset, in ms (datasheet: soft reset time at most 1 ms).</summary>
        public const int SoftResetMs = 1;

        private readonly SensirionChannel _channel;

        /// <summary>Creates the driver for the part at <paramref name="address"/> on <paramref name="bus"/>.</summary>
        public Sht4x(II2cBus bus, int address)
        {
            _channel = new SensirionChannel(bus, address, 1);
            Precision = Sht4xPrecision.High;
        }

        /// <summary>I2C address.</summary>
        public int Address
        {
            get { return _channel.Address; }
        }

        /// <summary>Repeatability of the next measurement; high by default.</summary>
        public Sht4xPrecision Precision { get; set; }

        /// <summary>Outcome of the last operation.</summary>
        public SensorStatus Status
        {
            get { return _channel.Status; }
        }

        /// <summary>
        /// Milliseconds to wait between <see cref="StartMeasurement"/> and <see cref="TryReadMeasurement"/>:
        /// the datasheet's maximum duration for <see cref="Precision"/> rounded up (8.3, 4.5, 1.6 ms).
        /// </summary>
        public int MeasurementMs
        {
            get
            {
                switch (Precision)
                {
                    case Sht4xPrecision.Medium:
                        return 5;
                    case Sht4xPrecision.Low:
                        return 2;
                    default:
                        return 9;
                }
            }
        }

        /// <summary>Sends the measure command for <see cref="Precision"/>. False (status NoResponse) when the part does not acknowledge.</summary>
        public bool StartMeasurement()
        {
            switch (Precision)
            {
                case Sht4xPrecision.Medium:
                    return _channel.Start((int)Sht4xCommand.MeasureMediumPrecision);
                case Sht4xPrecision.Low:
                    return _channel.Start((int)Sht4xCommand.MeasureLowPrecision);
                default:
                    return _channel.Start((int)Sht4xCommand.MeasureHighPrecision);
            }
        }

        /// <summary>
        /// Reads the measurement started by <see cref="StartMeasurement"/>. On success returns true with
        /// °C and %RH (cropped to 0–100, §4.6). Otherwise returns false with both values NaN and
        /// <see cref="Status"/> saying why: no acknowledge (still converting, or gone), CRC mismatch, or no
        /// measurement started. A measurement is read at most once.
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

        /// <summary>Sends the soft reset (0x94); wait <see cref="SoftResetMs"/> before the next command.</summary>
        public bool SoftReset()
        {
            return _channel.Send((int)Sht4xCommand.SoftReset);
        }

        /// <summary>Asks for the serial number (0x89); read it with <see cref="TryReadSerialNumber"/> after about 1 ms.</summary>
        public bool StartReadSerialNumber()
        {
            return _channel.Start((int)Sht4xCommand.ReadSerialNumber);
        }

        /// <summary>Reads the 32-bit serial number (two CRC-checked words, most significant first).</summary>
        public bool TryReadSerialNumber(out uint serial)
        {
            serial = 0;
            if (!_channel.TryReadWords(out int high, out int low))
            {
                return false;
            }

            serial = ((uint)high << 16) | (uint)low;
            return true;
        }

        /// <summary>Temperature conversion, datasheet §4.6: T = −45 + 175 · S_T / (2¹⁶ − 1) °C.</summary>
        public static double ToCelsius(int raw)
        {
            return -45.0 + (175.0 * raw / 65535.0);
        }

        /// <summary>Humidity conversion, datasheet §4.6: RH = −6 + 125 · S_RH / (2¹⁶ − 1) %RH, cropped to 0–100 as the datasheet advises.</summary>
        public static double ToRelativeHumidity(int raw)
        {
            double rh = -6.0 + (125.0 * raw / 65535.0);
            if (rh < 0)
            {
                return 0;
            }

            return rh > 100 ? 100 : rh;
        }
    }
}
