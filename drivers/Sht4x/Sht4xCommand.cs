namespace Endpoint.Drivers.Sht4x
{
    /// <summary>SHT4x I2C commands (datasheet §4.5). Each is one byte; there are no registers.</summary>
    public enum Sht4xCommand : byte
    {
        /// <summary>Measure T and RH with high precision (repeatability).</summary>
        MeasureHighPrecision = 0xFD,
        /// <summary>Measure T and RH with medium precision.</summary>
        MeasureMediumPrecision = 0xF6,
        /// <summary>Measure T and RH with the lowest precision.</summary>
        MeasureLowPrecision = 0xE0,
        /// <summary>Read the serial number.</summary>
        ReadSerialNumber = 0x89,
        /// <summary>Soft reset.</summary>
        SoftReset = 0x94,
    }
}
