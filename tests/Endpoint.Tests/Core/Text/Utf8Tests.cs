using System;
using System.Text;
using Endpoint.Core.Text;

namespace Endpoint.Tests.Core.Text;

public sealed class Utf8Tests
{
    private static readonly UTF8Encoding Strict = new(false, true);

    [Theory]
    [InlineData("")]
    [InlineData("41")] // A
    [InlineData("7F")] // DEL, last 1-byte
    [InlineData("C2 80")] // U+0080, first 2-byte
    [InlineData("C3 A9")] // é
    [InlineData("DF BF")] // U+07FF, last 2-byte
    [InlineData("E0 A0 80")] // U+0800, first 3-byte
    [InlineData("E2 82 AC")] // €
    [InlineData("ED 9F BF")] // U+D7FF, just below the surrogates
    [InlineData("EE 80 80")] // U+E000, just above the surrogates
    [InlineData("EF BF BF")] // U+FFFF
    [InlineData("F0 90 80 80")] // U+10000, first 4-byte
    [InlineData("F0 9F 98 80")] // 😀
    [InlineData("F4 8F BF BF")] // U+10FFFF, the last code point
    [InlineData("68 C3 A9 6C 6C 6F E2 82 AC F0 9F 98 80 21")]
    public void IsValid_WellFormed_ReturnsTrue(string hex)
    {
        byte[] data = Bytes(hex);

        Assert.True(Utf8.IsValid(data, 0, data.Length));
    }

    [Theory]
    [InlineData("00")] // NUL is rejected
    [InlineData("41 00 42")]
    [InlineData("80")] // lone continuation
    [InlineData("41 BF")]
    [InlineData("C0 AF")] // overlong '/'
    [InlineData("C1 BF")] // overlong
    [InlineData("C0 80")] // overlong NUL
    [InlineData("E0 80 AF")] // overlong 3-byte
    [InlineData("E0 9F BF")] // overlong U+07FF
    [InlineData("F0 80 80 AF")] // overlong 4-byte
    [InlineData("F0 8F BF BF")] // overlong U+FFFF
    [InlineData("ED A0 80")] // U+D800 surrogate
    [InlineData("ED BF BF")] // U+DFFF surrogate
    [InlineData("ED A0 BD ED B8 80")] // CESU-8 pair
    [InlineData("F4 90 80 80")] // U+110000
    [InlineData("F5 80 80 80")]
    [InlineData("F7 BF BF BF")]
    [InlineData("F8 88 80 80 80")] // 5-byte form
    [InlineData("FC 84 80 80 80 80")] // 6-byte form
    [InlineData("FE")]
    [InlineData("FF")]
    [InlineData("C3")] // truncated at the end
    [InlineData("41 C3")]
    [InlineData("E2 82")]
    [InlineData("E2")]
    [InlineData("F0 9F 98")]
    [InlineData("F0 9F")]
    [InlineData("C3 41")] // continuation missing
    [InlineData("E2 41 AC")]
    [InlineData("E2 82 41")]
    [InlineData("F0 9F 98 41")]
    [InlineData("C3 A9 A9")] // one continuation too many
    public void IsValid_Malformed_ReturnsFalse(string hex)
    {
        byte[] data = Bytes(hex);

        Assert.False(Utf8.IsValid(data, 0, data.Length));
    }

    [Fact]
    public void IsValid_Range_ChecksOnlyThatRange()
    {
        // A valid "é" between invalid bytes, and a sequence cut by the range end.
        byte[] data = { 0xFF, 0xC3, 0xA9, 0x80, 0xE2, 0x82, 0xAC };

        Assert.True(Utf8.IsValid(data, 1, 2));
        Assert.True(Utf8.IsValid(data, 4, 3));
        Assert.False(Utf8.IsValid(data, 4, 2)); // € cut by the end of the range
        Assert.False(Utf8.IsValid(data, 1, 1));
        Assert.False(Utf8.IsValid(data, 0, 3));
        Assert.True(Utf8.IsValid(data, 2, 0));
    }

    [Fact]
    public void IsValid_RandomBytes_AgreesWithStrictDecoder()
    {
        var random = new Random(20260101);
        int valid = 0;
        for (int n = 0; n < 4000; n++)
        {
            byte[] data = new byte[random.Next(0, 12)];
            for (int i = 0; i < data.Length; i++)
            {
                // Bias towards the interesting bytes: lead bytes, continuations, ASCII.
                data[i] = random.Next(4) switch
                {
                    0 => (byte)random.Next(0x00, 0x80),
                    1 => (byte)random.Next(0x80, 0xC0),
                    2 => (byte)random.Next(0xC0, 0x100),
                    _ => (byte)random.Next(0x100),
                };
            }

            bool expected = IsStrictUtf8WithoutNul(data);
            if (expected)
            {
                valid++;
            }

            Assert.True(expected == Utf8.IsValid(data, 0, data.Length), Hex(data));
        }

        Assert.True(valid > 100, "the generator should produce some valid sequences");
    }

