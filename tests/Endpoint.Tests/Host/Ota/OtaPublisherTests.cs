using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Endpoint.Core.Hub;
using Endpoint.Core.Ota;
using Endpoint.Host.Mqtt;
using Endpoint.Host.Ota;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Ota;

/// <summary>
/// The publisher against simulated plugs on real threads and a real (in-process) MQTT hub (the retained
/// ota/status and retained offers: OtaPublisherTests.RetainedStatus.cs).
/// </summary>
public sealed partial class OtaPublisherTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "endpoint-publisher-" + Guid.NewGuid().ToString("N"));
    private readonly InProcessHub _hub = new();

    public void Dispose()
    {
        _hub.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }
    }

    private EndpointRunner Plug(string id) => new(reason => new SimulatedEndpointOptions
    {
        App = "plug",
        Id = id,
        Board = TestBoards.DevKitC(),
        StateDir = Path.Combine(_root, id),
        Transport = _hub.CreateTransport(),
        Hub = new MqttConnectOptions { Host = "in-process", Port = 0 },
        ResetReason = reason,
        OtaPublicKey = OtaKit.PublicKey,
        Ota = new OtaOptions { RebootDelayMs = 50 },
    });

    private async Task<MqttClient> Connect(string clientId = "publisher")
    {
        int port = _hub.ListenTcp(0);
        var client = new MqttClient();
        var result = await client.ConnectAsync(new MqttConnectOptions { Host = "127.0.0.1", Port = port, ClientId = clientId, KeepAliveSeconds = 30 });
        Assert.True(result.IsConnected);
        return client;
    }

    [Fact]
    public async Task Publish_ToThreeDevicesAtOnce_EachEndsOnTheNewVersion()
    {
        string[] ids = ["plug-a", "plug-b", "plug-c"];
        var plugs = ids.Select(Plug).ToArray();
        try
        {
            using var client = await Connect();
            var bundle = OtaKit.Bundle(_root, "1.1.0", 2);
            var publisher = new OtaPublisher(client, bundle, ids);
            await publisher.StartAsync();

            bool ok = await publisher.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.True(ok, string.Join("; ", publisher.Devices.Select(d => d.Id + ": " + d.State + " " + d.Error)));
            foreach (var d in publisher.Devices)
            {
                Assert.Equal("done", d.State);
                Assert.Equal("1.1.0", d.Running);
                Assert.Equal(bundle.Manifest.TotalSize, d.BytesServed);
            }

            for (int i = 0; i < 100 && plugs.Any(p => p.Current?.Identity.FirmwareVersion != "1.1.0"); i++)
            {
                await Task.Delay(50);
            }

            Assert.All(plugs, p => Assert.Equal("1.1.0", p.Current.Identity.FirmwareVersion));
        }
        finally
        {
            foreach (var p in plugs)
            {
                p.Dispose();
            }
        }
    }

    [Fact]
    public async Task Publish_WithUrl_DevicesFetchTheAssembliesOverHttpAndNoBlockTravelsOverMqtt()
    {
        string[] ids = ["plug-a", "plug-b"];
        var plugs = ids.Select(Plug).ToArray();
        try
        {
            using var client = await Connect();
            var bundle = OtaKit.Bundle(_root, "1.1.0", 2);
            using var server = new BundleHttpServer(bundle.Data);
            var publisher = new OtaPublisher(client, bundle, ids, new PublisherOptions { Url = server.UrlFor("plug-1.1.0.epk") });
            await publisher.StartAsync();

            bool ok = await publisher.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.True(ok, string.Join("; ", publisher.Devices.Select(d => d.Id + ": " + d.State + " " + d.Error)));
            Assert.All(publisher.Devices, d => Assert.Equal(0, d.BytesServed));
            int blocks = (bundle.Manifest.TotalSize + 4095) / 4096;
            Assert.True(server.Requests >= ids.Length * blocks, $"{server.Requests} HTTP requests");
        }
        finally
        {
            foreach (var p in plugs)
            {
                p.Dispose();
            }
        }
    }

    [Fact]
    public async Task Publish_LowerBuild_FailsWithTheDevicesReason()
    {
        using var plug = Plug("plug-a");
        using var client = await Connect();
        var first = new OtaPublisher(client, OtaKit.Bundle(_root, "1.1.0", 5), ["plug-a"]);
        await first.StartAsync();
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(60)));

        var older = new OtaPublisher(client, OtaKit.Bundle(_root, "1.0.0", 4), ["plug-a"]);
        bool ok = await StartAndWait(older);

        Assert.False(ok);
        var d = older.Devices.Single();
        Assert.Equal("failed", d.State);
        Assert.Contains("build 4 is older than build 5", d.Error);
        Assert.Equal(0, d.BytesServed);
    }

    [Fact]
    public async Task Publish_DeviceNeverOnline_TimesOutWithItsLastState()
    {
        using var client = await Connect();
        var publisher = new OtaPublisher(client, OtaKit.Bundle(_root, "1.1.0", 2), ["ghost"]);
        await publisher.StartAsync();

        Assert.False(await publisher.WaitAsync(TimeSpan.FromSeconds(1)));

        Assert.Contains("no result within 1 s (last state: waiting)", publisher.Devices.Single().Error);
    }

    private static async Task<bool> StartAndWait(OtaPublisher p)
    {
        await p.StartAsync();
        return await p.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
