using System;
using System.Collections.Generic;
using Endpoint.Core.Ble;

namespace Endpoint.Tests.Support;

/// <summary>An <see cref="IBleRadio"/> that keeps every advertisement handed to it (checked well formed).</summary>
public sealed class RecordingBleRadio : IBleRadio
{
    public RecordingBleRadio(string address = "5448E68F80A5")
    {
        Address = address.Length == 12 ? string.Join(":", Enumerable(address)) : address;
    }

    public string Address { get; }

    public List<byte[]> Advertisements { get; } = new();

    public byte[] Last => Advertisements.Count == 0 ? null : Advertisements[^1];

    /// <summary>False after <see cref="StopAdvertising"/> until the next advertisement.</summary>
    public bool IsAdvertising { get; private set; }

    public event BleWrittenHandler Written
    {
        add { }
        remove { }
    }

    public void Advertise(byte[] data, int offset, int count)
    {
        var info = new AdvertisementInfo();
        Assert.True(count <= 31, $"advertisement of {count} bytes");
        Assert.True(AdvertisementDecoder.Decode(data, offset, count, info), info.Error);
        Advertisements.Add(data.AsSpan(offset, count).ToArray());
        IsAdvertising = true;
    }

    public void StopAdvertising() => IsAdvertising = false;

    public void StartService(BleService service) => throw new NotSupportedException();

    public void SetValue(string characteristicUuid, byte[] value, int offset, int count) => throw new NotSupportedException();

    /// <summary>Decodes an advertisement's BTHome service data.</summary>
    public static BthomePacket Bthome(byte[] advertisement, byte[] key = null, byte[] mac = null)
    {
        var info = new AdvertisementInfo();
        Assert.True(AdvertisementDecoder.Decode(advertisement, 0, advertisement.Length, info), info.Error);
        int sd = info.FindServiceData(BthomeEncoder.ServiceUuid);
        Assert.True(sd >= 0, "no BTHome service data");
        var decoder = new BthomeDecoder();
        decoder.SetBindKey(key);
        var packet = new BthomePacket();
        var status = decoder.Decode(advertisement, info.ServiceDataOffsetAt(sd), info.ServiceDataLengthAt(sd), mac, packet);
        Assert.True(status == BthomeDecodeStatus.Ok, packet.Error);
        return packet;
    }

    private static IEnumerable<string> Enumerable(string hex)
    {
        for (int i = 0; i < 12; i += 2)
        {
            yield return hex.Substring(i, 2);
        }
    }
}
