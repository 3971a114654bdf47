using System;
using Endpoint.Core.Ble;

namespace Endpoint.Tests.Core.Ble;

public class ImprovServiceDataTests
{
    [Fact]
    public void WriteAdvertisement_Exactly31BytesWithFlagsServiceUuidAndServiceData()
    {
        var output = new byte[40];
        int end = ImprovServiceData.WriteAdvertisement(0x02, 0x0F, output, 3);

        Assert.Equal(3 + 31, end);
        // flags 02 01 06; complete 128-bit list (0x07), 00467768-6228-2272-4663-277478268000 least significant byte
        // first; service data (0x16) UUID 0x4677 little-endian, state, capabilities, 4 reserved (improv-wifi.com/ble)
        Assert.Equal(
            Hex("02 01 06" + " 11 07 00 80 26 78 74 27 63 46 72 22 28 62 68 77 46 00" + " 09 16 77 46 02 0F 00 00 00 00"),
            output[3..end]);
    }

    [Fact]
    public void WriteAdvertisement_ReadBackByTheScannersDecoder()
    {
        var output = new byte[31];
        ImprovServiceData.WriteAdvertisement(0x01, 0x03, output, 0);

        var info = new AdvertisementInfo();
        Assert.True(AdvertisementDecoder.Decode(output, 0, output.Length, info), info.Error);
        Assert.True(info.HasService128(ImprovServiceData.ServiceUuid));
        int i = info.FindServiceData(ImprovServiceData.Uuid);
        Assert.Equal(ImprovServiceData.Length, info.ServiceDataLengthAt(i));
        Assert.Equal("authorization_required", ImprovServiceData.StateName(output[info.ServiceDataOffsetAt(i)]));
        Assert.Equal(0x03, output[info.ServiceDataOffsetAt(i) + 1]);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(2, "authorized")]
    [InlineData(3, "provisioning")]
    [InlineData(4, "provisioned")]
    [InlineData(5, null)]
    public void StateName_SpecStates(int state, string name) => Assert.Equal(name, ImprovServiceData.StateName(state));

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));
}
