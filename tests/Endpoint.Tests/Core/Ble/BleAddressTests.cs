using Endpoint.Core.Ble;

namespace Endpoint.Tests.Core.Ble;

public class BleAddressTests
{
    [Theory]
    [InlineData("54:48:E6:8F:80:A5")]
    [InlineData("00:00:00:00:00:00")]
    [InlineData("FF:FF:FF:FF:FF:FF")]
    public void TryParse_Format_RoundTrip(string text)
    {
        var bytes = new byte[6];
        Assert.True(BleAddress.TryParse(text, bytes));
        Assert.Equal(text, BleAddress.Format(bytes, 0));
    }

    [Fact]
    public void TryParse_LowerCase_WrittenOrderFirstByteFirst()
    {
        var bytes = new byte[6];
        Assert.True(BleAddress.TryParse("54:48:e6:8f:80:a5", bytes));
        Assert.Equal(new byte[] { 0x54, 0x48, 0xE6, 0x8F, 0x80, 0xA5 }, bytes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("54:48:E6:8F:80")]
    [InlineData("54-48-E6-8F-80-A5")]
    [InlineData("54:48:E6:8F:80:AG")]
    [InlineData("54:48:E6:8F:80:A5:")]
    public void TryParse_Malformed_False(string text)
    {
        Assert.False(BleAddress.TryParse(text, new byte[6]));
    }
}
