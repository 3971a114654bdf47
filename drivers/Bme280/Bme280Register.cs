namespace Endpoint.Drivers.Bme280
{
    /// <summary>BME280 registers used by the driver (datasheet §5.3 memory map).</summary>
    public enum Bme280Register : byte
    {
        /// <summary>calib00…calib25: dig_T1…dig_P9 (0x88–0x9F) and dig_H1 (0xA1), §4.2.2 Table 16.</summary>
        CalibrationTemperaturePressure = 0x88,
        /// <summary>Chip id, 0x60 for the BME280 (§5.4.1).</summary>
        ChipId = 0xD0,
        /// <summary>Soft reset: writing 0xB6 resets the device (§5.4.2).</summary>
        Reset = 0xE0,
        /// <summary>calib26…calib32: dig_H2…dig_H6 (0xE1–0xE7).</summary>
        CalibrationHumidity = 0xE1,
        /// <summary>ctrl_hum: humidity oversampling; takes effect at the next write of ctrl_meas (§5.4.3).</summary>
        ControlHumidity = 0xF2,
        /// <summary>status: bit 3 measuring, bit 0 im_update (§5.4.4).</summary>
        Status = 0xF3,
        /// <summary>ctrl_meas: temperature and pressure oversampling, mode (§5.4.5).</summary>
        ControlMeasurement = 0xF4,
        /// <summary>press_msb: the burst 0xF7–0xFE holds pressure, temperature and humidity (§5.4.7–5.4.9).</summary>
        Data = 0xF7,
    }
}
