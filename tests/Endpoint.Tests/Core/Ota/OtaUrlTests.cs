using System;
using System.Text;
using Endpoint.Core.Ota;

namespace Endpoint.Tests.Core.Ota;

/// <summary>The rules for an offer's <c>url</c>.</summary>
public sealed class OtaUrlTests
{
    [Theory]
    [InlineData("http://files.example.com/plug-1.1.0.epk")]
    [InlineData("https://cdn.example.com/fw/plug%201.epk")]
    [InlineData("http://192.168.1.10:8080/plug.epk")]
    [InlineData("http://hub.local")]
    public void Problem_GoodUrl_None(string url)
    {
        Assert.Null(OtaUrl.Problem(url));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("HTTP://files.test/a.epk", "must start with http://")]
    [InlineData("file:///tmp/a.epk", "must start with http://")]
    [InlineData("http://files.test/a.epk#x", "query or fragment")]
    [InlineData("http://files.test/\u00e9.epk", "printable ASCII")]
    [InlineData("http://files.test/a\tb", "printable ASCII")]
    [InlineData("http://a@files.test/a.epk", "credentials")]
    [InlineData("http://:80/a.epk", "no host")]
    [InlineData("http://files.test:0/a.epk", "bad port")]
    [InlineData("http://fi_les.test/a.epk", "bad host name")]
    [InlineData("http://files..test/a.epk", "bad host name")]
    [InlineData("http://files.test:/a.epk", "bad port")]
    [InlineData("http://files.test:8o/a.epk", "bad port")]
    [InlineData("http://files.test:65536/a.epk", "bad port")]
    public void Problem_BadUrl_Reason(string url, string reason)
    {
        Assert.Contains(reason, OtaUrl.Problem(url));
    }

    [Fact]
    public void Problem_RandomizedInput_NeverThrowsAndAcceptsOnlyWhatTheRulesAllow()
    {
        var random = new Random(11);
        const string alphabet = "htps:/@?#[]:.0123456789abcXYZ -%\u00e9\t";
        for (int n = 0; n < 20000; n++)
        {
            var text = new StringBuilder(random.Next(3) == 0 ? "http://" : random.Next(2) == 0 ? "https://" : "");
            int length = random.Next(0, 30);
            for (int i = 0; i < length; i++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            string url = text.ToString();
            string problem = OtaUrl.Problem(url);
            if (problem == null)
            {
                Assert.True(url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal), url);
                Assert.DoesNotContain('?', url);
                Assert.DoesNotContain(' ', url);
                Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri), url);
                Assert.False(string.IsNullOrEmpty(uri.Host), url);
                Assert.Equal("", uri.UserInfo);
            }
        }
    }
}
