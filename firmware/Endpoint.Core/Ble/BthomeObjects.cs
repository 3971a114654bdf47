namespace Endpoint.Core.Ble
{
    /// <summary>
    /// The BTHome v2 object table (bthome.io/format, "Sensor data", "Binary sensor data", "Events";
    /// cross-checked against the reference parser Bluetooth-Devices/bthome-ble const.py): for every
    /// object id its name, kind, data size, signedness, factor and unit. The encoder uses it to size and
    /// range-check readings, the decoder to walk a payload (an object's size is known only from its id).
    /// </summary>
    public static class BthomeObjects
    {
        /// <summary>Packet id, uint8: a receiver drops an advertisement whose packet id it has just seen.</summary>
        public const byte PacketId = 0x00;

        /// <summary>Battery, uint8, %.</summary>
        public const byte Battery = 0x01;

        /// <summary>Temperature, sint16 × 0.01, °C.</summary>
        public const byte Temperature = 0x02;

        /// <summary>Humidity, uint16 × 0.01, %.</summary>
        public const byte Humidity = 0x03;

        /// <summary>Pressure, uint24 × 0.01, hPa.</summary>
        public const byte Pressure = 0x04;

        /// <summary>Illuminance, uint24 × 0.01, lx.</summary>
        public const byte Illuminance = 0x05;

        /// <summary>Energy, uint24 × 0.001, kWh (up to 16 777.215 kWh; <see cref="Energy32"/> beyond).</summary>
        public const byte Energy = 0x0A;

        /// <summary>Power, uint24 × 0.01, W.</summary>
        public const byte Power = 0x0B;

        /// <summary>Voltage, uint16 × 0.001, V (up to 65.535 V; <see cref="VoltageDeci"/> for mains).</summary>
        public const byte Voltage = 0x0C;

        /// <summary>Power (binary sensor): on/off.</summary>
        public const byte PowerOn = 0x10;

        /// <summary>Opening (binary sensor): open/closed.</summary>
        public const byte Opening = 0x11;

        /// <summary>Door (binary sensor): open/closed.</summary>
        public const byte Door = 0x1A;

        /// <summary>Motion (binary sensor): detected/clear.</summary>
        public const byte Motion = 0x21;

        /// <summary>Occupancy (binary sensor): detected/clear.</summary>
        public const byte Occupancy = 0x23;

        /// <summary>Button event, uint8 event type.</summary>
        public const byte Button = 0x3A;

        /// <summary>Dimmer event: event type byte (rotate left/right), then the number of steps.</summary>
        public const byte Dimmer = 0x3C;

        /// <summary>Current, uint16 × 0.001, A.</summary>
        public const byte Current = 0x43;

        /// <summary>Voltage, uint16 × 0.1, V (mains).</summary>
        public const byte VoltageDeci = 0x4A;

        /// <summary>Energy, uint32 × 0.001, kWh.</summary>
        public const byte Energy32 = 0x4D;

        /// <summary>Highest object id the table knows.</summary>
        public const int MaxId = 0x64;

        /// <summary>Size of the largest fixed-size object including its id byte (uint32 + id).</summary>
        public const int MaxFixedObjectLength = 5;

        // Per-id columns; Kind Unknown marks an undefined id.
        private static readonly byte[] Kinds = new byte[MaxId + 1];
        private static readonly byte[] Sizes = new byte[MaxId + 1];
        private static readonly bool[] SignedFlags = new bool[MaxId + 1];
        private static readonly double[] Factors = new double[MaxId + 1];
        private static readonly byte[] DecimalDigits = new byte[MaxId + 1];
        private static readonly string[] Names = new string[MaxId + 1];
        private static readonly string[] Units = new string[MaxId + 1];

        // Button event types (bthome.io/format "Events"): 0x00 is "none".
        private static readonly string[] ButtonEventNames = new string[]
        {
            null, "press", "double_press", "triple_press", "long_press", "long_double_press", "long_triple_press",
        };

        private const byte HoldPressCode = 0x80;

        static BthomeObjects()
        {
            const BthomeObjectKind N = BthomeObjectKind.Numeric;
            const BthomeObjectKind B = BthomeObjectKind.Binary;

            Define(0x00, "packet_id", N, 1, false, 1, null);
            Define(0x01, "battery", N, 1, false, 1, "%");
            Define(0x02, "temperature", N, 2, true, 0.01, "°C");
            Define(0x03, "humidity", N, 2, false, 0.01, "%");
            Define(0x04, "pressure", N, 3, false, 0.01, "hPa");
            Define(0x05, "illuminance", N, 3, false, 0.01, "lx");
            Define(0x06, "mass", N, 2, false, 0.01, "kg");
            Define(0x07, "mass", N, 2, false, 0.01, "lb");
            Define(0x08, "dewpoint", N, 2, true, 0.01, "°C");
            Define(0x09, "count", N, 1, false, 1, null);
            Define(0x0A, "energy", N, 3, false, 0.001, "kWh");
            Define(0x0B, "power", N, 3, false, 0.01, "W");
            Define(0x0C, "voltage", N, 2, false, 0.001, "V");
            Define(0x0D, "pm2_5", N, 2, false, 1, "µg/m³");
            Define(0x0E, "pm10", N, 2, false, 1, "µg/m³");
            Define(0x0F, "generic", B, 1, false, 1, null);
            Define(0x10, "power", B, 1, false, 1, null);
            Define(0x11, "opening", B, 1, false, 1, null);
            Define(0x12, "co2", N, 2, false, 1, "ppm");
            Define(0x13, "tvoc", N, 2, false, 1, "µg/m³");
            Define(0x14, "moisture", N, 2, false, 0.01, "%");
            Define(0x15, "battery_low", B, 1, false, 1, null);
            Define(0x16, "battery_charging", B, 1, false, 1, null);
            Define(0x17, "carbon_monoxide", B, 1, false, 1, null);
            Define(0x18, "cold", B, 1, false, 1, null);
            Define(0x19, "connectivity", B, 1, false, 1, null);
            Define(0x1A, "door", B, 1, false, 1, null);
            Define(0x1B, "garage_door", B, 1, false, 1, null);
            Define(0x1C, "gas", B, 1, false, 1, null);
            Define(0x1D, "heat", B, 1, false, 1, null);
            Define(0x1E, "light", B, 1, false, 1, null);
            Define(0x1F, "lock", B, 1, false, 1, null);
            Define(0x20, "moisture", B, 1, false, 1, null);
            Define(0x21, "motion", B, 1, false, 1, null);
            Define(0x22, "moving", B, 1, false, 1, null);
            Define(0x23, "occupancy", B, 1, false, 1, null);
            Define(0x24, "plug", B, 1, false, 1, null);
            Define(0x25, "presence", B, 1, false, 1, null);
            Define(0x26, "problem", B, 1, false, 1, null);
            Define(0x27, "running", B, 1, false, 1, null);
            Define(0x28, "safety", B, 1, false, 1, null);
            Define(0x29, "smoke", B, 1, false, 1, null);
            Define(0x2A, "sound", B, 1, false, 1, null);
            Define(0x2B, "tamper", B, 1, false, 1, null);
            Define(0x2C, "vibration", B, 1, false, 1, null);
            Define(0x2D, "window", B, 1, false, 1, null);
            Define(0x2E, "humidity", N, 1, false, 1, "%");
            Define(0x2F, "moisture", N, 1, false, 1, "%");
            Define(0x3A, "button", BthomeObjectKind.Event, 1, false, 1, null);
            Define(0x3C, "dimmer", BthomeObjectKind.Event, 2, false, 1, null);
            Define(0x3D, "count", N, 2, false, 1, null);
            Define(0x3E, "count", N, 4, false, 1, null);
            Define(0x3F, "rotation", N, 2, true, 0.1, "°");
            Define(0x40, "distance", N, 2, false, 1, "mm");
            Define(0x41, "distance", N, 2, false, 0.1, "m");
            Define(0x42, "duration", N, 3, false, 0.001, "s");
            Define(0x43, "current", N, 2, false, 0.001, "A");
            Define(0x44, "speed", N, 2, false, 0.01, "m/s");
            Define(0x45, "temperature", N, 2, true, 0.1, "°C");
            Define(0x46, "uv_index", N, 1, false, 0.1, null);
            Define(0x47, "volume", N, 2, false, 0.1, "L");
            Define(0x48, "volume", N, 2, false, 1, "mL");
            Define(0x49, "volume_flow_rate", N, 2, false, 0.001, "m³/h");
            Define(0x4A, "voltage", N, 2, false, 0.1, "V");
            Define(0x4B, "gas", N, 3, false, 0.001, "m³");
            Define(0x4C, "gas", N, 4, false, 0.001, "m³");
            Define(0x4D, "energy", N, 4, false, 0.001, "kWh");
            Define(0x4E, "volume", N, 4, false, 0.001, "L");
            Define(0x4F, "water", N, 4, false, 0.001, "L");
            Define(0x50, "timestamp", BthomeObjectKind.Timestamp, 4, false, 1, null);
            Define(0x51, "acceleration", N, 2, false, 0.001, "m/s²");
            Define(0x52, "gyroscope", N, 2, false, 0.001, "°/s");
            Define(0x53, "text", BthomeObjectKind.Text, 0, false, 1, null);
            Define(0x54, "raw", BthomeObjectKind.Raw, 0, false, 1, null);
            Define(0x55, "volume_storage", N, 4, false, 0.001, "L");
            Define(0x56, "conductivity", N, 2, false, 1, "µS/cm");
            Define(0x57, "temperature", N, 1, true, 1, "°C");
            Define(0x58, "temperature", N, 1, true, 0.35, "°C");
            Define(0x59, "count", N, 1, true, 1, null);
            Define(0x5A, "count", N, 2, true, 1, null);
            Define(0x5B, "count", N, 4, true, 1, null);
            Define(0x5C, "power", N, 4, true, 0.01, "W");
            Define(0x5D, "current", N, 2, true, 0.001, "A");
            Define(0x5E, "direction", N, 2, false, 0.01, "°");
            Define(0x5F, "precipitation", N, 2, false, 0.1, "mm");
            Define(0x60, "channel", N, 1, false, 1, null);
            Define(0x61, "rotational_speed", N, 2, false, 1, "rpm");
            Define(0x62, "speed", N, 4, true, 0.000001, "m/s");
            Define(0x63, "acceleration", N, 4, true, 0.000001, "m/s²");
            Define(0x64, "light_level", N, 1, false, 1, null);
        }

        /// <summary>The object's kind; <see cref="BthomeObjectKind.Unknown"/> for an id the specification does not define.</summary>
        public static BthomeObjectKind KindOf(int objectId)
        {
            return objectId < 0 || objectId > MaxId ? BthomeObjectKind.Unknown : (BthomeObjectKind)Kinds[objectId];
        }

        /// <summary>True when the id is defined.</summary>
        public static bool IsKnown(int objectId)
        {
            return KindOf(objectId) != BthomeObjectKind.Unknown;
        }

        /// <summary>Data bytes after the id; 0 for text and raw objects, which carry a length byte.</summary>
        public static int SizeOf(int objectId)
        {
            return IsKnown(objectId) ? Sizes[objectId] : 0;
        }

        /// <summary>True for two's-complement signed data.</summary>
        public static bool IsSigned(int objectId)
        {
            return IsKnown(objectId) && SignedFlags[objectId];
        }

        /// <summary>Value = raw × factor.</summary>
        public static double FactorOf(int objectId)
        {
            return IsKnown(objectId) ? Factors[objectId] : 1;
        }

        /// <summary>Decimal digits a value of this object can carry (2 for × 0.01).</summary>
        public static int DecimalsOf(int objectId)
        {
            return IsKnown(objectId) ? DecimalDigits[objectId] : 0;
        }

        /// <summary>Property name ("temperature", "power", "button"), or null for an unknown id.</summary>
        public static string NameOf(int objectId)
        {
            return IsKnown(objectId) ? Names[objectId] : null;
        }

        /// <summary>Unit ("°C", "W", …), or null when the quantity has none.</summary>
        public static string UnitOf(int objectId)
        {
            return IsKnown(objectId) ? Units[objectId] : null;
        }

        /// <summary>Smallest raw value the object's data can hold.</summary>
        public static long MinRaw(int objectId)
        {
            int bits = 8 * SizeOf(objectId);
            return IsSigned(objectId) ? -(1L << (bits - 1)) : 0;
        }

        /// <summary>Largest raw value the object's data can hold.</summary>
        public static long MaxRaw(int objectId)
        {
            int bits = 8 * SizeOf(objectId);
            return IsSigned(objectId) ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        }

        /// <summary>
        /// The BTHome button event code for an event type name ("press" → 0x01, "hold_press" → 0x80),
        /// or -1 when BTHome has no such button event.
        /// </summary>
        public static int ButtonEventCode(string eventType)
        {
            if (eventType == null)
            {
                return -1;
            }

            for (int i = 1; i < ButtonEventNames.Length; i++)
            {
                if (ButtonEventNames[i] == eventType)
                {
                    return i;
                }
            }

            return eventType == "hold_press" ? HoldPressCode : -1;
        }

        /// <summary>The event type name for a button event code ("none" for 0x00), or null when the code is undefined.</summary>
        public static string ButtonEventName(int code)
        {
            if (code == 0)
            {
                return "none";
            }

            if (code == HoldPressCode)
            {
                return "hold_press";
            }

            return code > 0 && code < ButtonEventNames.Length ? ButtonEventNames[code] : null;
        }

        /// <summary>The dimmer event name for a code: "none", "rotate_left", "rotate_right", or null when undefined.</summary>
        public static string DimmerEventName(int code)
        {
            switch (code)
            {
                case 0:
                    return "none";
                case 1:
                    return "rotate_left";
                case 2:
                    return "rotate_right";
                default:
                    return null;
            }
        }

        private static void Define(int id, string name, BthomeObjectKind kind, int size, bool signed, double factor, string unit)
        {
            Kinds[id] = (byte)kind;
            Sizes[id] = (byte)size;
            SignedFlags[id] = signed;
            Factors[id] = factor;
            Names[id] = name;
            Units[id] = unit;

            // Digits after the point a value needs: 0.01 → 2, 0.35 → 2, 1 → 0.
            int decimals = 0;
            double scaled = factor;
            while (decimals < 9 && System.Math.Abs(scaled - System.Math.Floor(scaled + 0.5)) > 0.000001)
            {
                scaled *= 10;
                decimals++;
            }

            DecimalDigits[id] = (byte)decimals;
        }
    }
}
