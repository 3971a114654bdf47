using System.Text;
using System.Text.Json;
using Endpoint.Core.Json;
using Endpoint.Core.Model;
using Endpoint.Core.Text;

namespace Endpoint.Tests.Core.Model;

public class NumberEntityTests
{
    private static NumberEntity Limit() => new("max_power", "Power limit", 10, 2500, 1, 0, "W", 2500);

    private static string Apply(NumberEntity n, string payload)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(payload);
        return n.ApplyCommand(bytes, 0, bytes.Length);
    }

    [Theory]
    [InlineData("1200", 1200)]
    [InlineData("1200.0", 1200)]
    [InlineData(" 10 ", 10)]
    [InlineData("2.5e3", 2500)]
    public void ApplyCommand_NumberInRange_Sets(string payload, double expected)
    {
        var n = Limit();
        n.Set(100);
        Assert.Null(Apply(n, payload));
        Assert.Equal(expected, n.Value);
    }

    [Theory]
    [InlineData("2501")]
    [InlineData("9.99")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("\"1200\"")]
    [InlineData("1200W")]
    [InlineData("")]
    [InlineData("[1200]")]
    [InlineData("NaN")]
    public void ApplyCommand_NotANumberInRange_RefusedAndUnchanged(string payload)
    {
        var n = Limit();
        int changes = 0;
        n.Changed += _ => changes++;
        Assert.Equal("expected a number from 10 to 2500", Apply(n, payload));
        Assert.Equal(2500, n.Value);
        Assert.Equal(0, changes);
    }

    [Fact]
    public void WriteDiscovery_CarriesRangeStepModeAndUnit()
    {
        var n = Limit();
        var json = new JsonWriter(new ByteBuffer(64));
        json.BeginObject();
        n.WriteDiscovery(json);
        json.EndObject();
        var d = JsonDocument.Parse(json.Buffer.ToString()).RootElement;
        Assert.Equal(10, d.GetProperty("min").GetDouble());
        Assert.Equal(2500, d.GetProperty("max").GetDouble());
        Assert.Equal(1, d.GetProperty("step").GetDouble());
        Assert.Equal("box", d.GetProperty("mode").GetString());
        Assert.Equal("W", d.GetProperty("unit_of_measurement").GetString());
    }

    [Fact]
    public void WriteState_FixedDecimals()
    {
        var n = new NumberEntity("x", "X", 0, 10, 0.5, 1, null, 2.25);
        var buffer = new ByteBuffer(8);
        n.WriteState(buffer);
        Assert.Equal("2.3", buffer.ToString());
    }
}
