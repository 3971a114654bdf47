using Endpoint.Core.Model;
using Endpoint.Core.Storage;
using Endpoint.Host.Flashing;

namespace Endpoint.Tests.Core.Model;

public class PowerOnSelectTests
{
    private readonly KeyValueStore _settings = new(new MemoryFileStore(), "settings");

    [Fact]
    public void Load_NothingStored_RestoreAndNoComplaint()
    {
        var select = new PowerOnSelect(_settings, "x.power_on");

        Assert.Null(select.Load());
        Assert.Equal(PowerOnSelect.Restore, select.Entity.Selected);
    }

    [Fact]
    public void Load_StoredOption_Selected()
    {
        _settings.Set("x.power_on", "on");
        var select = new PowerOnSelect(_settings, "x.power_on");

        Assert.Null(select.Load());
        Assert.Equal(PowerOnSelect.On, select.Entity.Selected);
    }

    [Fact]
    public void Load_UnknownStoredValue_ReturnedAndRestoreSelected()
    {
        _settings.Set("x.power_on", "sometimes");
        var select = new PowerOnSelect(_settings, "x.power_on");

        Assert.Equal("sometimes", select.Load());
        Assert.Equal(PowerOnSelect.Restore, select.Entity.Selected);
    }

    [Fact]
    public void Select_AfterLoad_StoredUnderTheKey()
    {
        var select = new PowerOnSelect(_settings, "x.power_on");
        select.Load();

        select.Entity.Select("off");

        Assert.Equal("off", _settings.Get("x.power_on"));
    }
}
