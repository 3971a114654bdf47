using System;
using System.Text;
using Endpoint.Core.Provisioning.Portal;

namespace Endpoint.Tests.Core.Provisioning.Portal;

public class FormDataTests
{
    private static (string Error, FormData Form) Parse(string body) => Parse(Encoding.UTF8.GetBytes(body));

    private static (string Error, FormData Form) Parse(byte[] body)
    {
        var form = new FormData();
        return (FormData.Parse(body, 0, body.Length, form), form);
    }

    [Fact]
    public void Parse_WhatABrowserSends_DecodedUtf8PlusAndPercent()
    {
        // Chromium's encoding of ssid="Café 2.4" and password="p@ss w&rd=1"
        var (error, form) = Parse("ssid=Caf%C3%A9+2.4&password=p%40ss+w%26rd%3D1&hub_host=");
        Assert.Null(error);
        Assert.Equal(3, form.Count);
        Assert.Equal("Café 2.4", form.Get("ssid"));
        Assert.Equal("p@ss w&rd=1", form.Get("password"));
        Assert.Equal("", form.Get("hub_host"));
        Assert.Null(form.Get("hub_port"));
    }

    [Fact]
    public void Parse_EmptySequencesAndNameWithoutEquals_AsBrowsersDo()
    {
        var (error, form) = Parse("&a=1&&b&");
        Assert.Null(error);
        Assert.Equal("1", form.Get("a"));
        Assert.Equal("", form.Get("b"));
        Assert.Equal(2, form.Count);
    }

    [Fact]
    public void Parse_EmptyBody_NoFields()
    {
        var (error, form) = Parse("");
        Assert.Null(error);
        Assert.Equal(0, form.Count);
    }

    [Theory]
    [InlineData("ssid=Lab%2", "the value of 'ssid' has a '%' not followed by two hex digits")]
    [InlineData("ssid=Lab%zz", "the value of 'ssid' has a '%' not followed by two hex digits")]
    [InlineData("ss%4=x", "a field name has a '%' not followed by two hex digits")]
    [InlineData("ssid=%C3%28", "the value of 'ssid' is not UTF-8 text")]
    [InlineData("ssid=%ED%A0%80", "the value of 'ssid' is not UTF-8 text")]
    [InlineData("ssid=a%00b", "the value of 'ssid' is not UTF-8 text")]
    [InlineData("=value", "a field without a name")]
    [InlineData("ssid=a&ssid=b", "the field 'ssid' is given twice")]
    public void Parse_Malformed_ReasonAndNothingKept(string body, string reason)
    {
        var (error, form) = Parse(body);
        Assert.Equal(reason, error);
        Assert.Equal(0, form.Count);
    }

    [Fact]
    public void Parse_TooManyFields_Refused()
    {
        var sb = new StringBuilder();
        for (int i = 0; i <= FormData.MaxFields; i++)
        {
            sb.Append("f").Append(i).Append("=1&");
        }

        Assert.Equal("more than 16 fields", Parse(sb.ToString()).Error);
    }

    [Fact]
    public void Parse_ValueTooLong_Refused()
    {
        Assert.Equal("the value of 'password' is longer than 512 bytes", Parse("password=" + new string('x', 513)).Error);
        Assert.Null(Parse("password=" + new string('x', 512)).Error);
    }

    [Fact]
    public void Parse_RandomBytes_EitherAReasonOrUtf8Fields()
    {
        var random = new Random(11);
        for (int i = 0; i < 5000; i++)
        {
            var body = new byte[random.Next(0, 80)];
            for (int k = 0; k < body.Length; k++)
            {
                body[k] = (byte)(random.Next(4) == 0 ? "%&=+"[random.Next(4)] : random.Next(256));
            }

            var (error, form) = Parse(body);
            if (error != null)
            {
                Assert.Equal(0, form.Count);
                Assert.DoesNotContain('\n', error);
            }
            else
            {
                for (int f = 0; f < form.Count; f++)
                {
                    Assert.NotEmpty(form.NameAt(f));
                    Assert.DoesNotContain('\0', form.Get(form.NameAt(f)));
                }
            }
        }
    }
}
