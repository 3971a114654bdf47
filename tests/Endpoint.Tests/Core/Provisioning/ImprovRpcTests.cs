using System;
using System.Linq;
using System.Text;
using Endpoint.Core.Provisioning;
using Endpoint.Core.Text;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Provisioning;

public class ImprovRpcTests
{
    [Fact]
    public void ParseWifiSettings_SpecExample_SsidAndPassword()
    {
        byte[] data = ImprovSpec.WifiData("MyWirelessAP", "mysecurepassword");
        Assert.Equal(ImprovError.None, ImprovRpc.ParseWifiSettings(data, 0, data.Length, out string ssid, out string password));
        Assert.Equal("MyWirelessAP", ssid);
        Assert.Equal("mysecurepassword", password);
    }

    [Fact]
    public void ParseWifiSettings_OpenNetworkAndUtf8Names_Accepted()
    {
        byte[] data = ImprovSpec.WifiData("Café ☕", "");
        Assert.Equal(ImprovError.None, ImprovRpc.ParseWifiSettings(data, 0, data.Length, out string ssid, out string password));
        Assert.Equal("Café ☕", ssid);
        Assert.Equal("", password);
    }

    [Fact]
    public void ParseWifiSettings_LongestAllowed_Accepted()
    {
        byte[] data = ImprovSpec.WifiData(new string('s', 32), new string('p', 64));
        Assert.Equal(ImprovError.None, ImprovRpc.ParseWifiSettings(data, 0, data.Length, out _, out _));
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("one byte", "03")]
    [InlineData("ssid length zero", "00 00")]
    [InlineData("ssid longer than the data", "05 41 42")]
    [InlineData("no password length", "02 41 42")]
    [InlineData("password longer than the data", "01 41 05 61")]
    [InlineData("trailing byte", "01 41 01 61 00")]
    [InlineData("ssid of 33 bytes", "21 " + "41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41" + " 00")]
    [InlineData("invalid utf-8 in ssid", "02 C3 28 00")]
    [InlineData("invalid utf-8 in password", "01 41 01 FF")]
    [InlineData("nul in ssid", "02 41 00 00")]
    public void ParseWifiSettings_Malformed_InvalidRpcAndNothingOut(string why, string hex)
    {
        byte[] data = Convert.FromHexString(hex.Replace(" ", ""));
        Assert.True(ImprovError.InvalidRpc == ImprovRpc.ParseWifiSettings(data, 0, data.Length, out string ssid, out string password), why);
        Assert.Null(ssid);
        Assert.Null(password);
    }

    [Fact]
    public void ParseWifiSettings_PasswordOf65Bytes_InvalidRpc()
    {
        byte[] data = ImprovSpec.WifiData("Lab", new string('p', 65));
        Assert.Equal(ImprovError.InvalidRpc, ImprovRpc.ParseWifiSettings(data, 0, data.Length, out _, out _));
    }

    [Theory]
    [InlineData("plug-1", true)]
    [InlineData("a", true)]
    [InlineData("Kitchen-Plug-2", true)]
    [InlineData("", false)]
    [InlineData("-plug", false)]
    [InlineData("plug-", false)]
    [InlineData("plug_1", false)]
    [InlineData("plug.lan", false)]
    [InlineData("plüg", false)]
    public void IsValidHostname_Rfc1123Label(string name, bool valid)
    {
        byte[] b = Encoding.UTF8.GetBytes(name);
        Assert.Equal(valid, ImprovRpc.IsValidHostname(b, 0, b.Length));
    }

    [Fact]
    public void IsValidHostname_63And64Characters()
    {
        Assert.True(ImprovRpc.IsValidHostname(Encoding.ASCII.GetBytes(new string('a', 63)), 0, 63));
        Assert.False(ImprovRpc.IsValidHostname(Encoding.ASCII.GetBytes(new string('a', 64)), 0, 64));
    }

    [Theory]
    [InlineData("Kitchen plug", true)]
    [InlineData("Küche ☕", true)]
    [InlineData("", false)]
    [InlineData("tab\there", false)]
    public void IsValidDeviceName(string name, bool valid)
    {
        byte[] b = Encoding.UTF8.GetBytes(name);
        Assert.Equal(valid, ImprovRpc.IsValidDeviceName(b, 0, b.Length));
    }

    [Fact]
    public void WriteResult_Strings_LengthPrefixedUtf8()
    {
        var b = new ByteBuffer(16);
        Assert.Equal(2, ImprovRpc.WriteResult(b, 0x03, new[] { "ab", "é" }, 2, 255));
        Assert.Equal(Convert.FromHexString("0306" + "026162" + "02C3A9"), b.ToArray());
    }

    [Fact]
    public void WriteResult_MoreThanFits_StopsAtTheLastWholeString()
    {
        var b = new ByteBuffer(16);
        var values = Enumerable.Repeat(new string('x', 100), 3).ToArray();
        Assert.Equal(2, ImprovRpc.WriteResult(b, 0x04, values, 3, 253));
        Assert.Equal(202, b.Data[1]);
        Assert.Equal(204, b.Length);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("é")]
    [InlineData("☕")]
    [InlineData("😀")]
    [InlineData("\ud800")]
    public void Utf8Length_MatchesWhatAppendUtf8Writes(string s)
    {
        var b = new ByteBuffer(8);
        b.AppendUtf8(s);
        Assert.Equal(b.Length, ImprovRpc.Utf8Length(s));
    }
}
