using System;
using System.Collections.Generic;
using Endpoint.Core.Ble;

namespace Endpoint.Tests.Support;

/// <summary>
/// An in-test <see cref="IBleRadio"/>: records services, characteristic values and advertisements, and plays a
/// client writing any characteristic UUID exactly as given (the simulated radio refuses unwritable ones and
/// normalises the case, which the transport's own checks must be tested without).
/// </summary>
public sealed class FakeBleRadio : IBleRadio
{
    public string Address => "AA:BB:CC:DD:EE:01";

    public List<BleService> Services { get; } = new();

    public Dictionary<string, byte[]> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every value set, in order (what a subscribed client is notified).</summary>
    public List<(string Uuid, byte[] Value)> Notifications { get; } = new();

    public byte[] Advertisement { get; private set; }

    public int AdvertiseCount { get; private set; }

    public event BleWrittenHandler Written;

    public void Advertise(byte[] data, int offset, int count)
    {
        if (count > 31)
        {
            throw new ArgumentException("legacy advertising data is at most 31 bytes");
        }

        Advertisement = new ArraySegment<byte>(data, offset, count).ToArray();
        AdvertiseCount++;
    }

    public void StopAdvertising() => Advertisement = null;

    public void StartService(BleService service) => Services.Add(service);

    public void SetValue(string characteristicUuid, byte[] value, int offset, int count)
    {
        var v = new ArraySegment<byte>(value, offset, count).ToArray();
        Values[characteristicUuid] = v;
        Notifications.Add((characteristicUuid, v));
    }

    /// <summary>A client writes <paramref name="value"/>.</summary>
    public void Write(string uuid, params byte[] value) => Written?.Invoke(uuid, value);

    public byte[] Value(string uuid) => Values.TryGetValue(uuid, out var v) ? v : null;
}
