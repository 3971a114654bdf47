using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Endpoint.Core.Ble;

namespace Endpoint.Tests.Core.Ble;

public class AdvertisementBuilderTests
{
    private static readonly byte[] Key = Convert.FromHexString("231d39c1d7cc1ab1aee224cd096db932");
    private static readonly byte[] Mac = Convert.FromHexString("5448E68F80A5");

    private static string Render(AdvertisementBuilder builder, int group, byte packetId, uint counter = 0)
    {
        var output = new byte[31];
        int n = builder.Render(group, packetId, counter, output, 0);
        return Convert.ToHexString(output, 0, n);
    }

    [Fact]
    public void Render_SpecificationExample_MatchesByteForByte()
    {
        // bthome.io/format: 020106 0B094449592D73656E736F72 0A16D2FC4002C40903BF13.
        var builder = new AdvertisementBuilder("DIY-sensor", new BthomeEncoder(), withPacketId: false, capacity: 4);
        var readings = new BthomeReadings(4);
        readings.AddValue(BthomeObjects.Temperature, 25.00);
        readings.AddValue(BthomeObjects.Humidity, 50.55);

        Assert.Equal(1, builder.Split(readings));
        Assert.Equal("0201060B094449592D73656E736F720A16D2FC4002C40903BF13", Render(builder, 0, 0));
    }

    [Fact]
    public void Render_PlugPowerOn_FlagsNamePacketIdPower()
    {
        var builder = new AdvertisementBuilder("plug-1", new BthomeEncoder(), withPacketId: true, capacity: 4);
        var readings = new BthomeReadings(4);
        readings.AddRaw(BthomeObjects.PowerOn, 1);
        builder.Split(readings);

        // 020106 | 07 09 "plug-1" | 08 16 D2FC 40 0001 1001
        Assert.Equal("020106" + "0709706C75672D31" + "0816D2FC4000011001", Render(builder, 0, 1));
    }

    [Fact]
    public void Render_NoName_NoNameStructure()
    {
        var builder = new AdvertisementBuilder(null, new BthomeEncoder(), withPacketId: true, capacity: 4);
        var readings = new BthomeReadings(4);
        readings.AddRaw(BthomeObjects.Door, 0);
        builder.Split(readings);
        Assert.Equal("020106" + "0816D2FC4000071A00", Render(builder, 0, 7));
    }

    [Fact]
    public void Split_RandomReadingsNamesAndEncryption_EveryPacketValidAndNothingLost()
    {
        var fixedIds = Enumerable.Range(1, BthomeObjects.MaxId).Where(id => BthomeObjects.SizeOf(id) > 0).ToArray();
        var random = new Random(31);
        var decoder = new BthomeDecoder();
        decoder.SetBindKey(Key);
        var info = new AdvertisementInfo();
        var packet = new BthomePacket();
        for (int round = 0; round < 1500; round++)
        {
            string name = new string('n', random.Next(0, 30));
            var encoder = new BthomeEncoder { TriggerBased = random.Next(2) == 0 };
            bool encrypted = random.Next(2) == 0;
            if (encrypted)
            {
                encoder.EnableEncryption(Key, Mac);
            }

            var builder = new AdvertisementBuilder(name, encoder, withPacketId: true, capacity: 24);
            var readings = new BthomeReadings(24);
            var expected = new List<(int, long)>();
            int count = random.Next(0, 25);
            for (int i = 0; i < count; i++)
            {
                int id = fixedIds[random.Next(fixedIds.Length)];
                long raw = random.NextInt64(BthomeObjects.MinRaw(id), BthomeObjects.MaxRaw(id) + 1);
                readings.AddRaw(id, raw);
                expected.Add((id, raw));
            }

            int groups = builder.Split(readings);
            var seen = new List<(int, long)>();
            var output = new byte[31];
            for (int g = 0; g < groups; g++)
            {
                int n = builder.Render(g, (byte)g, (uint)g, output, 0);
                Assert.InRange(n, 1, 31);
                Assert.True(AdvertisementDecoder.Decode(output, 0, n, info), info.Error);
                Assert.Equal(AdType.GeneralDiscoverableNoBrEdr, info.Flags);
                if (name.Length > 0)
                {
                    Assert.StartsWith(info.Name, name);
                    Assert.Equal(info.Name.Length == name.Length, info.NameComplete);
                }

                int sd = info.FindServiceData(BthomeEncoder.ServiceUuid);
                Assert.True(sd >= 0);
                Assert.Equal(BthomeDecodeStatus.Ok, decoder.Decode(output, info.ServiceDataOffsetAt(sd), info.ServiceDataLengthAt(sd), Mac, packet));
                Assert.Equal(encrypted, packet.IsEncrypted);
                Assert.Equal((byte)g, packet.PacketId);
                Assert.True(g == 0 || packet.Count > 0, "only the first packet may be empty");
                for (int i = 0; i < packet.Count; i++)
                {
                    Assert.True(i == 0 || packet.IdAt(i - 1) <= packet.IdAt(i));
                    seen.Add((packet.IdAt(i), packet.RawAt(i)));
                }
            }

            Assert.Equal(expected.OrderBy(x => x.Item1).ThenBy(x => x.Item2), seen.OrderBy(x => x.Item1).ThenBy(x => x.Item2));
        }
    }

