using System;
using System.Buffers.Binary;
using Endpoint.Core.Ble;

namespace Endpoint.Host.Ble;

/// <summary>
/// One advertisement on the simulated air, as one UDP datagram (format in README.md next to this file):
/// <code>
/// offset size  field
///   0     4    magic "BLEA"
///   4     1    version = 1
///   5     1    flags: bit 0 = connectable (the radio offers a GATT service)
///   6     6    advertiser address, written order (AA of AA:BB:CC:DD:EE:FF first)
///  12     1    RSSI the advertiser simulates, signed dBm
///  13     8    send time, Unix milliseconds, int64 little-endian
///  21     1    n = length of the advertising data, 0..31
///  22     n    advertising data: AD structures exactly as on a real radio
/// </code>
/// </summary>
public sealed class AirDatagram
{
    /// <summary>Format version written and accepted.</summary>
    public const byte Version = 1;

    /// <summary>Header bytes before the advertising data.</summary>
    public const int HeaderLength = 22;

    /// <summary>Largest datagram.</summary>
    public const int MaxLength = HeaderLength + AdType.LegacyLimit;

    private static ReadOnlySpan<byte> Magic => "BLEA"u8;

    /// <summary>Advertiser address, "AA:BB:CC:DD:EE:FF".</summary>
    public required string Address { get; init; }

    /// <summary>Signal strength the advertiser simulates.</summary>
    public required int Rssi { get; init; }

    /// <summary>When the advertiser sent it.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>True when the advertiser accepts connections (offers a GATT service).</summary>
    public bool Connectable { get; init; }

    /// <summary>The raw advertising data.</summary>
    public required byte[] Data { get; init; }

    /// <summary>Serialises the datagram.</summary>
    public byte[] ToBytes()
    {
        if (Data.Length > AdType.LegacyLimit)
        {
            throw new ArgumentException($"advertising data of {Data.Length} bytes exceeds the 31-byte legacy limit");
        }

        if (Rssi is < sbyte.MinValue or > sbyte.MaxValue)
        {
            throw new ArgumentException($"RSSI {Rssi} out of range");
        }

        var address = new byte[6];
        if (!BleAddress.TryParse(Address, address))
        {
            throw new ArgumentException($"address '{Address}' is not AA:BB:CC:DD:EE:FF");
        }

        var bytes = new byte[HeaderLength + Data.Length];
        Magic.CopyTo(bytes);
        bytes[4] = Version;
        bytes[5] = (byte)(Connectable ? 1 : 0);
        address.CopyTo(bytes, 6);
        bytes[12] = (byte)(sbyte)Rssi;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(13), Time.ToUnixTimeMilliseconds());
        bytes[21] = (byte)Data.Length;
        Data.CopyTo(bytes, HeaderLength);
        return bytes;
    }

    /// <summary>Parses a datagram; false (with a one-sentence <paramref name="error"/>) for anything malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out AirDatagram datagram, out string error)
    {
        datagram = null;
        if (bytes.Length < HeaderLength)
        {
            error = $"datagram of {bytes.Length} bytes is shorter than the {HeaderLength}-byte header";
            return false;
        }

        if (!bytes[..4].SequenceEqual(Magic))
        {
            error = "not an air datagram (magic is not BLEA)";
            return false;
        }

        if (bytes[4] != Version)
        {
            error = $"air datagram version {bytes[4]}, expected {Version}";
            return false;
        }

        if ((bytes[5] & ~1) != 0)
        {
            error = $"unknown flags 0x{bytes[5]:X2}";
            return false;
        }

        int n = bytes[21];
        if (n > AdType.LegacyLimit)
        {
            error = $"advertising data length {n} exceeds 31";
            return false;
        }

        if (bytes.Length != HeaderLength + n)
        {
            error = $"datagram is {bytes.Length} bytes, its header announces {HeaderLength + n}";
            return false;
        }

        long ms = BinaryPrimitives.ReadInt64LittleEndian(bytes[13..]);
        if (ms < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            error = "send time out of range";
            return false;
        }

        datagram = new AirDatagram
        {
            Connectable = (bytes[5] & 1) != 0,
            Address = BleAddress.Format(bytes[6..12].ToArray(), 0),
            Rssi = (sbyte)bytes[12],
            Time = DateTimeOffset.FromUnixTimeMilliseconds(ms),
            Data = bytes.Slice(HeaderLength, n).ToArray(),
        };
        error = null;
        return true;
    }
}
