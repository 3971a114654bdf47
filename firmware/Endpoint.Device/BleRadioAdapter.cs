using System;
using System.Collections;
using Endpoint.Core.Ble;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.Advertisement;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IBleRadio"/> over nanoFramework.Device.Bluetooth (1.1.x, ESP32 NimBLE).
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Advertising data arrives as raw AD structures; each becomes a
    /// <c>BluetoothLEAdvertisementDataSection(type, Buffer)</c> in a <c>BluetoothLEAdvertisement</c>, in order,
    /// so the bytes on the air are exactly the core's.</item>
    /// <item>No GATT service offered: a non-connectable <c>BluetoothLEAdvertisementPublisher</c> sends it;
    /// a new advertisement is <c>Stop()</c>, a new publisher, <c>Start()</c> (the publisher reads its
    /// sections only when started).</item>
    /// <item>With a GATT service (<see cref="StartService"/>): the first service's
    /// <c>GattServiceProvider.StartAdvertising</c> advertises, connectable, with
    /// <c>CustomAdvertisement = true</c> so only the core's sections go out (no default flags/name). On this
    /// package a provider's advertising restarts its service configuration, so changes are applied only while
    /// no client is connected (advertising pauses during a connection anyway) and the last one is applied
    /// on disconnect. Keep advertisement changes rare while a service is offered.</item>
    /// <item>Address: nanoFramework exposes no Bluetooth address; ESP-IDF derives it from the base (Wi-Fi
    /// station) MAC + 2 (<c>esp_read_mac(ESP_MAC_BT)</c> with four universal addresses), which is used here.</item>
    /// <item><see cref="Written"/> is raised on the Bluetooth event thread; the core posts it into its loop.</item>
    /// </list>
    /// </remarks>
    public sealed class BleRadioAdapter : IBleRadio
    {
        private readonly object _sync = new object();
        private readonly Hashtable _byUuid = new Hashtable();     // lower-case UUID → GattLocalCharacteristic
        private readonly Hashtable _uuidOf = new Hashtable();     // GattLocalCharacteristic → UUID as given
        private readonly Hashtable _values = new Hashtable();     // lower-case UUID → byte[]
        private BluetoothLEAdvertisementPublisher _publisher;
        private GattServiceProvider _provider;
        private bool _providerAdvertising;
        private byte[] _advertisement;
        private bool _connected;
        private bool _pending;

        /// <summary>Creates the radio; <paramref name="deviceName"/> is the GAP device name.</summary>
        public BleRadioAdapter(string deviceName)
        {
            BluetoothLEServer.Instance.DeviceName = deviceName;
            Address = AddressFromWifiMac(DeviceIdentityFactory.WifiMac());
            BluetoothLEServer.Instance.Session.SessionStatusChanged += OnSessionStatusChanged;
        }

        /// <inheritdoc />
        public string Address { get; private set; }

        /// <inheritdoc />
        public event BleWrittenHandler Written;

        /// <inheritdoc />
        public void Advertise(byte[] data, int offset, int count)
        {
            if (count > AdType.LegacyLimit)
            {
                throw new ArgumentException("advertising data exceeds the 31-byte legacy limit");
            }

            byte[] copy = new byte[count];
            Array.Copy(data, offset, copy, 0, count);
            lock (_sync)
            {
                _advertisement = copy;
                Apply();
            }
        }

        /// <inheritdoc />
        public void StopAdvertising()
        {
            lock (_sync)
            {
                _advertisement = null;
                _pending = false;
                if (_publisher != null)
                {
                    _publisher.Stop();
                    _publisher = null;
                }

                if (_providerAdvertising)
                {
                    _provider.StopAdvertising();
                    _providerAdvertising = false;
                }
            }
        }

        /// <inheritdoc />
        public void StartService(BleService service)
        {
            GattServiceProviderResult result = GattServiceProvider.Create(new Guid(service.Uuid));
            if (result.Error != BluetoothError.Success)
            {
                throw new InvalidOperationException("GATT service " + service.Uuid + " could not be created: " + result.Error);
            }

            GattServiceProvider provider = result.ServiceProvider;
            for (int i = 0; i < service.Characteristics.Length; i++)
            {
                BleCharacteristic c = service.Characteristics[i];
                GattCharacteristicProperties properties = GattCharacteristicProperties.None;
                if (c.CanRead)
                {
                    properties |= GattCharacteristicProperties.Read;
                }

                if (c.CanWrite)
                {
                    properties |= GattCharacteristicProperties.Write;
                }

                if (c.CanNotify)
                {
                    properties |= GattCharacteristicProperties.Notify;
                }

                GattLocalCharacteristicParameters parameters = new GattLocalCharacteristicParameters();
                parameters.CharacteristicProperties = properties;
                GattLocalCharacteristicResult created = provider.Service.CreateCharacteristic(new Guid(c.Uuid), parameters);
                if (created.Error != BluetoothError.Success)
                {
                    throw new InvalidOperationException("GATT characteristic " + c.Uuid + " could not be created: " + created.Error);
                }

                GattLocalCharacteristic characteristic = created.Characteristic;
                _byUuid[c.Uuid.ToLower()] = characteristic;
                _uuidOf[characteristic] = c.Uuid;
                if (c.CanRead)
                {
                    characteristic.ReadRequested += OnReadRequested;
                }

                if (c.CanWrite)
                {
                    characteristic.WriteRequested += OnWriteRequested;
                }
            }

            lock (_sync)
            {
                if (_provider == null)
                {
                    _provider = provider;
                }

                if (_publisher != null)
                {
                    _publisher.Stop();
                    _publisher = null;
                }

                // The service configuration is taken when advertising starts: restart with the new service.
                Apply();
            }
        }

        /// <inheritdoc />
        public void SetValue(string characteristicUuid, byte[] value, int offset, int count)
        {
            string key = characteristicUuid.ToLower();
            GattLocalCharacteristic characteristic = (GattLocalCharacteristic)_byUuid[key];
            if (characteristic == null)
            {
                throw new ArgumentException("no started service has characteristic " + characteristicUuid);
            }

            byte[] copy = new byte[count];
            Array.Copy(value, offset, copy, 0, count);
            lock (_sync)
            {
                _values[key] = copy;
            }

            if ((characteristic.CharacteristicProperties & GattCharacteristicProperties.Notify) != 0)
            {
                characteristic.NotifyValue(new nanoFramework.Device.Bluetooth.Buffer(copy));
            }
        }

        /// <summary>ESP-IDF's Bluetooth address: the base (Wi-Fi station) MAC plus 2, as a 48-bit number.</summary>
        public static string AddressFromWifiMac(byte[] wifiMac)
        {
            byte[] mac = new byte[6];
            if (wifiMac != null && wifiMac.Length == 6)
            {
                Array.Copy(wifiMac, mac, 6);
                int carry = 2;
                for (int i = 5; i >= 0 && carry != 0; i--)
                {
                    int sum = mac[i] + carry;
                    mac[i] = (byte)sum;
                    carry = sum >> 8;
                }
            }

            return BleAddress.Format(mac, 0);
        }

        // Called under _sync.
        private void Apply()
        {
            if (_provider == null)
            {
                if (_advertisement == null)
                {
                    return;
                }

                if (_publisher != null)
                {
                    _publisher.Stop();
                }

                BluetoothLEAdvertisement advertisement = new BluetoothLEAdvertisement();
                AddSections(advertisement, _advertisement);
                _publisher = new BluetoothLEAdvertisementPublisher(advertisement);
                _publisher.Start();
                return;
            }

            if (_connected)
            {
                _pending = true;
                return;
            }

            _pending = false;
            if (_providerAdvertising)
            {
                _provider.StopAdvertising();
            }

            GattServiceProviderAdvertisingParameters parameters = new GattServiceProviderAdvertisingParameters();
            parameters.IsConnectable = true;
            parameters.IsDiscoverable = true;
            if (_advertisement != null)
            {
                parameters.CustomAdvertisement = true;
                AddSections(parameters.Advertisement, _advertisement);
            }

            _provider.StartAdvertising(parameters);
            _providerAdvertising = true;
        }

        // One data section per AD structure (length, type, data), in order.
        private static void AddSections(BluetoothLEAdvertisement advertisement, byte[] data)
        {
            int p = 0;
            while (p < data.Length && data[p] != 0)
            {
                int length = data[p];
                if (p + 1 + length > data.Length)
                {
                    throw new ArgumentException("malformed advertising data at byte " + p);
                }

                byte[] value = new byte[length - 1];
                Array.Copy(data, p + 2, value, 0, length - 1);
                advertisement.DataSections.Add(new BluetoothLEAdvertisementDataSection(data[p + 1], new nanoFramework.Device.Bluetooth.Buffer(value)));
                p += 1 + length;
            }
        }

        private void OnSessionStatusChanged(object sender, GattSessionStatusChangedEventArgs args)
        {
            lock (_sync)
            {
                _connected = args.Status == GattSessionStatus.Active;
                if (!_connected && _pending)
                {
                    Apply();
                }
            }
        }

        private void OnReadRequested(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            string uuid = (string)_uuidOf[sender];
            byte[] value = null;
            lock (_sync)
            {
                if (uuid != null)
                {
                    value = (byte[])_values[uuid.ToLower()];
                }
            }

            args.GetRequest().RespondWithValue(new nanoFramework.Device.Bluetooth.Buffer(value != null ? value : new byte[0]));
        }

        private void OnWriteRequested(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest request = args.GetRequest();
            nanoFramework.Device.Bluetooth.Buffer buffer = request.Value;
            byte[] value = new byte[buffer.Length];
            if (value.Length > 0)
            {
                DataReader.FromBuffer(buffer).ReadBytes(value);
            }

            request.Respond();
            BleWrittenHandler handler = Written;
            string uuid = (string)_uuidOf[sender];
            if (handler != null && uuid != null)
            {
                handler(uuid, value);
            }
        }
    }
}
