using System;
using System.Collections.Generic;
using System.Text;
using Endpoint.Core.Ble;

namespace Endpoint.Host.Ble;

/// <summary>One decoded BTHome object as a scanner shows it.</summary>
/// <param name="Type">Property name ("temperature", "power", "button").</param>
/// <param name="ObjectId">BTHome object id.</param>
/// <param name="Kind">How to read the fields below.</param>
/// <param name="Number">Numeric value in <paramref name="Unit"/>, rounded to <paramref name="Decimals"/> (numeric objects).</param>
/// <param name="Decimals">Digits the object carries after the point.</param>
/// <param name="Unit">Unit, or null.</param>
/// <param name="State">On/open/detected (binary objects).</param>
/// <param name="Event">Event name ("press", "rotate_left"; events).</param>
/// <param name="Steps">Dimmer steps (dimmer events).</param>
/// <param name="Text">Text, raw bytes as hex, or an ISO-8601 time (text, raw, timestamp objects).</param>
public sealed record BthomeReading(
    string Type, int ObjectId, BthomeObjectKind Kind, double Number, int Decimals, string Unit,
    bool State, string Event, int Steps, string Text);

/// <summary>The BTHome part of an advertisement.</summary>
public sealed class BthomeReport
{
    /// <summary>Version from the device information byte.</summary>
    public int Version { get; init; }

    /// <summary>Encryption flag.</summary>
    public bool Encrypted { get; init; }

    /// <summary>Trigger-based flag.</summary>
    public bool Trigger { get; init; }

    /// <summary>Packet id, when present.</summary>
    public int? PacketId { get; init; }

    /// <summary>Encryption counter, when encrypted.</summary>
    public uint? Counter { get; init; }

    /// <summary>The objects (empty when undecodable).</summary>
    public IReadOnlyList<BthomeReading> Readings { get; init; } = Array.Empty<BthomeReading>();

    /// <summary>Why the payload could not be (fully) read, or null.</summary>
    public string Error { get; init; }
}

/// <summary>The Improv part of an advertisement (service data 0x4677).</summary>
/// <param name="State">State code (1–4).</param>
/// <param name="StateName">authorization_required, authorized, provisioning, provisioned; null for another code.</param>
/// <param name="Capabilities">Capability bits (bit 0 identify, bit 1 device info).</param>
public sealed record ImprovReport(int State, string StateName, int Capabilities);

/// <summary>
/// One advertisement heard on the air, decoded for display: name, BTHome readings, Improv state.
/// Decoding never throws; problems are reported in <see cref="Error"/> and <see cref="BthomeReport.Error"/>.
/// </summary>
public sealed class ScannedAdvertisement
{
    /// <summary>The datagram heard.</summary>
    public required AirDatagram Datagram { get; init; }

    /// <summary>Local name, or null.</summary>
    public string Name { get; init; }

    /// <summary>True when the name is a shortened local name.</summary>
    public bool NameShortened { get; init; }

    /// <summary>BTHome service data, decoded; null when the advertisement carries none.</summary>
    public BthomeReport Bthome { get; init; }

    /// <summary>Improv service data; null when the advertisement carries none.</summary>
    public ImprovReport Improv { get; init; }

    /// <summary>True when the Improv 128-bit service UUID is listed.</summary>
    public bool ImprovService { get; init; }

    /// <summary>Malformed advertising data, or null.</summary>
    public string Error { get; init; }

    /// <summary>Decodes a datagram; <paramref name="decoder"/> holds the bind key, if any.</summary>
    public static ScannedAdvertisement Decode(AirDatagram datagram, BthomeDecoder decoder)
    {
        var info = new AdvertisementInfo();
        bool ok = AdvertisementDecoder.Decode(datagram.Data, 0, datagram.Data.Length, info);

        BthomeReport bthome = null;
        int b = info.FindServiceData(BthomeEncoder.ServiceUuid);
        if (b >= 0)
        {
            var mac = new byte[6];
            BleAddress.TryParse(datagram.Address, mac);
            bthome = DecodeBthome(decoder, datagram.Data, info.ServiceDataOffsetAt(b), info.ServiceDataLengthAt(b), mac);
        }

        ImprovReport improv = null;
        int i = info.FindServiceData(ImprovServiceData.Uuid);
        if (i >= 0 && info.ServiceDataLengthAt(i) >= 2)
        {
            int at = info.ServiceDataOffsetAt(i);
            int state = datagram.Data[at];
            improv = new ImprovReport(state, ImprovServiceData.StateName(state), datagram.Data[at + 1]);
        }

        return new ScannedAdvertisement
        {
            Datagram = datagram,
            Name = info.Name,
            NameShortened = info.Name != null && !info.NameComplete,
            Bthome = bthome,
            Improv = improv,
            ImprovService = info.HasService128(ImprovServiceData.ServiceUuid),
            Error = ok ? null : info.Error,
        };
    }

    private static BthomeReport DecodeBthome(BthomeDecoder decoder, byte[] data, int offset, int length, byte[] mac)
    {
        var packet = new BthomePacket();
        var status = decoder.Decode(data, offset, length, mac, packet);
        var readings = new List<BthomeReading>();
        for (int k = 0; k < packet.Count; k++)
        {
            readings.Add(Reading(packet, k));
        }

        return new BthomeReport
        {
            Version = packet.Version,
            Encrypted = packet.IsEncrypted,
            Trigger = packet.IsTriggerBased,
            PacketId = packet.HasPacketId ? packet.PacketId : null,
            Counter = packet.HasCounter ? packet.Counter : null,
            Readings = readings,
            Error = status == BthomeDecodeStatus.Ok ? null : packet.Error,
        };
    }

    private static BthomeReading Reading(BthomePacket packet, int k)
    {
        int id = packet.IdAt(k);
        var kind = BthomeObjects.KindOf(id);
        string type = BthomeObjects.NameOf(id);
        int decimals = BthomeObjects.DecimalsOf(id);
        long raw = packet.RawAt(k);
        switch (kind)
        {
            case BthomeObjectKind.Binary:
                return new BthomeReading(type, id, kind, raw, 0, null, raw != 0, null, 0, null);
            case BthomeObjectKind.Event when id == BthomeObjects.Dimmer:
                int code = (int)(raw & 0xFF);
                return new BthomeReading(type, id, kind, 0, 0, null, false,
                    BthomeObjects.DimmerEventName(code) ?? $"0x{code:X2}", (int)((raw >> 8) & 0xFF), null);
            case BthomeObjectKind.Event:
                return new BthomeReading(type, id, kind, 0, 0, null, false,
                    BthomeObjects.ButtonEventName((int)raw) ?? $"0x{raw:X2}", 0, null);
            case BthomeObjectKind.Text:
                return new BthomeReading(type, id, kind, 0, 0, null, false, null, 0,
                    Encoding.UTF8.GetString(packet.Payload, packet.DataOffsetAt(k), packet.DataLengthAt(k)));
            case BthomeObjectKind.Raw:
                return new BthomeReading(type, id, kind, 0, 0, null, false, null, 0,
                    Convert.ToHexString(packet.Payload, packet.DataOffsetAt(k), packet.DataLengthAt(k)).ToLowerInvariant());
            case BthomeObjectKind.Timestamp:
                return new BthomeReading(type, id, kind, raw, 0, null, false, null, 0,
                    DateTimeOffset.FromUnixTimeSeconds(raw).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
            default:
                return new BthomeReading(type, id, kind, Math.Round(packet.ValueAt(k), decimals), decimals,
                    BthomeObjects.UnitOf(id), false, null, 0, null);
        }
    }
}