    [Fact]
    public void Split_TypicalSensorFitsOnePacketWithNameUnencrypted()
    {
        var builder = new AdvertisementBuilder("sens1", new BthomeEncoder(), withPacketId: true, capacity: 8);
        Assert.Equal(1, builder.Split(TypicalSensor()));
    }

    [Fact]
    public void Split_TypicalSensorEncryptedWithName_RotatesOverTwoPackets()
    {
        var encoder = new BthomeEncoder();
        encoder.EnableEncryption(Key, Mac);
        var builder = new AdvertisementBuilder("sens1", encoder, withPacketId: true, capacity: 8);

        // 31 − flags 3 − name 7 − service header 4 − device info 1 − counter+MIC 8 − packet id 2 = 6 bytes:
        // first fit in id order puts battery (2) and temperature (3) in the first packet, humidity (3) in the second.
        Assert.Equal(6, builder.ObjectRoom);
        Assert.Equal(2, builder.Split(TypicalSensor()));
        Assert.Equal(new[] { BthomeObjects.Battery, BthomeObjects.Temperature }, Ids(builder.GroupAt(0)));
        Assert.Equal(new[] { BthomeObjects.Humidity }, Ids(builder.GroupAt(1)));
    }

    [Fact]
    public void NameLength_LongNameWithEncryption_ShortenedToLeaveRoomForLargestObject()
    {
        var encoder = new BthomeEncoder();
        encoder.EnableEncryption(Key, Mac);
        var builder = new AdvertisementBuilder("a-rather-long-device-name", encoder, withPacketId: true, capacity: 4);
        var readings = new BthomeReadings(4);
        readings.AddValue(BthomeObjects.Energy32, 123456.789);
        builder.Split(readings);

        var output = new byte[31];
        int n = builder.Render(0, 1, 1, output, 0);
        var info = new AdvertisementInfo();
        Assert.True(AdvertisementDecoder.Decode(output, 0, n, info), info.Error);

        Assert.True(builder.NameShortened);
        Assert.Equal(BthomeObjects.MaxFixedObjectLength, builder.ObjectRoom);
        Assert.False(info.NameComplete);
        Assert.Equal("a-rather-l".Substring(0, builder.NameLength), info.Name);
        Assert.Equal(31, n);
    }

    [Fact]
    public void NameLength_MultiByteName_NeverCutsInsideACharacter()
    {
        var encoder = new BthomeEncoder();
        encoder.EnableEncryption(Key, Mac);
        for (int chars = 1; chars < 15; chars++)
        {
            string name = new string('Ž', chars); // two UTF-8 bytes each
            var builder = new AdvertisementBuilder(name, encoder, withPacketId: true, capacity: 4);
            builder.Split(new BthomeReadings(1));
            Assert.Equal(0, builder.NameLength % 2);
            var output = new byte[31];
            int n = builder.Render(0, 0, 0, output, 0);
            var info = new AdvertisementInfo();
            Assert.True(AdvertisementDecoder.Decode(output, 0, n, info), info.Error);
            Assert.StartsWith(info.Name, name);
        }
    }

    [Fact]
    public void Split_NoReadings_OnePacketWithPacketIdOnly()
    {
        var builder = new AdvertisementBuilder("x", new BthomeEncoder(), withPacketId: true, capacity: 4);
        Assert.Equal(1, builder.Split(new BthomeReadings(1)));
        Assert.Equal("020106" + "020978" + "0616D2FC400005", Render(builder, 0, 5));
    }

    [Fact]
    public void GroupOf_FindsPacketCarryingObject()
    {
        var builder = new AdvertisementBuilder(new string('n', 16), new BthomeEncoder(), withPacketId: true, capacity: 8);
        var readings = new BthomeReadings(8);
        readings.AddValue(BthomeObjects.Temperature, 1);
        readings.AddValue(BthomeObjects.Pressure, 1000);
        readings.AddValue(BthomeObjects.Illuminance, 5);
        // The name is cut to 14 bytes to leave 5 for objects: 3 + 4 + 4 bytes need three packets.
        Assert.Equal(3, builder.Split(readings));
        Assert.Equal(2, builder.GroupOf(BthomeObjects.Illuminance));
        Assert.Equal(-1, builder.GroupOf(BthomeObjects.Door));
    }

    private static BthomeReadings TypicalSensor()
    {
        var readings = new BthomeReadings(8);
        readings.AddValue(BthomeObjects.Temperature, 21.5);
        readings.AddValue(BthomeObjects.Humidity, 45.2);
        readings.AddValue(BthomeObjects.Battery, 90);
        return readings;
    }

    private static byte[] Ids(BthomeReadings readings) => Enumerable.Range(0, readings.Count).Select(i => readings.IdAt(i)).ToArray();
}
