using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;
using Endpoint.Host.Fleet;
using Endpoint.Host.Hub;
using Endpoint.Host.Mqtt;
using Endpoint.Host.Ota;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Fleet;

/// <summary>An over-the-air update of one endpoint of a fleet, watched by the hub observer the monitor and dashboard use.</summary>
public sealed class FleetOtaTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "endpoint-fleet-ota-" + Guid.NewGuid().ToString("N"));
    private readonly InProcessHub _hub = new();

    public void Dispose()
    {
        _hub.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }
    }

    [Fact]
    public async Task Update_OneEndpoint_ObserverSeesDownloadThenNewFirmwareOthersUntouched()
    {
        using var fleet = new SimulatedFleet(new FleetOptions
        {
            Apps = [new FleetApp("plug", TestBoards.DevKitC())],
            Count = 2,
            InProcessHub = _hub,
            OtaPublicKey = OtaKit.PublicKey,
        });
        using var observer = new HubObserver(_hub.CreateTransport(), new MqttConnectOptions { Host = "in-process" });
        var progress = new List<OtaProgress>();
        observer.DeviceChanged += id =>
        {
            var ota = observer.Device(id)?.Ota;
            lock (progress)
            {
                if (id == "plug-1" && ota != null && (progress.Count == 0 || progress[^1] != ota))
                {
                    progress.Add(ota);
                }
            }
        };
        observer.Start();
        fleet.Start();
        Assert.True(fleet.WaitAllOnline(TimeSpan.FromSeconds(10)));

        int port = _hub.ListenTcp(0);
        using var client = new MqttClient();
        Assert.True((await client.ConnectAsync(new MqttConnectOptions { Host = "127.0.0.1", Port = port, ClientId = "publisher" })).IsConnected);
        var publisher = new OtaPublisher(client, OtaKit.Bundle(_root, "1.1.0", 2), ["plug-1"]);
        await publisher.StartAsync();
        Assert.True(await publisher.WaitAsync(TimeSpan.FromSeconds(60)), string.Join("; ", publisher.Devices.Select(d => d.State + " " + d.Error)));

        Assert.True(SpinWait.SpinUntil(() => observer.Device("plug-1")?.Firmware == "1.1.0" && observer.Device("plug-1").Online == true, 20_000));
        Assert.Equal("1.0.0", observer.Device("plug-2").Firmware);
        List<OtaProgress> seen;
        lock (progress)
        {
            seen = progress.ToList();
        }

        // An in-process download takes less than the device's status interval (1 s): the start and the end show.
        string states = string.Join(", ", seen.Select(p => p.State + " " + p.Percent));
        Assert.True(seen.Any(p => p.State == "downloading" && p.Percent == 0), states);
        Assert.True(seen.Any(p => p.State == "downloading" && p.Percent == 100), states);
        Assert.Equal("done", seen[^1].State);
        Assert.True(seen.Where(p => p.Percent.HasValue).Select(p => p.Percent.Value).SequenceEqual(seen.Where(p => p.Percent.HasValue).Select(p => p.Percent.Value).OrderBy(x => x)),
            "progress only goes up: " + string.Join(", ", seen.Select(p => p.State + " " + p.Percent)));
        Assert.True(fleet.Members[0].Reboots >= 1);
        Assert.Equal(0, fleet.Members[1].Reboots);
        fleet.Stop(TimeSpan.FromSeconds(5));
    }
}
