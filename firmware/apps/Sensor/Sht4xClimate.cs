using Endpoint.Core.Hardware;
using Endpoint.Drivers.Sht4x;

namespace Endpoint.Apps.Sensor
{
    /// <summary>An SHT4x as the climate part (high precision).</summary>
    public sealed class Sht4xClimate : IClimateSensor
    {
        private readonly Sht4x _sensor;

        /// <summary>Wraps <paramref name="sensor"/>.</summary>
        public Sht4xClimate(Sht4x sensor)
        {
            _sensor = sensor;
        }

        /// <inheritdoc />
        public string Model
        {
            get { return "SHT4x"; }
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
