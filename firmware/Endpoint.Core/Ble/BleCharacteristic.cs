namespace Endpoint.Core.Ble
{
    /// <summary>One GATT characteristic of a <see cref="BleService"/>.</summary>
    public sealed class BleCharacteristic
    {
        /// <summary>Creates a characteristic.</summary>
        public BleCharacteristic(string uuid, bool read, bool write, bool notify)
        {
            Uuid = uuid;
            CanRead = read;
            CanWrite = write;
            CanNotify = notify;
        }

        /// <summary>128-bit UUID, lower-case with dashes.</summary>
        public string Uuid { get; private set; }

        /// <summary>Clients may read it.</summary>
        public bool CanRead { get; private set; }

        /// <summary>Clients may write it.</summary>
        public bool CanWrite { get; private set; }

        /// <summary>Clients may subscribe to notifications.</summary>
        public bool CanNotify { get; private set; }
    }
}
