using System;
using Endpoint.Host.Mqtt;

namespace Endpoint.Tests.Host.Mqtt;

public class MqttUriTests
{
    [Theory]
    [InlineData("mqtt://broker", "broker", 1883, false)]
    [InlineData("mqtts://broker", "broker", 8883, true)]
    [InlineData("mqtt://broker:1884", "broker", 1884, false)]
    [InlineData("mqtts://broker.example.com:443/", "broker.example.com", 443, true)]
    [InlineData("MQTT://Broker", "Broker", 1883, false)]
    [InlineData("mqtt://127.0.0.1:1", "127.0.0.1", 1, false)]
    [InlineData("mqtt://[::1]:65535", "::1", 65535, false)]
    [InlineData("mqtts://[fe80::1]", "fe80::1", 8883, true)]
    [InlineData("  mqtt://h  ", "h", 1883, false)]
    public void Parse_ValidUri_GivesHostPortAndTls(string uri, string host, int port, bool tls)
    {
        var o = MqttUri.Parse(uri);
        Assert.Equal(host, o.Host);
        Assert.Equal(port, o.Port);
        Assert.Equal(tls, o.UseTls);
        Assert.Null(o.Username);
        Assert.Null(o.Password);
    }

    [Fact]
    public void Parse_UserAndPassword_AreSet()
    {
        var o = MqttUri.Parse("mqtts://device1:s3cret@hub.local:8884");
        Assert.Equal("device1", o.Username);
        Assert.Equal("s3cret", o.Password);
        Assert.Equal("hub.local", o.Host);
        Assert.Equal(8884, o.Port);
    }

    [Fact]
    public void Parse_PercentEncodedCredentials_AreDecoded()
    {
        var o = MqttUri.Parse("mqtt://user%40site:p%3Aw%40rd%2F@h");
        Assert.Equal("user@site", o.Username);
        Assert.Equal("p:w@rd/", o.Password);
        Assert.Equal("h", o.Host);
    }

    [Fact]
    public void Parse_UserWithoutPassword_HasNullPassword()
    {
        var o = MqttUri.Parse("mqtt://alice@h");
        Assert.Equal("alice", o.Username);
        Assert.Null(o.Password);
    }

    [Fact]
    public void Parse_PlainUri_LeavesOtherOptionsAtDefaults()
    {
        var o = MqttUri.Parse("mqtt://h");
        Assert.True(o.CleanSession);
        Assert.Equal(30, o.KeepAliveSeconds);
        Assert.Null(o.CaCertificatePem);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData(null, "empty")]
    [InlineData("broker:1883", "no scheme")]
    [InlineData("http://broker", "'http' is not supported")]
    [InlineData("tcp://broker", "'tcp' is not supported")]
    [InlineData("mqtt://", "no host")]
    [InlineData("mqtt://:1883", "no host")]
    [InlineData("mqtt://h:0", "1 to 65535")]
    [InlineData("mqtt://h:65536", "1 to 65535")]
    [InlineData("mqtt://h:abc", "1 to 65535")]
    [InlineData("mqtt://h:", "1 to 65535")]
    [InlineData("mqtt://h:-1", "1 to 65535")]
    [InlineData("mqtt://h/topic", "path")]
    [InlineData("mqtt://h?x=1", "path, query")]
    [InlineData("mqtt://h#frag", "fragment")]
    [InlineData("mqtt://[::1", "closing ']'")]
    [InlineData("mqtt://[nothost]:1", "IPv6")]
    [InlineData("mqtt://bad host", "not a valid host")]
    [InlineData("mqtt://@h", "empty user name")]
    public void Parse_InvalidUri_ThrowsFormatExceptionWithOneClearSentence(string uri, string expected)
    {
        var e = Assert.Throws<FormatException>(() => MqttUri.Parse(uri));
        Assert.Contains(expected, e.Message);
        Assert.EndsWith(".", e.Message);
        Assert.DoesNotContain(". ", e.Message.TrimEnd('.')); // one sentence
        Assert.False(MqttUri.TryParse(uri, out var o));
        Assert.Null(o);
    }

    [Theory]
    [InlineData("mqtt://:hunter2@h")]
    [InlineData("mqtt://u:hunter2@h:99999")]
    [InlineData("mqtt://u:hunter2@h/path")]
    [InlineData("mqtt://u:hunter2@")]
    [InlineData("ftp://u:hunter2@h")]
    [InlineData("u:hunter2@h")]
    public void Parse_InvalidUriWithPassword_NeverEchoesThePassword(string uri)
    {
        var e = Assert.Throws<FormatException>(() => MqttUri.Parse(uri));
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [Fact]
    public void Format_OptionsWithPassword_ShowsUserHostPortButNoPassword()
    {
        var o = MqttUri.Parse("mqtts://dev:topsecret@[::1]");
        string text = MqttUri.Format(o);
        Assert.Equal("mqtts://dev@[::1]:8883", text);
        Assert.DoesNotContain("topsecret", text);
        Assert.Equal("mqtt://h:1883", MqttUri.Format(MqttUri.Parse("mqtt://h")));
    }
}
