using Endpoint.Core.Hardware;
using Endpoint.Drivers.Sht3x;

namespace Endpoint.Apps.Sensor
{
    /// <summary>An SHT3x as the climate part (high repeatability, single shot).</summary>
    public sealed class Sht3xClimate : IClimateSensor
    {
        private readonly Sht3x _sensor;

        /// <summary>Wraps <paramref name="sensor"/>.</summary>
        public Sht3xClimate(Sht3x sensor)
        {
            _sensor = sensor;
        }

        /// <inheritdoc />
        public string Model
        {
            get { return "SHT3x"; }
        }

        /// <inheritdoc />
        public bool HasPressure
        {
            get { return false; }
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
            return _sensor.TryReadMeasurement(out readings.Celsius, out readings.Humidity);
        }
    }
}
