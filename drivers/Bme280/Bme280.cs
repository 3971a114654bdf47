using Endpoint.Core.Hardware;

namespace Endpoint.Drivers.Bme280
{
    /// <summary>
    /// Bosch BME280 temperature, pressure and humidity sensor on I2C in forced mode, the datasheet's
    /// "weather monitoring" setting (§3.5.1: 1× oversampling of each, filter off, one measurement per
    /// request) — datasheet: https://www.bosch-sensortec.com/media/boschsensortec/downloads/datasheets/bst-bme280-ds002.pdf.
    /// <see cref="Initialize"/> checks the chip id and reads the calibration once; then
    /// <see cref="StartMeasurement"/> writes ctrl_hum and ctrl_meas (forced mode) and, after
    /// <see cref="MeasurementMs"/>, <see cref="TryReadMeasurement"/> reads the data burst and applies the
    /// datasheet's integer compensation (<see cref="Bme280Calibration"/>). Never blocks; the bus is not owned.
    /// </summary>
    public sealed class Bme280
    {
        /// <summary>Address with SDO to GND; 0x77 with SDO to VDDIO.</summary>
        public const int DefaultAddress = 0x76;

        /// <summary>The chip id register's value for a BME280 (a BMP280, without humidity, reads 0x58).</summary>
        public const byte ExpectedChipId = 0x60;

        // ctrl_hum: osrs_h = 001 (1×). ctrl_meas: osrs_t = 001, osrs_p = 001, mode = 01 (forced) (§5.4.3, §5.4.5).
        private const byte HumidityOversampling1 = 0x01;
        private const byte ForcedMode1x = (1 << 5) | (1 << 2) | 0x01;
        private const byte MeasuringBit = 0x08;

        // A skipped or not yet measured channel reads 0x80000 (20-bit) or 0x8000 (16-bit) (§5.4.7–5.4.9).
        private const int Skipped20 = 0x80000;
        private const int Skipped16 = 0x8000;

        private readonly II2cBus _bus;
        private readonly int _address;
        private readonly byte[] _register = new byte[1];
        private readonly byte[] _status = new byte[1];
        private readonly byte[] _write = new byte[2];
        private readonly byte[] _data = new byte[8];
        private bool _started;

        /// <summary>Creates the driver for the part at <paramref name="address"/> on <paramref name="bus"/>.</summary>
        public Bme280(II2cBus bus, int address)
        {
            _bus = bus;
            _address = address;
        }

        /// <summary>I2C address.</summary>
        public int Address
        {
            get { return _address; }
        }

        /// <summary>Outcome of the last operation.</summary>
        public SensorStatus Status { get; private set; }

        /// <summary>The trimming parameters, null until <see cref="Initialize"/> succeeded.</summary>
        public Bme280Calibration Calibration { get; private set; }

        /// <summary>
        /// Milliseconds between start and read: with 1× oversampling of all three channels the maximum
        /// measurement time is 1.25 + 2.3 + (2.3 + 0.575) + (2.3 + 0.575) = 9.3 ms (datasheet §9.1), so 10.
        /// </summary>
        public int MeasurementMs
        {
            get { return 10; }
        }

        /// <summary>
        /// Reads the chip id and the calibration. False with <see cref="SensorStatus.NoResponse"/> when the part
        /// does not answer, <see cref="SensorStatus.InvalidData"/> when the id is not a BME280's.
        /// </summary>
        public bool Initialize()
        {
            byte[] id = new byte[1];
            if (!ReadRegisters(Bme280Register.ChipId, id, 1))
            {
                return false;
            }

            if (id[0] != ExpectedChipId)
            {
                Status = SensorStatus.InvalidData;
                return false;
            }

            byte[] tp = new byte[Bme280Calibration.TemperaturePressureLength];
            byte[] h = new byte[Bme280Calibration.HumidityLength];
            if (!ReadRegisters(Bme280Register.CalibrationTemperaturePressure, tp, tp.Length)
                || !ReadRegisters(Bme280Register.CalibrationHumidity, h, h.Length))
            {
                return false;
            }

            Calibration = Bme280Calibration.Parse(tp, 0, h, 0);
            Status = SensorStatus.Ok;
            return true;
        }

        /// <summary>Starts one forced-mode measurement. Initializes first when needed.</summary>
        public bool StartMeasurement()
        {
            _started = false;
            if (Calibration == null && !Initialize())
            {
                return false;
            }

            // ctrl_hum only takes effect with the following write of ctrl_meas (§5.4.3).
            if (!WriteRegister(Bme280Register.ControlHumidity, HumidityOversampling1)
                || !WriteRegister(Bme280Register.ControlMeasurement, ForcedMode1x))
            {
                return false;
            }

            _started = true;
            Status = SensorStatus.Ok;
            return true;
        }

        /// <summary>
        /// Reads the started measurement: true with °C, hPa and %RH, or false with NaN values and
        /// <see cref="Status"/> saying why (no acknowledge, still measuring — <see cref="SensorStatus.NoResponse"/>
        /// too, so the caller may retry —, a skipped channel, nothing started).
        /// </summary>
        public bool TryReadMeasurement(out double celsius, out double hectopascals, out double humidity)
        {
            celsius = double.NaN;
            hectopascals = double.NaN;
            humidity = double.NaN;
            if (!_started)
            {
                Status = SensorStatus.NotStarted;
                return false;
            }

            if (!ReadRegisters(Bme280Register.Status, _status, 1))
            {
                return false;
            }

            if ((_status[0] & MeasuringBit) != 0)
            {
                Status = SensorStatus.NoResponse;
                return false;
            }

            if (!ReadRegisters(Bme280Register.Data, _data, _data.Length))
            {
                return false;
            }

            _started = false;
            int adcP = (_data[0] << 12) | (_data[1] << 4) | (_data[2] >> 4);
            int adcT = (_data[3] << 12) | (_data[4] << 4) | (_data[5] >> 4);
            int adcH = (_data[6] << 8) | _data[7];
            if (adcT == Skipped20 || adcP == Skipped20 || adcH == Skipped16)
            {
                Status = SensorStatus.InvalidData;
                return false;
            }

            int tFine;
            celsius = Calibration.CompensateTemperature(adcT, out tFine) / 100.0;
            hectopascals = Calibration.CompensatePressure(adcP, tFine) / 25600.0;
            humidity = Calibration.CompensateHumidity(adcH, tFine) / 1024.0;
            Status = SensorStatus.Ok;
            return true;
        }

        /// <summary>Soft reset (0xB6 to 0xE0); the calibration is read again before the next measurement.</summary>
        public bool SoftReset()
        {
            _started = false;
            Calibration = null;
            return WriteRegister(Bme280Register.Reset, 0xB6);
        }

        private bool ReadRegisters(Bme280Register first, byte[] into, int count)
        {
            _register[0] = (byte)first;
            if (!_bus.WriteRead(_address, _register, 0, 1, into, 0, count))
            {
                Status = SensorStatus.NoResponse;
                return false;
            }

            return true;
        }

        private bool WriteRegister(Bme280Register register, byte value)
        {
            _write[0] = (byte)register;
            _write[1] = value;
            if (!_bus.Write(_address, _write, 0, 2))
            {
                Status = SensorStatus.NoResponse;
                return false;
            }

            return true;
        }
    }
}
