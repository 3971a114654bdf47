using System;
using Endpoint.Cli.Monitor;
using Endpoint.Host.Hub;

namespace Endpoint.Tests.Cli;

public class MonitorTableTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static ObservedDevice Plug(string id, bool online, string relay) => new()
    {
        Id = id,
        Type = "plug",
        Firmware = "1.0.0",
        Board = "esp32-devkitc",
        Online = online,
        LastSeen = Now.AddSeconds(-3),
        Rssi = -61,
        Entities = [new ObservedEntity { Id = "relay", Kind = "switch", Writable = true, State = relay }],
    };

    [Fact]
    public void Render_Devices_AlignedColumnsWithReadings()
    {
        var lines = MonitorTable.Render([Plug("plug-1", true, "ON"), Plug("plug-10", false, "OFF")], Now, 200, 10);

        Assert.Equal("ID       TYPE  FIRMWARE  ONLINE   LAST SEEN  RSSI  READINGS   OTA", lines[0]);
        Assert.Equal("plug-1   plug  1.0.0     online   3 s ago     -61  relay ON", lines[1]);
        Assert.Equal("plug-10  plug  1.0.0     offline  3 s ago     -61  relay OFF", lines[2]);
    }

    [Fact]
    public void Render_MoreDevicesThanRowsAndNarrow_CutsAndSaysHowManyMore()
    {
        var devices = new ObservedDevice[5];
        for (int i = 0; i < 5; i++)
        {
            devices[i] = Plug("plug-" + i, true, "ON");
        }

        var lines = MonitorTable.Render(devices, Now, 30, 2);

        Assert.Equal(4, lines.Count);
        Assert.All(lines.GetRange(0, 3), l => Assert.True(l.Length <= 30, l));
        Assert.EndsWith("…", lines[1]);
        Assert.StartsWith("… 3 more", lines[3]);
    }

    [Fact]
    public void Changes_StatusStateAndOta_OneLineEach()
    {
        var lines = new MonitorLines();
        Assert.Equal(new[] { "plug-1 online", "plug-1 plug 1.0.0 on esp32-devkitc", "plug-1 relay ON" }, lines.Changes(Plug("plug-1", true, "ON")));
        Assert.Empty(lines.Changes(Plug("plug-1", true, "ON") with { Rssi = -70 }));
        Assert.Equal(new[] { "plug-1 relay OFF" }, lines.Changes(Plug("plug-1", true, "OFF")));
        var updating = Plug("plug-1", true, "OFF") with { Ota = new OtaProgress("downloading", 40, 4, 10, "1.1.0", null, Now) };
        Assert.Equal(new[] { "plug-1 ota downloading 40%" }, lines.Changes(updating));
        Assert.Equal(new[] { "plug-1 offline" }, lines.Changes(updating with { Online = false }));
    }
}
