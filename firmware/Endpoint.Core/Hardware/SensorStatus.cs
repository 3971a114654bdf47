namespace Endpoint.Core.Hardware
{
    /// <summary>
    /// Outcome of the last operation of a bus sensor driver. A failed read never yields a value:
    /// drivers report the failure here and return no (or a NaN) reading, never the previous one.
    /// </summary>
    public enum SensorStatus
    {
        /// <summary>The operation succeeded.</summary>
        Ok,
        /// <summary>The part did not acknowledge its address (absent, unpowered, or still converting) or the bus failed.</summary>
        NoResponse,
        /// <summary>Data arrived with a checksum that does not match: the transfer was corrupted.</summary>
        CrcMismatch,
        /// <summary>The part answered, but not as the datasheet says it would (wrong chip id, a skipped measurement).</summary>
        InvalidData,
        /// <summary>A read was attempted before a measurement was started.</summary>
        NotStarted,
    }
}