    [Fact]
    public void IsValid_MutatedValidText_AgreesWithStrictDecoder()
    {
        var random = new Random(77);
        int valid = 0;
        int invalid = 0;
        for (int n = 0; n < 4000; n++)
        {
            var sb = new StringBuilder();
            int length = random.Next(1, 8);
            for (int i = 0; i < length; i++)
            {
                int cp;
                do
                {
                    cp = random.Next(4) switch
                    {
                        0 => random.Next(0x01, 0x80),
                        1 => random.Next(0x80, 0x800),
                        2 => random.Next(0x800, 0x10000),
                        _ => random.Next(0x10000, 0x110000),
                    };
                }
                while (cp >= 0xD800 && cp <= 0xDFFF);

                sb.Append(char.ConvertFromUtf32(cp));
            }

            byte[] data = Encoding.UTF8.GetBytes(sb.ToString());
            int mutations = random.Next(0, 3);
            for (int m = 0; m < mutations; m++)
            {
                int at = random.Next(data.Length);
                switch (random.Next(3))
                {
                    case 0: data[at] = (byte)random.Next(0x100); break;
                    case 1: data[at] ^= (byte)(1 << random.Next(8)); break;
                    default: Array.Resize(ref data, at); break; // truncate
                }

                if (data.Length == 0)
                {
                    break;
                }
            }

            bool expected = IsStrictUtf8WithoutNul(data);
            if (expected)
            {
                valid++;
            }
            else
            {
                invalid++;
            }

            Assert.True(expected == Utf8.IsValid(data, 0, data.Length), Hex(data));
        }

        Assert.True(valid > 500 && invalid > 500);
    }

    [Theory]
    [InlineData("online", "online", true)]
    [InlineData("ONLINE", "online", true)]
    [InlineData("OnLiNe", "oNlInE", true)]
    [InlineData("on", "ON", true)]
    [InlineData("", "", true)]
    [InlineData("online", "onlin", false)]
    [InlineData("onlin", "online", false)]
    [InlineData("offline", "online", false)]
    [InlineData("on", "of", false)]
    [InlineData("[", "{", false)] // 0x5B vs 0x7B differ by 32 but are not letters
    [InlineData("@", "`", false)]
    public void EqualsIgnoreCase_AsciiText_ComparesCaseInsensitively(string bytes, string ascii, bool expected)
    {
        byte[] data = Encoding.ASCII.GetBytes("--" + bytes + "--");

        Assert.Equal(expected, Utf8.EqualsIgnoreCase(data, 2, bytes.Length, ascii));
    }

    [Fact]
    public void EqualsIgnoreCase_NonAsciiBytes_NeverMatchAscii()
    {
        byte[] data = Encoding.UTF8.GetBytes("\u00c9"); // two bytes

        Assert.False(Utf8.EqualsIgnoreCase(data, 0, data.Length, "\u00e9"));
        Assert.False(Utf8.EqualsIgnoreCase(data, 0, data.Length, "ee"));
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("  abc  ", "abc")]
    [InlineData("\t\r\n abc \n\r\t", "abc")]
    [InlineData(" a b ", "a b")]
    [InlineData("   ", "")]
    [InlineData("", "")]
    [InlineData("\u00a0x\u00a0", "\u00a0x\u00a0")] // only ASCII white space is trimmed
    [InlineData("\vx\f", "\vx\f")]
    public void Trim_Whitespace_NarrowsToContent(string text, string expected)
    {
        byte[] data = Encoding.UTF8.GetBytes("#" + text + "#");
        int offset = 1;

        int count = Utf8.Trim(data, ref offset, data.Length - 2);

        Assert.Equal(expected, Encoding.UTF8.GetString(data, offset, count));
        Assert.InRange(offset, 1, data.Length - 1);
    }

    [Theory]
    [InlineData(' ', true)]
    [InlineData('\t', true)]
    [InlineData('\r', true)]
    [InlineData('\n', true)]
    [InlineData('\v', false)]
    [InlineData('\f', false)]
    [InlineData('a', false)]
    [InlineData('\0', false)]
    public void IsSpace_Byte_MatchesJsonWhitespace(char c, bool expected)
    {
        Assert.Equal(expected, Utf8.IsSpace((byte)c));
    }

    private static bool IsStrictUtf8WithoutNul(byte[] data)
    {
        if (Array.IndexOf(data, (byte)0) >= 0)
        {
            return false;
        }

        try
        {
            Strict.GetString(data);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static byte[] Bytes(string hex) =>
        hex.Length == 0 ? Array.Empty<byte>() : Convert.FromHexString(hex.Replace(" ", string.Empty));

    private static string Hex(byte[] data) => data.Length == 0 ? "(empty)" : BitConverter.ToString(data);
}
