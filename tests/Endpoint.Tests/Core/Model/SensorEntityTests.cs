using System.Text.Json;
using Endpoint.Core.Json;
using Endpoint.Core.Model;
using Endpoint.Core.Text;

namespace Endpoint.Tests.Core.Model;

public class SensorEntityTests
{
    private static JsonElement Discovery(Entity entity)
    {
        var json = new JsonWriter(new ByteBuffer(256));
        json.BeginObject();
        entity.WriteDiscovery(json);
        json.EndObject();
        return JsonDocument.Parse(json.Buffer.ToString()).RootElement;
    }

    [Fact]
    public void Update_NaN_IsIgnoredAndKeepsTheReading()
    {
        var e = new SensorEntity("temperature", "Temperature", "°C", 2);
        int changes = 0;
        e.Changed += _ => changes++;
        e.Update(21.5);
        e.Update(double.NaN);
        Assert.Equal(1, changes);
        Assert.Equal(21.5, e.Value);
    }

    [Fact]
    public void Update_SameText_NoChange_Report_SameValue_Changed()
    {
        var e = new SensorEntity("temperature", "Temperature", "°C", 1);
        int changes = 0;
        e.Changed += _ => changes++;
        e.Update(21.51);
        e.Update(21.54);
        Assert.Equal(1, changes);
        e.Report(21.54);
        Assert.Equal(2, changes);
        e.Report(double.NaN);
        Assert.Equal(2, changes);
    }

    [Fact]
    public void Discovery_ExpireAfter_OnlyWhenSet()
    {
        var e = new SensorEntity("temperature", "Temperature", "°C", 2);
        Assert.False(Discovery(e).TryGetProperty("expire_after", out _));
        e.ExpireAfterSeconds = 4200;
        Assert.Equal(4200, Discovery(e).GetProperty("expire_after").GetInt32());
    }

    [Fact]
    public void BinarySensor_Discovery_ExpireAfter_OnlyWhenSet()
    {
        var e = new BinarySensorEntity("contact", "Contact", "opening");
        Assert.False(Discovery(e).TryGetProperty("expire_after", out _));
        e.ExpireAfterSeconds = 600;
        Assert.Equal(600, Discovery(e).GetProperty("expire_after").GetInt32());
    }
}
