using System.Text;
using Endpoint.Core.Net;
using Endpoint.Core.Provisioning.Portal;

namespace Endpoint.Tests.Core.Provisioning.Portal;

public class PortalFormTests
{
    private static readonly WifiNetwork[] Scan = [new("Lab", -48, true), new("Cafe", -70, false)];

    private static (string Error, PortalForm Form) Read(string body)
    {
        var data = new FormData();
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        Assert.Null(FormData.Parse(bytes, 0, bytes.Length, data));
        var form = new PortalForm();
        return (form.Read(data, Scan), form);
    }

    [Fact]
    public void Read_ListedNetworkAndPassword_NoHub()
    {
        var (error, form) = Read("ssid=Lab&other_ssid=&password=correct-horse&hub_host=&hub_port=&hub_user=&hub_password=");
        Assert.Null(error);
        Assert.Equal("Lab", form.Ssid);
        Assert.Equal("correct-horse", form.Password);
        Assert.Null(form.Hub);
    }

    [Fact]
    public void Read_OpenNetworkWithoutPassword_Accepted()
    {
        var (error, form) = Read("ssid=Cafe&password=");
        Assert.Null(error);
        Assert.Equal("", form.Password);
    }

    [Fact]
    public void Read_HiddenNetworkTyped_Used()
    {
        var (error, form) = Read("ssid=&other_ssid=Attic+%F0%9F%93%B6&password=12345678");
        Assert.Null(error);
        Assert.Equal("Attic 📶", form.Ssid);
    }

    [Fact]
    public void Read_RawKeyOf64HexDigits_Accepted()
    {
        Assert.Null(Read("ssid=Lab&password=" + new string('a', 32) + new string('F', 32)).Error);
    }

    [Fact]
    public void Read_Hub_HostPortUserPasswordTls()
    {
        var (error, form) = Read("ssid=Lab&password=correct-horse&hub_host=+broker.lan+&hub_port=8884&hub_user=plug&hub_password=s3cret&hub_tls=on");
        Assert.Null(error);
        Assert.Equal("broker.lan", form.Hub.Host);
        Assert.Equal(8884, form.Hub.Port);
        Assert.True(form.Hub.UseTls);
        Assert.Equal("plug", form.Hub.Username);
        Assert.Equal("s3cret", form.Hub.Password);
    }

    [Theory]
    [InlineData("hub_host=10.0.0.2", 1883, false)]
    [InlineData("hub_host=10.0.0.2&hub_tls=on", 8883, true)]
    public void Read_HubWithoutPort_DefaultForTheTransport(string hub, int port, bool tls)
    {
        var (error, form) = Read("ssid=Lab&password=correct-horse&" + hub);
        Assert.Null(error);
        Assert.Equal(port, form.Hub.Port);
        Assert.Equal(tls, form.Hub.UseTls);
        Assert.Null(form.Hub.Username);
    }

    [Theory]
    [InlineData("password=correct-horse", "ssid", "Choose a network")]
    [InlineData("ssid=&other_ssid=&password=x", "ssid", "Choose a network")]
    [InlineData("ssid=123456789012345678901234567890123&password=correct-horse", "ssid", "at most 32 bytes")]
    [InlineData("ssid=&other_ssid=%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9&password=", "other_ssid", "at most 32 bytes")]
    [InlineData("ssid=La%09b&password=correct-horse", "ssid", "control character")]
    [InlineData("ssid=Lab&password=short", "password", "8 to 63 characters")]
    [InlineData("ssid=Lab&password=1234567890123456789012345678901234567890123456789012345678901234567890", "password", "8 to 63 characters")]
    [InlineData("ssid=Lab&password=ghijklmnopghijklmnopghijklmnopghijklmnopghijklmnopghijklmnopghij", "password", "64 hex digits")]
    [InlineData("ssid=Lab&password=correct%0Ahorse", "password", "control character")]
    [InlineData("ssid=Cafe&password=correct-horse", "password", "'Cafe' is an open network")]
    [InlineData("ssid=Lab&password=correct-horse&hub_port=1883", "hub_host", "along with its port")]
    [InlineData("ssid=Lab&password=correct-horse&hub_tls=on", "hub_host", "along with its port")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=mqtt%3A%2F%2Fbroker.lan%3A1883", "hub_host", "host name only")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=broker_lan", "hub_host", "is not a host name")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=-broker.lan", "hub_host", "is not a host name")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=broker..lan", "hub_host", "is not a host name")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=10.0.0.256", "hub_host", "is not a host name")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=10.0.1", "hub_host", "is not a host name")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=broker.lan&hub_port=0", "hub_port", "1 to 65535")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=broker.lan&hub_port=65536", "hub_port", "1 to 65535")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=broker.lan&hub_port=18x3", "hub_port", "1 to 65535")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=broker.lan&hub_password=p", "hub_user", "needs a user name")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=broker.lan&hub_user=a%01", "hub_user", "control characters")]
    [InlineData("ssid=Lab&password=correct-horse&hub_host=broker.lan&hub_tls=yes", "hub_tls", "'on' or nothing")]
    [InlineData("ssid=Lab&password=correct-horse&admin=1", null, "unexpected field 'admin'")]
    public void Read_BadInput_SentenceNamesTheFieldAndNothingIsKept(string body, string field, string message)
    {
        var (error, form) = Read(body);
        Assert.NotNull(error);
        Assert.Contains(message, error);
        Assert.Equal(field, form.ErrorField);
        Assert.Null(form.Ssid);
        Assert.Null(form.Password);
        Assert.Null(form.Hub);
    }

    [Theory]
    [InlineData("broker.lan", true)]
    [InlineData("b", true)]
    [InlineData("192.168.1.10", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("my-hub-01.example.org", true)]
    [InlineData("01.2.3.4", false)]
    [InlineData("broker.", false)]
    [InlineData("broker-.lan", false)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    public void IsValidHost_Rfc1123NamesAndIpv4(string host, bool valid) => Assert.Equal(valid, PortalForm.IsValidHost(host));

    [Fact]
    public void IsValidHost_LabelAndNameLengths()
    {
        Assert.True(PortalForm.IsValidHost(new string('a', 63) + ".lan"));
        Assert.False(PortalForm.IsValidHost(new string('a', 64) + ".lan"));
        Assert.False(PortalForm.IsValidHost(string.Join(".", System.Linq.Enumerable.Repeat(new string('a', 50), 5))));
    }
}
