namespace Endpoint.Core.Ble
{
    /// <summary>A primary GATT service the device offers (e.g. Improv Wi-Fi).</summary>
    public sealed class BleService
    {
        /// <summary>Creates a service.</summary>
        public BleService(string uuid, BleCharacteristic[] characteristics)
        {
            Uuid = uuid;
            Characteristics = characteristics;
        }

        /// <summary>128-bit UUID, lower-case with dashes.</summary>
        public string Uuid { get; private set; }

        /// <summary>Its characteristics.</summary>
        public BleCharacteristic[] Characteristics { get; private set; }
    }
}
