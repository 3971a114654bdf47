using Endpoint.Core.Runtime;

namespace Endpoint.Tests.Core.Runtime;

public class DeviceIdentityTests
{
    [Theory]
    [InlineData("plug-a1b2c3")]
    [InlineData("P-1")]
    [InlineData("Kitchen_Light_2")]
    [InlineData("0-9_z")]
    public void IsValidId_LettersDigitsDashUnderscore_True(string id) => Assert.True(DeviceIdentity.IsValidId(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plug/1")]
    [InlineData("plug+")]
    [InlineData("plug#")]
    [InlineData("$SYS")]
    [InlineData("my plug")]
    [InlineData("plug.1")]
    [InlineData("caf\u00e9")]
    public void IsValidId_TopicBreakingOrEmpty_False(string? id) => Assert.False(DeviceIdentity.IsValidId(id!));

    [Fact]
    public void IsValidId_64CharactersButNot65()
    {
        Assert.True(DeviceIdentity.IsValidId(new string('x', 64)));
        Assert.False(DeviceIdentity.IsValidId(new string('x', 65)));
    }
}
