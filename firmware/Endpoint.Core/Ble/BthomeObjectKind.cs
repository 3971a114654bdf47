namespace Endpoint.Core.Ble
{
    /// <summary>How a BTHome v2 object's data is laid out and read (bthome.io/format).</summary>
    public enum BthomeObjectKind
    {
        /// <summary>Not defined by the specification.</summary>
        Unknown = 0,

        /// <summary>A little-endian integer times a factor (temperature, power, …).</summary>
        Numeric = 1,

        /// <summary>One byte, 0 = off/closed/clear, 1 = on/open/detected.</summary>
        Binary = 2,

        /// <summary>A button event (one byte: press, double press, …) or a dimmer event (event byte + steps byte).</summary>
        Event = 3,

        /// <summary>UTF-8 text after a length byte.</summary>
        Text = 4,

        /// <summary>Raw bytes after a length byte.</summary>
        Raw = 5,

        /// <summary>Seconds since 1970-01-01 UTC, uint32.</summary>
        Timestamp = 6,
    }
}
