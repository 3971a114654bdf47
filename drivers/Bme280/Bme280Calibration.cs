namespace Endpoint.Drivers.Bme280
{
    /// <summary>
    /// The trimming parameters of one BME280 (datasheet §4.2.2, Table 16) and the datasheet's integer
    /// compensation formulas (§4.2.3: BME280_compensate_T_int32, BME280_compensate_P_int64,
    /// bme280_compensate_H_int32), transcribed operation for operation: shifts of negative values are
    /// arithmetic and 32-bit products wrap in C# exactly as the reference code expects.
    /// </summary>
    public sealed class Bme280Calibration
    {
        /// <summary>Bytes in the 0x88–0xA1 block.</summary>
        public const int TemperaturePressureLength = 26;

        /// <summary>Bytes in the 0xE1–0xE7 block.</summary>
        public const int HumidityLength = 7;

#pragma warning disable CS1591 // the datasheet's names say it all
        public int T1;
        public int T2;
        public int T3;
        public long P1;
        public long P2;
        public long P3;
        public long P4;
        public long P5;
        public long P6;
        public long P7;
        public long P8;
        public long P9;
        public int H1;
        public int H2;
        public int H3;
        public int H4;
        public int H5;
        public int H6;
#pragma warning restore CS1591

        /// <summary>Decodes the two calibration blocks as read from 0x88 (26 bytes) and 0xE1 (7 bytes).</summary>
        public static Bme280Calibration Parse(byte[] tp, int tpOffset, byte[] h, int hOffset)
        {
            Bme280Calibration c = new Bme280Calibration();
            c.T1 = Unsigned16(tp, tpOffset);
            c.T2 = Signed16(tp, tpOffset + 2);
            c.T3 = Signed16(tp, tpOffset + 4);
            c.P1 = Unsigned16(tp, tpOffset + 6);
            c.P2 = Signed16(tp, tpOffset + 8);
            c.P3 = Signed16(tp, tpOffset + 10);
            c.P4 = Signed16(tp, tpOffset + 12);
            c.P5 = Signed16(tp, tpOffset + 14);
            c.P6 = Signed16(tp, tpOffset + 16);
            c.P7 = Signed16(tp, tpOffset + 18);
            c.P8 = Signed16(tp, tpOffset + 20);
            c.P9 = Signed16(tp, tpOffset + 22);
            c.H1 = tp[tpOffset + 25];
            c.H2 = Signed16(h, hOffset);
            c.H3 = h[hOffset + 2];

            // dig_H4 = 0xE4[7:0] << 4 | 0xE5[3:0]; dig_H5 = 0xE6[7:0] << 4 | 0xE5[7:4]; both signed 12-bit.
            c.H4 = ((sbyte)h[hOffset + 3] * 16) | (h[hOffset + 4] & 0x0F);
            c.H5 = ((sbyte)h[hOffset + 5] * 16) | (h[hOffset + 4] >> 4);
            c.H6 = (sbyte)h[hOffset + 6];
            return c;
        }

        /// <summary>BME280_compensate_T_int32: temperature in 0.01 °C ("5123" = 51.23 °C) and t_fine for the other two.</summary>
        public int CompensateTemperature(int adcT, out int tFine)
        {
            int var1 = (((adcT >> 3) - (T1 << 1)) * T2) >> 11;
            int var2 = (((((adcT >> 4) - T1) * ((adcT >> 4) - T1)) >> 12) * T3) >> 14;
            tFine = var1 + var2;
            return ((tFine * 5) + 128) >> 8;
        }

        /// <summary>BME280_compensate_P_int64: pressure in Pa as Q24.8 ("24674867" = 96386.2 Pa); 0 when the calibration would divide by zero.</summary>
        public uint CompensatePressure(int adcP, int tFine)
        {
            long var1 = (long)tFine - 128000;
            long var2 = var1 * var1 * P6;
            var2 = var2 + ((var1 * P5) << 17);
            var2 = var2 + (P4 << 35);
            var1 = ((var1 * var1 * P3) >> 8) + ((var1 * P2) << 12);
            var1 = ((((long)1 << 47) + var1) * P1) >> 33;
            if (var1 == 0)
            {
                return 0;
            }

            long p = 1048576 - adcP;
            p = (((p << 31) - var2) * 3125) / var1;
            var1 = (P9 * (p >> 13) * (p >> 13)) >> 25;
            var2 = (P8 * p) >> 19;
            p = ((p + var1 + var2) >> 8) + (P7 << 4);
            return (uint)p;
        }

        /// <summary>bme280_compensate_H_int32: relative humidity in %RH as Q22.10 ("47445" = 46.333 %RH), clamped to 0–100 %.</summary>
        public uint CompensateHumidity(int adcH, int tFine)
        {
            // The reference's one expression, split where it multiplies its two halves.
            int x = tFine - 76800;
            int offset = (((adcH << 14) - (H4 << 20) - (H5 * x)) + 16384) >> 15;
            int scale = ((((((x * H6) >> 10) * (((x * H3) >> 11) + 32768)) >> 10) + 2097152) * H2 + 8192) >> 14;
            int v = offset * scale;
            v = v - (((((v >> 15) * (v >> 15)) >> 7) * H1) >> 4);
            if (v < 0)
            {
                v = 0;
            }

            if (v > 419430400)
            {
                v = 419430400;
            }

            return (uint)(v >> 12);
        }

        private static int Unsigned16(byte[] b, int i)
        {
            return b[i] | (b[i + 1] << 8);
        }

        private static int Signed16(byte[] b, int i)
        {
            return (short)(b[i] | (b[i + 1] << 8));
        }
    }
}
