using Endpoint.Core.Hardware;

namespace Endpoint.Apps.Sensor
{
    /// <summary>
    /// The board's climate part, whichever it is: a measurement is started, then read after
    /// <see cref="MeasurementMs"/> on the scheduler (drivers never block).
    /// </summary>
    public interface IClimateSensor
    {
        /// <summary>Part name for logs (SHT4x, SHT3x, BME280).</summary>
        string Model { get; }

        /// <summary>True when the part measures pressure.</summary>
        bool HasPressure { get; }

        /// <summary>Milliseconds between <see cref="Start"/> and <see cref="TryRead"/>.</summary>
        int MeasurementMs { get; }

        /// <summary>Outcome of the last operation.</summary>
        SensorStatus Status { get; }

        /// <summary>Starts a measurement; false when the part does not answer.</summary>
        bool Start();

        /// <summary>Reads the measurement into <paramref name="readings"/>; false (values left NaN) on any error.</summary>
        bool TryRead(SensorReadings readings);
    }
}
