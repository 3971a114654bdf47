using Endpoint.Core.Hardware;
using Endpoint.Drivers.Bme280;

namespace Endpoint.Apps.Sensor
{
    /// <summary>A BME280 as the climate part (forced mode, 1× oversampling).</summary>
    public sealed class Bme280Climate : IClimateSensor
    {
        private readonly Bme280 _sensor;

        /// <summary>Wraps <paramref name="sensor"/>.</summary>
        public Bme280Climate(Bme280 sensor)
        {
            _sensor = sensor;
        }

        /// <inheritdoc />
        public string Model
        {
            get { return "BME280"; }
        }

        /// <inheritdoc />
        public bool HasPressure
        {
            get { return true; }
        }

        /// <inheritdoc />
        public int MeasurementMs
        {
            get { return _sensor.MeasurementMs; }
        }

        /// <inheritdoc />
        public SensorStatus Status
        {
            get { return _sensor.Status; }
        }

        /// <inheritdoc />
        public bool Start()
        {
            return _sensor.StartMeasurement();
        }

        /// <inheritdoc />
        public bool TryRead(SensorReadings readings)
        {
            return _sensor.TryReadMeasurement(out readings.Celsius, out readings.Hectopascals, out readings.Humidity);
        }
    }
}
