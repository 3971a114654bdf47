using System;
using System.Text;
using System.Text.Json;
using Endpoint.Core.Json;
using Endpoint.Core.Text;

namespace Endpoint.Tests.Core.Json;

public sealed class JsonWriterTests
{
    private readonly JsonWriter _writer = new(new ByteBuffer(8));

    private string Output => _writer.Buffer.ToString();

    [Fact]
    public void BeginObject_NestedObjectsAndArrays_PlacesCommasAutomatically()
    {
        _writer.BeginObject();
        _writer.Property("type", "plug");
        _writer.Name("entities");
        _writer.BeginArray();
        _writer.BeginObject();
        _writer.Property("id", "relay");
        _writer.Property("writable", true);
        _writer.EndObject();
        _writer.BeginObject();
        _writer.Property("id", "power");
        _writer.Property("max", 3680);
        _writer.Name("range");
        _writer.BeginArray();
        _writer.Number(0);
        _writer.Number(3680);
        _writer.EndArray();
        _writer.EndObject();
        _writer.EndArray();
        _writer.Name("empty");
        _writer.BeginObject();
        _writer.EndObject();
        _writer.Name("none");
        _writer.BeginArray();
        _writer.EndArray();
        _writer.Property("last", false);
        _writer.EndObject();

        const string expected =
            "{\"type\":\"plug\",\"entities\":[{\"id\":\"relay\",\"writable\":true},"
            + "{\"id\":\"power\",\"max\":3680,\"range\":[0,3680]}],\"empty\":{},\"none\":[],\"last\":false}";
        Assert.Equal(expected, Output);
        using var doc = JsonDocument.Parse(_writer.Buffer.ToArray());
        Assert.Equal(3680, doc.RootElement.GetProperty("entities")[1].GetProperty("range")[1].GetInt32());
    }

    [Fact]
    public void BeginArray_ArrayOfMixedValues_WritesCommaSeparated()
    {
        _writer.BeginArray();
        _writer.String("a");
        _writer.Number(-1);
        _writer.Number(2.345, 2);
        _writer.Bool(true);
        _writer.Bool(false);
        _writer.Null();
        _writer.String(null);
        _writer.BeginArray();
        _writer.BeginArray();
        _writer.EndArray();
        _writer.EndArray();
        _writer.EndArray();

        Assert.Equal("[\"a\",-1,2.35,true,false,null,null,[[]]]", Output);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("C:\\dir\\", "\"C:\\\\dir\\\\\"")]
    [InlineData("a\nb\rc\td", "\"a\\nb\\rc\\td\"")]
    [InlineData("\u0001\u0000\u001f", "\"\\u0001\\u0000\\u001f\"")]
    [InlineData("\b\f", "\"\\u0008\\u000c\"")]
    [InlineData("/ stays", "\"/ stays\"")]
    [InlineData("\u007f", "\"\u007f\"")]
    [InlineData("", "\"\"")]
    public void String_SpecialCharacters_AreEscaped(string value, string expected)
    {
        _writer.String(value);

        Assert.Equal(expected, Output);
        using var doc = JsonDocument.Parse(_writer.Buffer.ToArray());
        Assert.Equal(value, doc.RootElement.GetString());
    }

    [Fact]
    public void String_NonAscii_IsWrittenAsUtf8()
    {
        const string value = "caf\u00e9 \u20ac \u4e2d \U0001F600";

        _writer.String(value);

        Assert.Equal(Encoding.UTF8.GetBytes("\"" + value + "\""), _writer.Buffer.ToArray());
    }

    [Fact]
    public void Name_NeedsEscaping_IsEscapedLikeValues()
    {
        _writer.BeginObject();
        _writer.Property("a\"b\\c\u0002", "v");
        _writer.EndObject();

        Assert.Equal("{\"a\\\"b\\\\c\\u0002\":\"v\"}", Output);
        using var doc = JsonDocument.Parse(_writer.Buffer.ToArray());
        Assert.Equal("v", doc.RootElement.GetProperty("a\"b\\c\u0002").GetString());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Number_NotFinite_WritesNull(double value)
    {
        _writer.BeginObject();
        _writer.Property("t", value, 1);
        _writer.Property("n", 1);
        _writer.EndObject();

        Assert.Equal("{\"t\":null,\"n\":1}", Output);
    }

    [Theory]
    [InlineData(21.456, 1, "21.5")]
    [InlineData(-0.004, 2, "0.00")]
    [InlineData(100.0, 0, "100")]
    [InlineData(0.1, 3, "0.100")]
    public void Number_Double_WritesFixedDecimals(double value, int decimals, string expected)
    {
        _writer.Number(value, decimals);

        Assert.Equal(expected, Output);
        using var doc = JsonDocument.Parse(_writer.Buffer.ToArray());
        Assert.Equal(double.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), doc.RootElement.GetDouble());
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(0L)]
    [InlineData(-42L)]
    public void Number_Long_WritesExactInteger(long value)
    {
        _writer.Number(value);

        using var doc = JsonDocument.Parse(_writer.Buffer.ToArray());
        Assert.Equal(value, doc.RootElement.GetInt64());
    }

