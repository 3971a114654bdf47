using System;
using System.Collections.Generic;
using Endpoint.Core.Ble;

namespace Endpoint.Tests.Core.Ble;

public class BthomeDecoderTests
{
    private static readonly byte[] SpecKey = Hex("231d39c1d7cc1ab1aee224cd096db932");
    private static readonly byte[] SpecMac = Hex("5448E68F80A5");

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static BthomePacket Decode(string hex, byte[] key = null, byte[] mac = null)
    {
        var decoder = new BthomeDecoder();
        decoder.SetBindKey(key);
        var packet = new BthomePacket();
        byte[] data = Hex(hex);
        decoder.Decode(data, 0, data.Length, mac, packet);
        return packet;
    }

    [Fact]
    public void Decode_SpecificationExample_TemperatureAndHumidity()
    {
        // bthome.io/format: service data D2FC 40 02C409 03BF13 → 25.00 °C, 50.55 %.
        var p = Decode("40 02C409 03BF13");
        Assert.Equal(BthomeDecodeStatus.Ok, p.Status);
        Assert.Null(p.Error);
        Assert.Equal(2, p.Version);
        Assert.False(p.IsEncrypted);
        Assert.False(p.IsTriggerBased);
        Assert.False(p.HasPacketId);
        Assert.Equal(2, p.Count);
        Assert.Equal(BthomeObjects.Temperature, p.IdAt(0));
        Assert.Equal(25.00, p.ValueAt(0), 6);
        Assert.Equal(BthomeObjects.Humidity, p.IdAt(1));
        Assert.Equal(50.55, p.ValueAt(1), 6);
    }

    [Fact]
    public void Decode_PacketIdAndTrigger_ReportedOutsideReadings()
    {
        var p = Decode("44 0011 2101");
        Assert.Equal(BthomeDecodeStatus.Ok, p.Status);
        Assert.True(p.IsTriggerBased);
        Assert.True(p.HasPacketId);
        Assert.Equal(0x11, p.PacketId);
        Assert.Equal(1, p.Count);
        Assert.Equal(BthomeObjects.Motion, p.IdAt(0));
        Assert.Equal(1, p.RawAt(0));
    }

    [Fact]
    public void Decode_NegativeTemperature_SignExtended()
    {
        var p = Decode("40 02DAFD");
        Assert.Equal(-550, p.RawAt(0));
        Assert.Equal(-5.5, p.ValueAt(0), 6);
    }

    [Fact]
    public void Decode_TextObject_PointsIntoPayload()
    {
        var p = Decode("40 5303414243");
        Assert.Equal(BthomeDecodeStatus.Ok, p.Status);
        Assert.Equal("ABC", System.Text.Encoding.UTF8.GetString(p.Payload, p.DataOffsetAt(0), p.DataLengthAt(0)));
    }

    [Fact]
    public void Decode_SpecificationEncryptedExample_WithKey_Decrypts()
    {
        var p = Decode("41 a47266c95f73 00112233 78237214", SpecKey, SpecMac);
        Assert.Equal(BthomeDecodeStatus.Ok, p.Status);
        Assert.True(p.IsEncrypted);
        Assert.True(p.HasCounter);
        Assert.Equal(0x33221100u, p.Counter);
        Assert.Equal(25.06, p.ValueAt(0), 6);
        Assert.Equal(50.55, p.ValueAt(1), 6);
    }

    [Fact]
    public void Decode_EncryptedWithoutKey_ReportsCounterOnly()
    {
        var p = Decode("41 a47266c95f73 00112233 78237214");
        Assert.Equal(BthomeDecodeStatus.Encrypted, p.Status);
        Assert.Equal(0x33221100u, p.Counter);
        Assert.Equal(0, p.Count);
        Assert.Contains("no bind key", p.Error);
    }

    [Fact]
    public void Decode_EncryptedWrongKeyOrAddress_AuthenticationFails()
    {
        var wrongKey = (byte[])SpecKey.Clone();
        wrongKey[0] ^= 1;
        var wrongMac = (byte[])SpecMac.Clone();
        wrongMac[5] ^= 1;

        var a = Decode("41 a47266c95f73 00112233 78237214", wrongKey, SpecMac);
        var b = Decode("41 a47266c95f73 00112233 78237214", SpecKey, wrongMac);

        Assert.Equal(BthomeDecodeStatus.AuthenticationFailed, a.Status);
        Assert.Equal(BthomeDecodeStatus.AuthenticationFailed, b.Status);
        Assert.Equal(0, a.Count);
        Assert.Contains("MIC", a.Error);
    }

    [Theory]
    [InlineData("", BthomeDecodeStatus.UnsupportedVersion, "no BTHome device information")]
    [InlineData("20 02C409", BthomeDecodeStatus.UnsupportedVersion, "version 1")]
    [InlineData("60 02C409", BthomeDecodeStatus.UnsupportedVersion, "version 3")]
    [InlineData("40 02C4", BthomeDecodeStatus.Truncated, "temperature object 0x02 at object byte 0 needs 2 data bytes, 1 left")]
    [InlineData("40 0161 0B0102", BthomeDecodeStatus.Truncated, "power object 0x0B")]
    [InlineData("40 3001", BthomeDecodeStatus.UnknownObject, "undefined object id 0x30")]
    [InlineData("40 FF00", BthomeDecodeStatus.UnknownObject, "undefined object id 0xFF")]
    [InlineData("40 03BF13 02C409", BthomeDecodeStatus.OutOfOrder, "ids must ascend")]
    [InlineData("40 53", BthomeDecodeStatus.Truncated, "no length byte")]
    [InlineData("40 530541", BthomeDecodeStatus.Truncated, "needs 5 data bytes, 1 left")]
    [InlineData("41 0011223344", BthomeDecodeStatus.Truncated, "shorter than its counter and MIC")]
    public void Decode_Malformed_ClearStatusAndMessage(string hex, BthomeDecodeStatus status, string message)
    {
        var p = Decode(hex, SpecKey, SpecMac);
        Assert.Equal(status, p.Status);
        Assert.Contains(message, p.Error);
    }

