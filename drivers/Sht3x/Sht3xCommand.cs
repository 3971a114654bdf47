namespace Endpoint.Drivers.Sht3x
{
    /// <summary>SHT3x I2C commands used by the driver (datasheet §4). Each is 16 bits, sent most significant byte first.</summary>
    public enum Sht3xCommand : ushort
    {
        /// <summary>Single shot, high repeatability, clock stretching disabled (§4.3).</summary>
        MeasureHigh = 0x2400,
        /// <summary>Single shot, medium repeatability, clock stretching disabled.</summary>
        MeasureMedium = 0x240B,
        /// <summary>Single shot, low repeatability, clock stretching disabled.</summary>
        MeasureLow = 0x2416,
        /// <summary>Soft reset (§4.9).</summary>
        SoftReset = 0x30A2,
    }
}
