using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Endpoint.Core.Json;

namespace Endpoint.Tests.Core.Json;

public sealed class JsonReaderTests
{
    // Every document is read from the middle of a larger array, so the reader must respect offset and count.
    private static JsonReader Reader(string json) => Reader(Encoding.UTF8.GetBytes(json));

    private static JsonReader Reader(byte[] json)
    {
        byte[] padded = new byte[json.Length + 4];
        padded[0] = (byte)'[';
        padded[1] = (byte)'"';
        Array.Copy(json, 0, padded, 2, json.Length);
        padded[^2] = (byte)'x';
        padded[^1] = (byte)'}';
        return new JsonReader(padded, 2, json.Length);
    }

    [Fact]
    public void Read_Document_YieldsEveryTokenWithDepth()
    {
        var reader = Reader(" {\"a\" : 1, \"b\":[true,false,null, \"s\"],\"c\":{\"d\":{}},\"e\":[[]],\"f\":-2.5e3}\r\n");
        var tokens = new List<string>();
        while (reader.Read())
        {
            string text = reader.Token switch
            {
                JsonToken.PropertyName or JsonToken.String => reader.Token + ":" + reader.GetString(),
                JsonToken.Number => "Number:" + reader.GetDouble().ToString(CultureInfo.InvariantCulture),
                _ => reader.Token.ToString(),
            };
            tokens.Add(text + "@" + reader.Depth);
        }

        string[] expected =
        {
            "BeginObject@1",
            "PropertyName:a@1", "Number:1@1",
            "PropertyName:b@1", "BeginArray@2", "True@2", "False@2", "Null@2", "String:s@2", "EndArray@1",
            "PropertyName:c@1", "BeginObject@2", "PropertyName:d@2", "BeginObject@3", "EndObject@2", "EndObject@1",
            "PropertyName:e@1", "BeginArray@2", "BeginArray@3", "EndArray@2", "EndArray@1",
            "PropertyName:f@1", "Number:-2500@1",
            "EndObject@0",
        };
        Assert.Equal(expected, tokens);
        Assert.False(reader.Read()); // stays at the end
    }

    [Theory]
    [InlineData("42", JsonToken.Number)]
    [InlineData("\"text\"", JsonToken.String)]
    [InlineData("true", JsonToken.True)]
    [InlineData("false", JsonToken.False)]
    [InlineData(" null ", JsonToken.Null)]
    [InlineData("[]", JsonToken.BeginArray)]
    public void Read_TopLevelValue_IsADocument(string json, JsonToken first)
    {
        var reader = Reader(json);

        Assert.Equal(JsonToken.None, reader.Token);
        Assert.True(reader.Read());
        Assert.Equal(first, reader.Token);
        while (reader.Read())
        {
        }

        Assert.Equal(0, reader.Depth);
    }

    [Fact]
    public void ValueEquals_PropertyNamesAndStrings_ComparesExactly()
    {
        var reader = Reader("{\"state\":\"ON\",\"na\\u006de\":\"x\\\"y\"}");
        reader.Read();

        reader.Read();
        Assert.True(reader.ValueEquals("state"));
        Assert.False(reader.ValueEquals("State"));
        Assert.False(reader.ValueEquals("stat"));
        Assert.False(reader.ValueEquals("states"));
        reader.Read();
        Assert.True(reader.ValueEquals("ON"));
        Assert.False(reader.ValueEquals("on"));
        Assert.False(reader.ValueEquals(""));
        reader.Read();
        Assert.True(reader.ValueEquals("name")); // escaped in the input
        Assert.False(reader.ValueEquals("na\\u006de"));
        reader.Read();
        Assert.True(reader.ValueEquals("x\"y"));
    }

