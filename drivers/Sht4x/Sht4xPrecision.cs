namespace Endpoint.Drivers.Sht4x
{
    /// <summary>Repeatability of an SHT4x measurement (datasheet §4.5 commands; maximum durations from the timing table).</summary>
    public enum Sht4xPrecision
    {
        /// <summary>Command 0xFD, at most 8.3 ms; repeatability 0.04 %RH / 0.1 °C.</summary>
        High,
        /// <summary>Command 0xF6, at most 4.5 ms.</summary>
        Medium,
        /// <summary>Command 0xE0, at most 1.6 ms.</summary>
        Low,
    }
}