    [Fact]
    public void EncodeDecode_RandomReadingsOfEveryFixedObject_RoundTrip()
    {
        var fixedIds = new List<int>();
        for (int id = 1; id <= BthomeObjects.MaxId; id++)
        {
            if (BthomeObjects.SizeOf(id) > 0)
            {
                fixedIds.Add(id);
            }
        }

        var random = new Random(2022);
        var encoder = new BthomeEncoder();
        var decoder = new BthomeDecoder();
        var packet = new BthomePacket();
        var output = new byte[64];
        for (int round = 0; round < 2000; round++)
        {
            var readings = new BthomeReadings(8);
            int n = random.Next(0, 5);
            for (int i = 0; i < n; i++)
            {
                int id = fixedIds[random.Next(fixedIds.Count)];
                long raw = random.NextInt64(BthomeObjects.MinRaw(id), BthomeObjects.MaxRaw(id) + 1);
                Assert.True(readings.AddRaw(id, raw));
            }

            byte packetId = (byte)random.Next(256);
            int length = encoder.Encode(true, packetId, readings, 0, output, 0);

            Assert.Equal(BthomeDecodeStatus.Ok, decoder.Decode(output, 0, length, null, packet));
            Assert.Equal(packetId, packet.PacketId);
            Assert.Equal(readings.Count, packet.Count);
            for (int i = 0; i < readings.Count; i++)
            {
                Assert.Equal(readings.IdAt(i), packet.IdAt(i));
                Assert.Equal(readings.RawAt(i), packet.RawAt(i));
            }
        }
    }

    [Fact]
    public void EncodeDecode_Encrypted_RoundTripsAndCounterCarried()
    {
        var encoder = new BthomeEncoder();
        encoder.EnableEncryption(SpecKey, SpecMac);
        var decoder = new BthomeDecoder();
        decoder.SetBindKey(SpecKey);
        var readings = new BthomeReadings(4);
        readings.AddValue(BthomeObjects.Battery, 88);
        readings.AddValue(BthomeObjects.Temperature, 21.37);
        var output = new byte[64];
        var packet = new BthomePacket();

        int n = encoder.Encode(true, 5, readings, 123456u, output, 0);

        Assert.Equal(BthomeDecodeStatus.Ok, decoder.Decode(output, 0, n, SpecMac, packet));
        Assert.Equal(123456u, packet.Counter);
        Assert.Equal(5, packet.PacketId);
        Assert.Equal(88, packet.RawAt(0));
        Assert.Equal(21.37, packet.ValueAt(1), 6);
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrowsAndOkMeansValid()
    {
        var random = new Random(31);
        var decoder = new BthomeDecoder();
        decoder.SetBindKey(SpecKey);
        var packet = new BthomePacket(8);
        for (int round = 0; round < 20000; round++)
        {
            var data = new byte[random.Next(0, 40)];
            random.NextBytes(data);
            if (data.Length > 0 && random.Next(3) > 0)
            {
                data[0] = (byte)(0x40 | (data[0] & 0x05)); // mostly a plausible device information byte
            }

            var status = decoder.Decode(data, 0, data.Length, SpecMac, packet);
            Assert.True(Enum.IsDefined(status));
            Assert.Equal(status, packet.Status);
            if (status == BthomeDecodeStatus.Ok)
            {
                Assert.Null(packet.Error);
                for (int i = 0; i < packet.Count; i++)
                {
                    Assert.True(BthomeObjects.IsKnown(packet.IdAt(i)));
                    Assert.True(i == 0 || packet.IdAt(i - 1) <= packet.IdAt(i));
                }
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(packet.Error));
            }
        }
    }

    [Fact]
    public void Decode_EveryTruncationOfValidPayload_NeverOkUnlessAtObjectBoundary()
    {
        byte[] full = Hex("40 0009 0161 02CA09 03BF13 04138A01 1001 3C0103 4D12138A14");
        int[] boundaries = [1, 3, 5, 8, 11, 15, 17, 20, 25];
        var decoder = new BthomeDecoder();
        var packet = new BthomePacket();
        for (int length = 0; length <= full.Length; length++)
        {
            var status = decoder.Decode(full, 0, length, null, packet);
            if (Array.IndexOf(boundaries, length) >= 0)
            {
                Assert.Equal(BthomeDecodeStatus.Ok, status);
            }
            else
            {
                Assert.NotEqual(BthomeDecodeStatus.Ok, status);
            }
        }
    }

    [Fact]
    public void Decode_TooManyObjects_ReportedNotOverflowed()
    {
        var decoder = new BthomeDecoder();
        var packet = new BthomePacket(2);
        byte[] data = Hex("40 1001 1101 1A01");
        Assert.Equal(BthomeDecodeStatus.TooManyObjects, decoder.Decode(data, 0, data.Length, null, packet));
        Assert.Equal(2, packet.Count);
    }
}