    [Fact]
    public void ValueEquals_EmptyString_MatchesOnlyEmpty()
    {
        var reader = Reader("\"\"");
        reader.Read();

        Assert.True(reader.ValueEquals(""));
        Assert.False(reader.ValueEquals("a"));
        Assert.Equal(string.Empty, reader.GetString());
    }

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"a\\\"b\\\\c\\/d\"", "a\"b\\c/d")]
    [InlineData("\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t")]
    [InlineData("\"\\u0041\\u00e9\\u20AC\"", "A\u00e9\u20ac")]
    [InlineData("\"\\ud83d\\ude00\"", "\U0001F600")]
    [InlineData("\"\\uD83D\\uDE00!\"", "\U0001F600!")]
    [InlineData("\"x\\ud83d\\ude00\\ud83d\\ude01y\"", "x\U0001F600\U0001F601y")]
    [InlineData("\"caf\u00e9 \u20ac \U0001F600\"", "caf\u00e9 \u20ac \U0001F600")] // raw UTF-8
    [InlineData("\"\\u00e9 and \u00e9\"", "\u00e9 and \u00e9")]
    [InlineData("\"\\u0000\"", "\0")]
    public void GetString_Escapes_AreDecoded(string json, string expected)
    {
        var reader = Reader(json);
        reader.Read();

        Assert.Equal(expected, reader.GetString());
        if (Ascii.IsValid(expected))
        {
            Assert.True(reader.ValueEquals(expected)); // ValueEquals compares with ASCII text
        }
    }

    [Theory]
    [InlineData("\"\\ud83d\"", "\ufffd")] // lone high surrogate
    [InlineData("\"\\ude00\"", "\ufffd")] // lone low surrogate
    [InlineData("\"\\ud83dx\"", "\ufffdx")]
    [InlineData("\"\\ud83d\\u0041\"", "\ufffdA")] // high surrogate followed by a non-surrogate escape
    [InlineData("\"\\ud83d\\n\"", "\ufffd\n")]
    public void GetString_LoneSurrogateEscape_BecomesReplacementCharacter(string json, string expected)
    {
        var reader = Reader(json);
        reader.Read();

        Assert.Equal(expected, reader.GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("7")]
    [InlineData("42")]
    [InlineData("-17")]
    [InlineData("2147483648")]
    [InlineData("9007199254740992")]
    [InlineData("3.25")]
    [InlineData("0.5")]
    [InlineData("0.1")]
    [InlineData("0.3")]
    [InlineData("21.3")]
    [InlineData("-0.75")]
    [InlineData("123.456")]
    [InlineData("1e2")]
    [InlineData("1E2")]
    [InlineData("1e+2")]
    [InlineData("-2.5e3")]
    [InlineData("12.5e-1")]
    [InlineData("5e-3")]
    [InlineData("1.5E-10")]
    [InlineData("6.02e22")]
    [InlineData("0e10")]
    public void GetDouble_Number_MatchesDoubleParse(string json)
    {
        var reader = Reader(json);
        reader.Read();

        Assert.Equal(double.Parse(json, CultureInfo.InvariantCulture), reader.GetDouble());
    }

    [Fact]
    public void GetDouble_NumberInsideDocument_UsesOnlyItsOwnDigits()
    {
        var reader = Reader("[1.5,-20,3e1]");
        var values = new List<double>();
        while (reader.Read())
        {
            if (reader.Token == JsonToken.Number)
            {
                values.Add(reader.GetDouble());
            }
        }

        Assert.Equal(new[] { 1.5, -20, 30 }, values);
    }

    [Fact]
    public void GetDouble_RandomShortDecimals_MatchDoubleParse()
    {
        var random = new Random(31);
        for (int n = 0; n < 5000; n++)
        {
            // At most 15 significant digits and a small exponent: every such value has one correctly
            // rounded double, which double.Parse gives.
            int digits = random.Next(1, 16);
            var sb = new StringBuilder();
            if (random.Next(2) == 0)
            {
                sb.Append('-');
            }

            string mantissa = random.NextInt64(1, (long)Math.Pow(10, digits)).ToString(CultureInfo.InvariantCulture);
            int point = random.Next(0, mantissa.Length);
            sb.Append(point == 0 ? mantissa : mantissa.Substring(0, mantissa.Length - point) + "." + mantissa.Substring(mantissa.Length - point));
            int fractionDigits = point;
            if (random.Next(3) == 0)
            {
                int exponent = random.Next(-(22 - fractionDigits), 23 - 15);
                sb.Append('e').Append(exponent);
            }

            string json = sb.ToString();
            var reader = Reader(json);
            reader.Read();

            Assert.True(double.Parse(json, CultureInfo.InvariantCulture) == reader.GetDouble(), json);
        }
    }

    [Fact]
    public void GetDouble_HugeExponents_DoNotThrow()
    {
        var reader = Reader("[1e400,-1e400,1e-400,1e99999999999]");
        var values = new List<double>();
        while (reader.Read())
        {
            if (reader.Token == JsonToken.Number)
            {
                values.Add(reader.GetDouble());
            }
        }

        Assert.Equal(double.PositiveInfinity, values[0]);
        Assert.Equal(double.NegativeInfinity, values[1]);
        Assert.Equal(0.0, values[2]);
        Assert.Equal(double.PositiveInfinity, values[3]);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData("42", 42)]
    [InlineData("-42", -42)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("-2147483648", int.MinValue)]
    [InlineData("1e3", 1000)]
    [InlineData("-3E+2", -300)]
    public void TryGetInt32_Integer_ReturnsValue(string json, int expected)
    {
        var reader = Reader(json);
        reader.Read();

        Assert.True(reader.TryGetInt32(out int value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.25")]
    [InlineData("2147483648")]
    [InlineData("-2147483649")]
    [InlineData("1e10")]
    [InlineData("99999999999999999999")]
    [InlineData("1e-3")]
    [InlineData("25e-1")]
    [InlineData("\"1\"")]
    [InlineData("true")]
    [InlineData("null")]
    public void TryGetInt32_FractionOverflowOrNotANumber_ReturnsFalse(string json)
    {
        var reader = Reader(json);
        reader.Read();

        Assert.False(reader.TryGetInt32(out int value));
        Assert.Equal(0, value);
    }

    [Fact]
    public void Skip_OnPropertyWithNestedValue_SkipsToItsEnd()
    {
        var reader = Reader("{\"skip\":{\"a\":[1,{\"b\":[]}],\"c\":\"}]\"},\"keep\":7}");
        reader.Read();
        reader.Read();
        Assert.True(reader.ValueEquals("skip"));

        reader.Skip();

        Assert.Equal(JsonToken.EndObject, reader.Token);
        Assert.Equal(1, reader.Depth);
        Assert.True(reader.Read());
        Assert.True(reader.ValueEquals("keep"));
        reader.Read();
        Assert.True(reader.TryGetInt32(out int keep));
        Assert.Equal(7, keep);
        Assert.True(reader.Read());
        Assert.Equal(JsonToken.EndObject, reader.Token);
        Assert.False(reader.Read());
    }

    [Fact]
    public void Skip_OnPropertyWithScalar_SkipsTheScalar()
    {
        var reader = Reader("{\"a\":\"x\",\"b\":2}");
        reader.Read();
        reader.Read();

        reader.Skip();

        Assert.Equal(JsonToken.String, reader.Token);
        reader.Read();
        Assert.True(reader.ValueEquals("b"));
    }

    [Fact]
    public void Skip_OnBeginArray_SkipsToTheMatchingEnd()
    {
        var reader = Reader("[[1,[2,[3]]],4]");
        reader.Read();
        reader.Read();
        Assert.Equal(2, reader.Depth);

        reader.Skip();

        Assert.Equal(JsonToken.EndArray, reader.Token);
        Assert.Equal(1, reader.Depth);
        reader.Read();
        Assert.Equal(4, reader.GetDouble());
    }

    [Fact]
    public void Skip_OnScalar_DoesNothing()
    {
        var reader = Reader("[1,2]");
        reader.Read();
        reader.Read();

        reader.Skip();

        Assert.Equal(JsonToken.Number, reader.Token);
        Assert.Equal(1, reader.GetDouble());
    }

    [Fact]
    public void Read_SixteenLevels_IsAccepted()
    {
        var reader = Reader(new string('[', 16) + new string(']', 16));
        int maxDepth = 0;
        while (reader.Read())
        {
            maxDepth = Math.Max(maxDepth, reader.Depth);
        }

        Assert.Equal(16, maxDepth);
    }

    public static TheoryData<string> Malformed => new()
    {
        "",
        "   ",
        "{",
        "[",
        "}",
        "]",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\" 1}",
        "{\"a\":1,}",
        "{\"a\":1 \"b\":2}",
        "{,\"a\":1}",
        "{\"a\":1,,\"b\":2}",
        "{1:2}",
        "{a:1}",
        "{'a':1}",
        "{\"a\":1]",
        "[1}",
        "[1,]",
        "[,1]",
        "[1 2]",
        "[1,,2]",
        "[\"a\":1]",
        "01",
        "-01",
        "1.",
        "1.e5",
        ".5",
        "+1",
        "-",
        "1e",
        "1e+",
        "1x",
        "0x10",
        "NaN",
        "Infinity",
        "tru",
        "truex",
        "nul",
        "True",
        "\"abc",
        "\"abc\\\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\u12G4\"",
        "\"\\U0041\"",
        "\"\\",
        "\"a\u0001b\"",
        "\"a\nb\"",
        "\"tab\there\"",
        "{} x",
        "{}}",
        "1 2",
        "\"a\" \"b\"",
        "[]]",
        "{\"a\":1}{",
        "\u00e9",
        "[1]\u0000",
        new string('[', 17) + new string(']', 17),
        new string('[', 17),
        "{\"a\":" + new string('[', 16) + new string(']', 16) + "}",
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Read_MalformedDocument_ThrowsJsonFormatException(string json)
    {
        AssertRejected(Encoding.UTF8.GetBytes(json));
    }

    [Theory]
    [InlineData("22 C3 28 22")] // bad continuation
    [InlineData("22 C0 AF 22")] // overlong
    [InlineData("22 ED A0 80 22")] // surrogate
    [InlineData("22 F4 90 80 80 22")] // above U+10FFFF
    [InlineData("22 E2 82 22")] // truncated before the closing quote
    [InlineData("7B 22 FF 22 3A 31 7D")] // in a property name
    [InlineData("EF BB BF 7B 7D")] // a byte order mark is not JSON
    public void Read_InvalidUtf8_ThrowsJsonFormatException(string hex)
    {
        AssertRejected(Convert.FromHexString(hex.Replace(" ", string.Empty)));
    }

    [Fact]
    public void JsonFormatException_Message_SaysWhere()
    {
        var reader = Reader("{\"a\":tru}");
        reader.Read();
        reader.Read();

        var ex = Assert.Throws<JsonFormatException>(() => reader.Read());

        Assert.Contains("byte", ex.Message);
    }

    [Fact]
    public void Read_RandomGarbage_ThrowsOnlyJsonFormatException()
    {
        var random = new Random(8259);
        byte[] alphabet = Encoding.UTF8.GetBytes("{}[]:,\"\\ ntrufalse0123456789.-+eEu/bx\t\n");
        for (int n = 0; n < 5000; n++)
        {
            byte[] data = new byte[random.Next(0, 24)];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = random.Next(5) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            WalkExpectingOnlyFormatErrors(data);
        }
    }

    [Fact]
    public void Read_SystemTextJsonDocuments_WalksToTheEnd()
    {
        var random = new Random(1);
        for (int n = 0; n < 1000; n++)
        {
            byte[] json = RandomDocument(random);
            var expected = ReferenceTokens(json);

            var actual = new List<string>();
            var reader = Reader(json);
            while (reader.Read())
            {
                actual.Add(Describe(reader));
            }

            Assert.Equal(expected, actual);
            Assert.Equal(0, reader.Depth);
        }
    }

    [Fact]
    public void Read_MutatedValidDocuments_ThrowOnlyJsonFormatExceptionAndAgreeWithSystemTextJson()
    {
        var random = new Random(4627);
        int accepted = 0;
        int rejected = 0;
        for (int n = 0; n < 5000; n++)
        {
            byte[] json = RandomDocument(random);
            int mutations = random.Next(1, 4);
            for (int m = 0; m < mutations && json.Length > 0; m++)
            {
                json = Mutate(random, json);
            }

            bool ours = WalkExpectingOnlyFormatErrors(json);
            bool reference = SystemTextJsonAccepts(json);
            if (ours)
            {
                accepted++;
                Assert.True(reference, "accepted by the reader, rejected by System.Text.Json: " + Show(json));
            }
            else
            {
                rejected++;
                Assert.False(reference, "rejected by the reader, accepted by System.Text.Json: " + Show(json));
            }
        }

        Assert.True(accepted > 100 && rejected > 1000, $"accepted {accepted}, rejected {rejected}");
    }

    private static void AssertRejected(byte[] json)
    {
        var reader = Reader(json);
        var ex = Record.Exception(() =>
        {
            while (reader.Read())
            {
            }
        });

        Assert.IsType<JsonFormatException>(ex);
    }

    // Reads the whole document, also decoding every value; true when it is valid.
    private static bool WalkExpectingOnlyFormatErrors(byte[] data)
    {
        var reader = Reader(data);
        try
        {
            int guard = 0;
            while (reader.Read())
            {
                Assert.True(++guard <= data.Length + 1, "the reader must make progress");
                switch (reader.Token)
                {
                    case JsonToken.String:
                    case JsonToken.PropertyName:
                        reader.GetString();
                        reader.ValueEquals("a");
                        break;
                    case JsonToken.Number:
                        reader.GetDouble();
                        reader.TryGetInt32(out _);
                        break;
                }
            }

            return true;
        }
        catch (JsonFormatException)
        {
            return false;
        }
        catch (Exception ex)
        {
            Assert.Fail($"{ex.GetType().Name} escaped for {Show(data)}: {ex}");
            return false;
        }
    }

    private static bool SystemTextJsonAccepts(byte[] json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    // Make System.Text.Json check the UTF-8 of the string as well. Lone surrogate
                    // escapes are legal JSON text (the reader decodes them to U+FFFD), so do not unescape.
                    new UTF8Encoding(false, true).GetString(reader.ValueSpan);
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static List<string> ReferenceTokens(byte[] json)
    {
        var tokens = new List<string>();
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            tokens.Add(reader.TokenType switch
            {
                JsonTokenType.StartObject => "{",
                JsonTokenType.EndObject => "}",
                JsonTokenType.StartArray => "[",
                JsonTokenType.EndArray => "]",
                JsonTokenType.PropertyName => "P:" + reader.GetString(),
                JsonTokenType.String => "S:" + reader.GetString(),
                JsonTokenType.Number => "N:" + reader.GetDouble().ToString("R", CultureInfo.InvariantCulture),
                JsonTokenType.True => "T",
                JsonTokenType.False => "F",
                _ => "Z",
            } + "@" + reader.CurrentDepth);
        }

        return tokens;
    }

    private static string Describe(JsonReader reader)
    {
        // Utf8JsonReader's CurrentDepth counts a closing bracket at the outer level and an opening
        // one at the outer level too; ours gives the depth after the token.
        int depth = reader.Token is JsonToken.BeginObject or JsonToken.BeginArray ? reader.Depth - 1 : reader.Depth;
        return reader.Token switch
        {
            JsonToken.BeginObject => "{",
            JsonToken.EndObject => "}",
            JsonToken.BeginArray => "[",
            JsonToken.EndArray => "]",
            JsonToken.PropertyName => "P:" + reader.GetString(),
            JsonToken.String => "S:" + reader.GetString(),
            JsonToken.Number => "N:" + reader.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            JsonToken.True => "T",
            JsonToken.False => "F",
            _ => "Z",
        } + "@" + depth;
    }

    private static byte[] RandomDocument(Random random)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = random.Next(2) == 0 }))
        {
            WriteRandom(writer, random, 0);
        }

        return stream.ToArray();
    }

    private static void WriteRandom(Utf8JsonWriter writer, Random random, int depth)
    {
        switch (random.Next(depth < 5 ? 8 : 5))
        {
            case 0:
                writer.WriteStringValue(RandomText(random));
                break;
            case 1:
                // Integers and short decimals: exactly representable on both sides.
                if (random.Next(2) == 0)
                {
                    writer.WriteNumberValue(random.Next(-100000, 100000));
                }
                else
                {
                    writer.WriteNumberValue(random.Next(-100000, 100000) / 8.0);
                }

                break;
            case 2:
                writer.WriteBooleanValue(random.Next(2) == 0);
                break;
            case 3:
                writer.WriteNullValue();
                break;
            case 4:
            case 5:
                writer.WriteStartArray();
                for (int i = random.Next(0, 4); i > 0; i--)
                {
                    WriteRandom(writer, random, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject();
                for (int i = random.Next(0, 4); i > 0; i--)
                {
                    writer.WritePropertyName(RandomText(random) + i);
                    WriteRandom(writer, random, depth + 1);
                }

                writer.WriteEndObject();
                break;
        }
    }

    private static string RandomText(Random random)
    {
        const string alphabet = "abcXYZ09 \"\\/\n\t\u0001\u00e9\u20ac<>&'+";
        var sb = new StringBuilder();
        for (int i = random.Next(0, 8); i > 0; i--)
        {
            if (random.Next(10) == 0)
            {
                sb.Append("\U0001F600");
            }
            else
            {
                sb.Append(alphabet[random.Next(alphabet.Length)]);
            }
        }

        return sb.ToString();
    }

    private static byte[] Mutate(Random random, byte[] json)
    {
        byte[] interesting = Encoding.UTF8.GetBytes("{}[]:,\"\\ 0-.eEu");
        int at = random.Next(json.Length);
        byte b = random.Next(3) == 0 ? (byte)random.Next(256) : interesting[random.Next(interesting.Length)];
        var list = new List<byte>(json);
        switch (random.Next(4))
        {
            case 0: list[at] = b; break;
            case 1: list.Insert(at, b); break;
            case 2: list.RemoveAt(at); break;
            default: list.RemoveRange(at, list.Count - at); break; // truncate
        }

        return list.ToArray();
    }

    private static string Show(byte[] data) => BitConverter.ToString(data) + " (" + Encoding.UTF8.GetString(data) + ")";
}