    [Fact]
    public void Property_AllOverloads_WriteNameAndValue()
    {
        _writer.BeginObject();
        _writer.Property("s", "text");
        _writer.Property("nulls", (string)null);
        _writer.Property("i", -12345678901L);
        _writer.Property("d", 3.14159, 3);
        _writer.Property("b", true);
        _writer.Property("list", new[] { "x", "y\"", null });
        _writer.Property("emptyList", Array.Empty<string>());
        _writer.EndObject();

        Assert.Equal(
            "{\"s\":\"text\",\"nulls\":null,\"i\":-12345678901,\"d\":3.142,\"b\":true,\"list\":[\"x\",\"y\\\"\",null],\"emptyList\":[]}",
            Output);
        using var doc = JsonDocument.Parse(_writer.Buffer.ToArray());
        var root = doc.RootElement;
        Assert.Equal("text", root.GetProperty("s").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("nulls").ValueKind);
        Assert.Equal(-12345678901L, root.GetProperty("i").GetInt64());
        Assert.Equal(3.142, root.GetProperty("d").GetDouble());
        Assert.True(root.GetProperty("b").GetBoolean());
        Assert.Equal("y\"", root.GetProperty("list")[1].GetString());
        Assert.Equal(0, root.GetProperty("emptyList").GetArrayLength());
    }

    [Fact]
    public void Reset_AfterDocument_StartsAFreshDocument()
    {
        _writer.BeginObject();
        _writer.Property("a", 1);
        _writer.Name("inner");
        _writer.BeginArray();
        _writer.Number(1);

        _writer.Reset();
        _writer.BeginObject();
        _writer.Property("b", 2);
        _writer.EndObject();

        Assert.Equal("{\"b\":2}", Output);
    }

    [Fact]
    public void BeginObject_TooDeep_Throws()
    {
        for (int i = 0; i < 32; i++)
        {
            _writer.BeginArray();
        }

        Assert.Throws<InvalidOperationException>(() => _writer.BeginArray());
    }

    [Fact]
    public void BeginObject_RandomDocuments_ParseWithSystemTextJsonToTheSameValues()
    {
        var random = new Random(5);
        for (int n = 0; n < 300; n++)
        {
            _writer.Reset();
            var expected = new StringBuilder();
            WriteRandomValue(random, 0, expected);

            using var doc = JsonDocument.Parse(_writer.Buffer.ToArray());
            Assert.Equal(expected.ToString(), Describe(doc.RootElement));
        }
    }

    // Writes a random value with the writer and its expected shape into "expected".
    private void WriteRandomValue(Random random, int depth, StringBuilder expected)
    {
        switch (random.Next(depth < 4 ? 6 : 4))
        {
            case 0:
                string s = RandomString(random);
                _writer.String(s);
                expected.Append("S(").Append(s).Append(')');
                break;
            case 1:
                long v = random.NextInt64(-1000000, 1000000);
                _writer.Number(v);
                expected.Append("N(").Append(v).Append(')');
                break;
            case 2:
                bool b = random.Next(2) == 0;
                _writer.Bool(b);
                expected.Append(b ? "T" : "F");
                break;
            case 3:
                _writer.Null();
                expected.Append('Z');
                break;
            case 4:
                _writer.BeginArray();
                expected.Append('[');
                int items = random.Next(0, 4);
                for (int i = 0; i < items; i++)
                {
                    WriteRandomValue(random, depth + 1, expected);
                    expected.Append(';');
                }

                _writer.EndArray();
                expected.Append(']');
                break;
            default:
                _writer.BeginObject();
                expected.Append('{');
                int members = random.Next(0, 4);
                for (int i = 0; i < members; i++)
                {
                    string name = "k" + i + RandomString(random);
                    _writer.Name(name);
                    expected.Append(name).Append('=');
                    WriteRandomValue(random, depth + 1, expected);
                    expected.Append(';');
                }

                _writer.EndObject();
                expected.Append('}');
                break;
        }
    }

    private static string Describe(JsonElement e)
    {
        var sb = new StringBuilder();
        switch (e.ValueKind)
        {
            case JsonValueKind.String: sb.Append("S(").Append(e.GetString()).Append(')'); break;
            case JsonValueKind.Number: sb.Append("N(").Append(e.GetInt64()).Append(')'); break;
            case JsonValueKind.True: sb.Append('T'); break;
            case JsonValueKind.False: sb.Append('F'); break;
            case JsonValueKind.Null: sb.Append('Z'); break;
            case JsonValueKind.Array:
                sb.Append('[');
                foreach (var item in e.EnumerateArray())
                {
                    sb.Append(Describe(item)).Append(';');
                }

                sb.Append(']');
                break;
            default:
                sb.Append('{');
                foreach (var p in e.EnumerateObject())
                {
                    sb.Append(p.Name).Append('=').Append(Describe(p.Value)).Append(';');
                }

                sb.Append('}');
                break;
        }

        return sb.ToString();
    }

    private static string RandomString(Random random)
    {
        const string alphabet = "ab\"\\/\n\r\t\b\f\u0001\u001f \u00e9\u20ac";
        var sb = new StringBuilder();
        int length = random.Next(0, 6);
        for (int i = 0; i < length; i++)
        {
            if (random.Next(8) == 0)
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
}
