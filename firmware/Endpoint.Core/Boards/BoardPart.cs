namespace Endpoint.Core.Boards
{
    /// <summary>
    /// A part attached to a board: a sensor on a bus, a metering chip, an LED strip. Apps find their
    /// parts by compatible id ("sensirion,sht4x", like a devicetree <c>compatible</c>), never by pin.
    /// </summary>
    public sealed class BoardPart
    {
        /// <summary>Creates a part.</summary>
        public BoardPart(string compatible, string bus, int address)
        {
            Compatible = compatible;
            Bus = bus;
            Address = address;
        }

        /// <summary>Vendor,part id, e.g. "sensirion,sht4x", "bosch,bme280", "belling,bl0937", "worldsemi,ws2812".</summary>
        public string Compatible { get; private set; }

        /// <summary>Bus name ("i2c0"), or null for parts on plain pins.</summary>
        public string Bus { get; private set; }

        /// <summary>Bus address (7-bit I2C), or -1.</summary>
        public int Address { get; private set; }
    }
}
