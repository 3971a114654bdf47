using System;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Host.Simulation;

public class SimulatedNetworkTests
{
    [Theory]
    [InlineData("Lab:secret", "Lab", "secret", -50)]
    [InlineData("Lab:secret:-67", "Lab", "secret", -67)]
    [InlineData("Cafe:", "Cafe", "", -50)]
    [InlineData("Cafe::-80", "Cafe", "", -80)]
    [InlineData("Lab:pa:ss:word", "Lab", "pa:ss:word", -50)]
    [InlineData("Lab:pa:ss:-40", "Lab", "pa:ss", -40)]
    [InlineData("Lab:-40", "Lab", "-40", -50)]
    [InlineData("Café ☕:motdepasse", "Café ☕", "motdepasse", -50)]
    public void Parse_Valid(string text, string ssid, string password, int rssi)
    {
        Assert.Equal(new SimulatedNetwork(ssid, password, rssi), SimulatedNetwork.Parse(text));
    }

    [Theory]
    [InlineData("Lab", "is not SSID:password[:rssi]")]
    [InlineData(":secret", "must be 1 to 32 bytes")]
    [InlineData("0123456789abcdef0123456789abcdefX:pw", "must be 1 to 32 bytes")]
    [InlineData("Lab:secret:-101", "out of range")]
    [InlineData("Lab:secret:5", "out of range")]
    public void Parse_Invalid_ClearMessage(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => SimulatedNetwork.Parse(text));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Parse_PasswordOver64Bytes_Refused()
    {
        Assert.Throws<FormatException>(() => SimulatedNetwork.Parse("Lab:" + new string('p', 65)));
    }
}
