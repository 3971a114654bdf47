namespace Endpoint.Core.Ble
{
    /// <summary>
    /// AD types used by Endpoint (Bluetooth Assigned Numbers §2.3, "Common Data Types"; each AD
    /// structure is length, type, data — Core Specification Vol 3 Part C §11).
    /// </summary>
    public static class AdType
    {
        /// <summary>Flags.</summary>
        public const byte Flags = 0x01;

        /// <summary>Incomplete list of 16-bit service UUIDs.</summary>
        public const byte IncompleteUuid16 = 0x02;

        /// <summary>Complete list of 16-bit service UUIDs.</summary>
        public const byte CompleteUuid16 = 0x03;

        /// <summary>Incomplete list of 128-bit service UUIDs.</summary>
        public const byte IncompleteUuid128 = 0x06;

        /// <summary>Complete list of 128-bit service UUIDs.</summary>
        public const byte CompleteUuid128 = 0x07;

        /// <summary>Shortened local name.</summary>
        public const byte ShortenedName = 0x08;

        /// <summary>Complete local name.</summary>
        public const byte CompleteName = 0x09;

        /// <summary>Service data with a 16-bit UUID.</summary>
        public const byte ServiceData16 = 0x16;

        /// <summary>Flags value: LE General Discoverable Mode (bit 1) and BR/EDR Not Supported (bit 2).</summary>
        public const byte GeneralDiscoverableNoBrEdr = 0x06;

        /// <summary>The legacy advertising data limit (Core Specification Vol 6 Part B §2.3.1).</summary>
        public const int LegacyLimit = 31;
    }
}
