namespace Endpoint.Drivers.Sht3x
{
    /// <summary>Repeatability of an SHT3x single-shot measurement (datasheet §4.3, Table 9; durations Table 4).</summary>
    public enum Sht3xRepeatability
    {
        /// <summary>Command 0x2400, at most 15 ms.</summary>
        High,
        /// <summary>Command 0x240B, at most 6 ms.</summary>
        Medium,
        /// <summary>Command 0x2416, at most 4 ms.</summary>
        Low,
    }
}
