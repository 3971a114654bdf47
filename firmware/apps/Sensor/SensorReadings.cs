namespace Endpoint.Apps.Sensor
{
    /// <summary>One set of readings; a quantity not measured (no part, or a failed read) is NaN.</summary>
    public sealed class SensorReadings
    {
        /// <summary>Creates an empty set.</summary>
        public SensorReadings()
        {
            Clear();
        }

        /// <summary>Air temperature, °C.</summary>
        public double Celsius;

        /// <summary>Relative humidity, %.</summary>
        public double Humidity;

        /// <summary>Air pressure, hPa.</summary>
        public double Hectopascals;

        /// <summary>Battery voltage, V.</summary>
        public double BatteryVolts;

        /// <summary>Battery charge estimate, %.</summary>
        public double BatteryPercent;

        /// <summary>True when a contact or motion input was sampled.</summary>
        public bool HasBinary;

        /// <summary>The contact is open / motion is seen.</summary>
        public bool BinaryActive;

        /// <summary>Forgets every value.</summary>
        public void Clear()
        {
            Celsius = double.NaN;
            Humidity = double.NaN;
            Hectopascals = double.NaN;
            BatteryVolts = double.NaN;
            BatteryPercent = double.NaN;
            HasBinary = false;
            BinaryActive = false;
        }

        /// <summary>Copies every value of <paramref name="other"/>.</summary>
        public void CopyFrom(SensorReadings other)
        {
            Celsius = other.Celsius;
            Humidity = other.Humidity;
            Hectopascals = other.Hectopascals;
            BatteryVolts = other.BatteryVolts;
            BatteryPercent = other.BatteryPercent;
            HasBinary = other.HasBinary;
            BinaryActive = other.BinaryActive;
        }
    }
}
