namespace Endpoint.Core.Ble
{
    /// <summary>A client wrote a characteristic. May be raised on any thread: post into the loop.</summary>
    public delegate void BleWrittenHandler(string characteristicUuid, byte[] value);

    /// <summary>
    /// The BLE radio (nanoFramework.Device.Bluetooth on the device; a loopback "air" on the host).
    /// Advertising takes raw legacy advertising data — AD structures, at most 31 bytes (Core spec
    /// Vol 3 Part C §11) — so the portable core builds BTHome and Improv payloads byte for byte.
    /// </summary>
    public interface IBleRadio
    {
        /// <summary>The radio's public address, "AA:BB:CC:DD:EE:FF".</summary>
        string Address { get; }

        /// <summary>Starts (or replaces) advertising with these AD structures; throws when longer than 31 bytes.</summary>
        void Advertise(byte[] data, int offset, int count);

        /// <summary>Stops advertising.</summary>
        void StopAdvertising();

        /// <summary>Offers a GATT service (connectable). Call once per service.</summary>
        void StartService(BleService service);

        /// <summary>Sets a characteristic's value for reads and notifies subscribed clients.</summary>
        void SetValue(string characteristicUuid, byte[] value, int offset, int count);

        /// <summary>Characteristic writes from clients.</summary>
        event BleWrittenHandler Written;
    }
}
