using System;
using Endpoint.Core.Ble;

namespace Endpoint.Tests.Core.Ble;

/// <summary>
/// Golden bytes hand-derived from bthome.io/format: object id, then the value / factor as a
/// little-endian integer of the object's size (two's complement when signed).
/// </summary>
public class BthomeEncoderTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static string Objects(int objectId, double value)
    {
        var readings = new BthomeReadings(4);
        Assert.True(readings.AddValue(objectId, value));
        var output = new byte[16];
        int n = BthomeEncoder.WriteObjects(false, 0, readings, output, 0);
        return Convert.ToHexString(output, 0, n);
    }

    [Theory]
    [InlineData(0x00, 9, "0009")]                  // packet id 9
    [InlineData(0x01, 97, "0161")]                 // battery 97 % (spec example 0161)
    [InlineData(0x02, 25.06, "02CA09")]            // temperature 25.06 °C = 2506 = 0x09CA (spec example)
    [InlineData(0x02, -5.5, "02DAFD")]             // −550 = 0xFDDA
    [InlineData(0x03, 50.55, "03BF13")]            // humidity 50.55 % = 5055 = 0x13BF (spec example)
    [InlineData(0x04, 1008.83, "04138A01")]        // pressure 1008.83 hPa = 100883 = 0x018A13 (spec example)
    [InlineData(0x05, 13460.67, "05138A14")]       // illuminance 13460.67 lx = 1346067 = 0x148A13 (spec example)
    [InlineData(0x0A, 1346.067, "0A138A14")]       // energy 1346.067 kWh = 1346067 (spec example)
    [InlineData(0x0B, 69.14, "0B021B00")]          // power 69.14 W = 6914 = 0x001B02 (spec example)
    [InlineData(0x0C, 3.074, "0C020C")]            // voltage 3.074 V = 3074 = 0x0C02 (spec example)
    [InlineData(0x43, 13.39, "434E34")]            // current 13.390 A = 13390 = 0x344E (spec example)
    [InlineData(0x4A, 230.5, "4A0109")]            // voltage 230.5 V ×0.1 = 2305 = 0x0901
    [InlineData(0x4D, 344593.17, "4D12138A14")]    // energy uint32 344593.170 kWh = 0x148A1312 (spec example)
    [InlineData(0x10, 1, "1001")]                  // power on
    [InlineData(0x10, 0, "1000")]                  // power off
    [InlineData(0x11, 0, "1100")]                  // opening: closed
    [InlineData(0x1A, 1, "1A01")]                  // door: open
    [InlineData(0x21, 1, "2101")]                  // motion: detected
    [InlineData(0x23, 0, "2300")]                  // occupancy: clear
    public void WriteObjects_EachObjectType_MatchesSpecificationBytes(int objectId, double value, string expected)
    {
        Assert.Equal(expected, Objects(objectId, value));
    }

    [Theory]
    [InlineData(0x01, "3A01")] // press
    [InlineData(0x02, "3A02")] // double press
    [InlineData(0x04, "3A04")] // long press
    [InlineData(0x80, "3A80")] // hold press
    public void WriteObjects_ButtonEvent_IsEventCodeByte(int code, string expected)
    {
        var readings = new BthomeReadings(2);
        Assert.True(readings.AddRaw(BthomeObjects.Button, code));
        var output = new byte[4];
        Assert.Equal(expected, Convert.ToHexString(output, 0, BthomeEncoder.WriteObjects(false, 0, readings, output, 0)));
    }

    [Fact]
    public void WriteObjects_DimmerEvent_IsEventThenSteps()
    {
        // bthome.io: 3C0103 = rotate left 3 steps (event byte 0x01, then the steps).
        var readings = new BthomeReadings(2);
        Assert.True(readings.AddRaw(BthomeObjects.Dimmer, 0x01 | (3 << 8)));
        var output = new byte[4];
        Assert.Equal("3C0103", Convert.ToHexString(output, 0, BthomeEncoder.WriteObjects(false, 0, readings, output, 0)));
    }

    [Fact]
    public void Encode_Plain_DeviceInfo40ThenObjectsInAscendingOrder()
    {
        var readings = new BthomeReadings(4);
        readings.AddValue(BthomeObjects.Humidity, 50.55);
        readings.AddValue(BthomeObjects.Temperature, 25.00);
        var output = new byte[32];

        int n = new BthomeEncoder().Encode(false, 0, readings, 0, output, 0);

        // bthome.io/format example service data after D2FC: 40 02C409 03BF13.
        Assert.Equal("4002C40903BF13", Convert.ToHexString(output, 0, n));
    }

    [Fact]
    public void Encode_WithPacketId_PacketIdComesFirst()
    {
        var readings = new BthomeReadings(4);
        readings.AddRaw(BthomeObjects.PowerOn, 1);
        var output = new byte[32];

        int n = new BthomeEncoder().Encode(true, 0x2A, readings, 0, output, 0);

        Assert.Equal("40002A1001", Convert.ToHexString(output, 0, n));
    }

    [Fact]
    public void Encode_TriggerBased_SetsBit2OfDeviceInfo()
    {
        var encoder = new BthomeEncoder { TriggerBased = true };
        var output = new byte[8];
        encoder.Encode(false, 0, new BthomeReadings(1), 0, output, 0);
        Assert.Equal(0x44, output[0]);
    }

    [Fact]
    public void Encode_SpecificationEncryptionExample_MatchesByteForByte()
    {
        // bthome.io/encryption: key 231d39c1d7cc1ab1aee224cd096db932, MAC 5448E68F80A5, counter bytes
        // 00 11 22 33 (the uint32 0x33221100 little-endian), plaintext 02CA09 03BF13 →
        // service data 41 a47266c95f73 00112233 78237214.
        var encoder = new BthomeEncoder();
        encoder.EnableEncryption(Hex("231d39c1d7cc1ab1aee224cd096db932"), Hex("5448E68F80A5"));
        var readings = new BthomeReadings(4);
        readings.AddRaw(BthomeObjects.Temperature, 2506);
        readings.AddRaw(BthomeObjects.Humidity, 5055);
        var output = new byte[32];

        int n = encoder.Encode(false, 0, readings, 0x33221100u, output, 0);

        Assert.Equal("41a47266c95f730011223378237214", Convert.ToHexString(output, 0, n).ToLowerInvariant());
        Assert.Equal(encoder.EncodedLength(false, readings), n);
    }

    [Fact]
    public void Encode_Encrypted_DifferentCounterGivesDifferentCiphertext()
    {
        var encoder = new BthomeEncoder();
        encoder.EnableEncryption(Hex("231d39c1d7cc1ab1aee224cd096db932"), Hex("5448E68F80A5"));
        var readings = new BthomeReadings(2);
        readings.AddRaw(BthomeObjects.PowerOn, 1);
        var a = new byte[32];
        var b = new byte[32];
        int n = encoder.Encode(true, 1, readings, 1, a, 0);
        encoder.Encode(true, 1, readings, 2, b, 0);
        Assert.NotEqual(Convert.ToHexString(a, 1, 4), Convert.ToHexString(b, 1, 4));
        Assert.Equal(1 + 4 + 8, n);
    }

    [Fact]
    public void EnableEncryption_AddressNotSixBytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => new BthomeEncoder().EnableEncryption(new byte[16], new byte[5]));
    }
}
