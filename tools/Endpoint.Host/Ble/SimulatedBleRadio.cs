using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using Endpoint.Core.Ble;

namespace Endpoint.Host.Ble;

/// <summary>Raised when the device notifies a characteristic's new value to subscribed clients.</summary>
public delegate void BleNotifiedHandler(string characteristicUuid, byte[] value);

/// <summary>
/// <see cref="IBleRadio"/> on the host. Advertising data is checked as a real controller would need it
/// (at most 31 bytes, well-formed AD structures) and, when the radio is on a <see cref="BleAir"/>, sent to
/// every scanner on the machine with a simulated RSSI (a fixed level per device between −40 and −80 dBm,
/// ±3 dB of noise per advertisement). GATT services are held in memory: <see cref="Write"/> plays a
/// client writing a characteristic, <see cref="Notified"/> and <see cref="ValueOf"/> show what the device
/// set. Thread-safe: the endpoint loop advertises while the air thread reads.
/// </summary>
public sealed class SimulatedBleRadio : IBleRadio
{
    private readonly object _lock = new();
    private readonly BleAir _air;
    private readonly Random _random;
    private readonly List<BleService> _services = new();
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.OrdinalIgnoreCase);
    private byte[] _advertisement;
    private bool _changed;

    /// <summary>Creates a radio with <paramref name="address"/>, on <paramref name="air"/> when given.</summary>
    public SimulatedBleRadio(string address, BleAir air = null, int seed = 1)
    {
        if (!BleAddress.TryParse(address, new byte[6]))
        {
            throw new ArgumentException($"BLE address '{address}' is not AA:BB:CC:DD:EE:FF");
        }

        Address = address.ToUpperInvariant();
        _air = air;
        _random = new Random(seed);
        BaseRssi = -40 - _random.Next(0, 41);
        _air?.Attach(this);
    }

    /// <inheritdoc />
    public string Address { get; }

    /// <summary>The device's mean signal strength as a scanner next to it would see it.</summary>
    public int BaseRssi { get; set; }

    /// <summary>True while advertising.</summary>
    public bool IsAdvertising
    {
        get
        {
            lock (_lock)
            {
                return _advertisement != null;
            }
        }
    }

    /// <summary>A copy of the advertising data on the air, or null when not advertising.</summary>
    public byte[] Advertisement
    {
        get
        {
            lock (_lock)
            {
                return _advertisement == null ? null : (byte[])_advertisement.Clone();
            }
        }
    }

    /// <summary>How many times <see cref="Advertise"/> was called.</summary>
    public int AdvertiseCount { get; private set; }

    /// <summary>The services offered, in the order started.</summary>
    public IReadOnlyList<BleService> Services
    {
        get
        {
            lock (_lock)
            {
                return _services.ToArray();
            }
        }
    }

    /// <inheritdoc />
    public event BleWrittenHandler Written;

    /// <summary>The device set a characteristic's value (and notified subscribers).</summary>
    public event BleNotifiedHandler Notified;

    /// <summary>
    /// A stable address for a device id: a static random address (two top bits set, Core Specification
    /// Vol 6 Part B §1.3.2.1) derived from a hash of the id, so a simulated device keeps its address
    /// across restarts.
    /// </summary>
    public static string AddressFor(string deviceId)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(deviceId));
        hash[0] |= 0xC0;
        return BleAddress.Format(hash, 0);
    }

    /// <inheritdoc />
    public void Advertise(byte[] data, int offset, int count)
    {
        if (count > AdType.LegacyLimit)
        {
            throw new ArgumentException($"advertising data of {count} bytes exceeds the 31-byte legacy limit");
        }

        var info = new AdvertisementInfo();
        if (!AdvertisementDecoder.Decode(data, offset, count, info))
        {
            throw new ArgumentException("malformed advertising data: " + info.Error);
        }

        lock (_lock)
        {
            _advertisement = data.AsSpan(offset, count).ToArray();
            _changed = true;
            AdvertiseCount++;
        }

        _air?.Wake();
    }

    /// <inheritdoc />
    public void StopAdvertising()
    {
        lock (_lock)
        {
            _advertisement = null;
            _changed = false;
        }
    }

    /// <inheritdoc />
    public void StartService(BleService service)
    {
        lock (_lock)
        {
            if (_services.Exists(s => string.Equals(s.Uuid, service.Uuid, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"service {service.Uuid} is already started");
            }

            _services.Add(service);
        }
    }

    /// <inheritdoc />
    public void SetValue(string characteristicUuid, byte[] value, int offset, int count)
    {
        byte[] copy = value.AsSpan(offset, count).ToArray();
        lock (_lock)
        {
            if (Find(characteristicUuid) == null)
            {
                throw new ArgumentException($"no started service has characteristic {characteristicUuid}");
            }

            _values[characteristicUuid] = copy;
        }

        Notified?.Invoke(characteristicUuid, (byte[])copy.Clone());
    }

    /// <summary>The characteristic's current value (a copy), or null when never set.</summary>
    public byte[] ValueOf(string characteristicUuid)
    {
        lock (_lock)
        {
            return _values.TryGetValue(characteristicUuid, out var v) ? (byte[])v.Clone() : null;
        }
    }

    /// <summary>
    /// Plays a connected client writing <paramref name="value"/> to a characteristic: raises
    /// <see cref="Written"/> on the calling thread, as the device's BLE stack raises it on its own.
    /// </summary>
    /// <exception cref="ArgumentException">No started service has a writable characteristic with that UUID.</exception>
    public void Write(string characteristicUuid, byte[] value)
    {
        BleCharacteristic characteristic;
        lock (_lock)
        {
            characteristic = Find(characteristicUuid);
        }

        if (characteristic == null || !characteristic.CanWrite)
        {
            throw new ArgumentException($"no started service has a writable characteristic {characteristicUuid}");
        }

        Written?.Invoke(characteristic.Uuid, (byte[])value.Clone());
    }

    /// <summary>Takes the radio off its air (a powered-off device).</summary>
    public void Detach() => _air?.Detach(this);

    /// <summary>
    /// The datagram a scanner would receive now, with this moment's RSSI; null when not advertising, or
    /// when <paramref name="onlyIfChanged"/> and nothing changed since the last one taken.
    /// </summary>
    internal AirDatagram TakeDatagram(bool onlyIfChanged)
    {
        lock (_lock)
        {
            if (_advertisement == null || (onlyIfChanged && !_changed))
            {
                return null;
            }

            _changed = false;
            return new AirDatagram
            {
                Address = Address,
                Rssi = Math.Clamp(BaseRssi + _random.Next(-3, 4), -127, 20),
                Time = DateTimeOffset.UtcNow,
                Connectable = _services.Count > 0,
                Data = (byte[])_advertisement.Clone(),
            };
        }
    }

    private BleCharacteristic Find(string uuid)
    {
        foreach (var service in _services)
        {
            foreach (var c in service.Characteristics)
            {
                if (string.Equals(c.Uuid, uuid, StringComparison.OrdinalIgnoreCase))
                {
                    return c;
                }
            }
        }

        return null;
    }
}
