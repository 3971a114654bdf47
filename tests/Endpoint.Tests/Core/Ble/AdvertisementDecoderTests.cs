using System;
using Endpoint.Core.Ble;

namespace Endpoint.Tests.Core.Ble;

public class AdvertisementDecoderTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static (bool Ok, AdvertisementInfo Info) Decode(string hex)
    {
        var info = new AdvertisementInfo();
        byte[] data = Hex(hex);
        return (AdvertisementDecoder.Decode(data, 0, data.Length, info), info);
    }

    [Fact]
    public void Decode_SpecificationExample_FlagsNameServiceData()
    {
        var (ok, info) = Decode("020106 0B094449592D73656E736F72 0A16D2FC4002C40903BF13");
        Assert.True(ok, info.Error);
        Assert.True(info.HasFlags);
        Assert.Equal(0x06, info.Flags);
        Assert.Equal("DIY-sensor", info.Name);
        Assert.True(info.NameComplete);
        Assert.Equal(1, info.ServiceDataCount);
        Assert.Equal(0xFCD2, info.ServiceDataUuidAt(0));
        Assert.Equal("4002C40903BF13", Convert.ToHexString(info.Data, info.ServiceDataOffsetAt(0), info.ServiceDataLengthAt(0)));
    }

    [Fact]
    public void Decode_ImprovServiceUuidAndData_Found()
    {
        // 128-bit list: 00467768-6228-2272-4663-277478268000 least significant byte first; service data 4677: state 2, caps 1.
        var (ok, info) = Decode("020106 1107 0080267874276346722228626877 4600 0916 7746 02 01 00000000");
        Assert.True(ok, info.Error);
        Assert.True(info.HasService128(ImprovServiceData.ServiceUuid));
        Assert.False(info.HasService128("00467768-6228-2272-4663-277478268001"));
        int i = info.FindServiceData(ImprovServiceData.Uuid);
        Assert.Equal(2, info.Data[info.ServiceDataOffsetAt(i)]);
        Assert.Equal(1, info.Data[info.ServiceDataOffsetAt(i) + 1]);
    }

    [Fact]
    public void Decode_ShortenedName_MarkedIncomplete()
    {
        var (ok, info) = Decode("0408616263");
        Assert.True(ok);
        Assert.Equal("abc", info.Name);
        Assert.False(info.NameComplete);
    }

    [Fact]
    public void Decode_ZeroLengthTerminator_StopsAndIgnoresPadding()
    {
        var (ok, info) = Decode("020106 00 FFFFFF");
        Assert.True(ok, info.Error);
        Assert.True(info.HasFlags);
    }

    [Theory]
    [InlineData("0501020304", "claims 5 bytes, only 4 follow")]
    [InlineData("020106 0A16D2FC40", "claims 10 bytes")]
    [InlineData("0101", "flags structure at byte 0 is empty")]
    [InlineData("0216D2", "shorter than its 16-bit UUID")]
    [InlineData("03098081", "not valid UTF-8")]
    [InlineData("0307AABB", "not a multiple of 16")]
    [InlineData("1FFF00000000000000000000000000000000000000000000000000000000000000", "exceeds the 31-byte legacy limit")]
    public void Decode_Malformed_FalseWithReason(string hex, string reason)
    {
        var (ok, info) = Decode(hex);
        Assert.False(ok);
        Assert.Contains(reason, info.Error);
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
    {
        var random = new Random(11);
        var info = new AdvertisementInfo();
        for (int round = 0; round < 20000; round++)
        {
            var data = new byte[random.Next(0, 34)];
            random.NextBytes(data);
            bool ok = AdvertisementDecoder.Decode(data, 0, data.Length, info);
            Assert.Equal(ok, info.Error == null);
            for (int i = 0; i < info.ServiceDataCount; i++)
            {
                Assert.InRange(info.ServiceDataOffsetAt(i) + info.ServiceDataLengthAt(i), 0, data.Length);
            }
        }
    }
}
