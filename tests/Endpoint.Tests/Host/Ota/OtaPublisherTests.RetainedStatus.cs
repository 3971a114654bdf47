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

/// <summary>The publisher and the devices' retained ota/status and its retained offers.</summary>
public sealed partial class OtaPublisherTests
{
    [Fact]
    public async Task Publish_ConnectionLostAtTheEnd_RunAgainIsDoneFromTheRetainedStatusWithoutAnOffer()
    {
        using var plug = Plug("plug-a");
        var bundle = OtaKit.Bundle(_root, "1.1.0", 2);
        using (var lost = await Connect("publisher-1"))
        {
            var first = new OtaPublisher(lost, bundle, ["plug-a"]);
            first.Changed += d =>
            {
                if (d.State == "rebooting")
                {
                    Task.Run(lost.Kill); // the link goes the moment the device reboots into the new build
                }
            };
            await first.StartAsync();
            Assert.False(await first.WaitAsync(TimeSpan.FromSeconds(5)));
        }

        for (int i = 0; i < 200 && plug.Current?.Identity.FirmwareVersion != "1.1.0"; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal("1.1.0", plug.Current.Identity.FirmwareVersion);
        for (int i = 0; i < 200 && plug.Current.Ota?.BootRecord is not { Trial: false }; i++)
        {
            await Task.Delay(50); // the new build confirms itself once online and reports done (retained)
        }

        Assert.False(plug.Current.Ota.BootRecord.Trial);
        await Task.Delay(200);

        using var again = await Connect("publisher-2");
        var second = new OtaPublisher(again, bundle, ["plug-a"]);
        await second.StartAsync();
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(30)));

        var d = second.Devices.Single();
        Assert.Equal("done", d.State);
        Assert.Equal("1.1.0", d.Running);
        Assert.Equal(0, d.PayloadBytesSent); // no offer, no block: the device said so already
    }

    [Fact]
    public async Task Publish_NewerBundle_RetainedDoneOfTheEarlierUpdateIsNotTaken()
    {
        using var plug = Plug("plug-a");
        using var client = await Connect("publisher");
        var first = new OtaPublisher(client, OtaKit.Bundle(_root, "1.1.0", 2), ["plug-a"]);
        await first.StartAsync();
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(60)));

        var newer = OtaKit.Bundle(_root, "1.2.0", 3);
        var second = new OtaPublisher(client, newer, ["plug-a"]);
        await second.StartAsync();
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(60)), second.Devices.Single().Error);

        var d = second.Devices.Single();
        Assert.Equal("1.2.0", d.Running);
        Assert.True(d.BytesServed > 0, "the newer bundle was downloaded, not taken as done from the earlier status");
    }

    /// <summary>
    /// A battery sensor "sleepy" that left "online" retained and went to deep sleep with a clean goodbye (no will,
    /// no "offline"), and a publisher on <paramref name="client"/> that has offered it 1.1.0: the offer is retained on the broker.
    /// </summary>
    private async Task<OtaPublisher> OfferToSleepingDeviceAsync(MqttClient client)
    {
        using (var asleep = await Connect("sleepy"))
        {
            await asleep.PublishAsync("endpoint/sleepy/status", "online", 1, true);
            await asleep.DisconnectAsync();
        }

        var publisher = new OtaPublisher(client, OtaKit.Bundle(_root, "1.1.0", 2), ["sleepy"]);
        await publisher.StartAsync();
        for (int i = 0; i < 100 && !_hub.TryGetRetained("endpoint/sleepy/cmd/ota", out _); i++)
        {
            await Task.Delay(20);
        }

        return publisher;
    }

    [Fact]
    public async Task Publish_SleepyDevice_OfferRetainedFoundWithItsNextSubscriptionAndClearedWhenItAnswers()
    {
        using var client = await Connect("publisher");
        var publisher = await OfferToSleepingDeviceAsync(client);

        Assert.Equal("offered", publisher.Devices.Single().State); // to nobody: the device sleeps
        Assert.True(_hub.TryGetRetained("endpoint/sleepy/cmd/ota", out byte[] held), "the offer waits on the broker");
        long sentWhileAsleep = publisher.Devices.Single().PayloadBytesSent;
        Assert.Equal(sentWhileAsleep, held.Length);

        // The next reporting wake: subscribed (the offer comes with the subscription), then online again.
        using var awake = await Connect("sleepy");
        var offers = new System.Collections.Concurrent.ConcurrentQueue<byte[]>();
        awake.MessageReceived += (topic, payload) =>
        {
            if (topic == "endpoint/sleepy/cmd/ota")
            {
                offers.Enqueue(payload);
            }
        };
        await awake.SubscribeAsync("endpoint/sleepy/cmd/ota", 1);
        for (int i = 0; i < 100 && offers.IsEmpty; i++)
        {
            await Task.Delay(20);
        }

        Assert.Single(offers);
        await awake.PublishAsync("endpoint/sleepy/status", "online", 1, true);
        await Task.Delay(300);
        Assert.Single(offers); // no second offer: the retained one is there already
        Assert.Equal(sentWhileAsleep, publisher.Devices.Single().PayloadBytesSent);

        // The device refuses it: the run ends, and the broker no longer holds the offer; the device gets the clearing.
        await awake.PublishAsync("endpoint/sleepy/cmd/ota/result", "{\"ok\":false,\"error\":\"the bundle is for another board\"}", 1);
        Assert.False(await publisher.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("the bundle is for another board", publisher.Devices.Single().Error);
        Assert.False(_hub.TryGetRetained("endpoint/sleepy/cmd/ota", out _));
        for (int i = 0; i < 100 && offers.Count < 2; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(2, offers.Count);
        Assert.Empty(offers.Last());
    }

    [Fact]
    public async Task Publish_DeviceNeverWakesWithinTheTimeout_RetainedOfferClearedWhenThePublisherGivesUp()
    {
        using var client = await Connect("publisher");
        var publisher = await OfferToSleepingDeviceAsync(client);

        Assert.True(_hub.TryGetRetained("endpoint/sleepy/cmd/ota", out _));
        Assert.False(await publisher.WaitAsync(TimeSpan.FromSeconds(1)));

        Assert.StartsWith("no result within", publisher.Devices.Single().Error);
        Assert.False(_hub.TryGetRetained("endpoint/sleepy/cmd/ota", out _), "an offer nobody follows any more must not wait for the device");
    }

    [Fact]
    public async Task Publish_ConnectionLostAtTheEnd_SameRunReconnectsAndEndsDone()
    {
        using var plug = Plug("plug-a");
        var bundle = OtaKit.Bundle(_root, "1.1.0", 2);
        using var lost = await Connect("publisher");
        MqttClient replacement = null;
        var publisher = new OtaPublisher(lost, bundle, ["plug-a"])
        {
            Reconnect = async () => replacement = await Connect("publisher"),
        };
        publisher.Changed += d =>
        {
            if (d.State == "rebooting")
            {
                Task.Run(lost.Kill); // the link goes the moment the device reboots into the new build
            }
        };
        await publisher.StartAsync();

        bool ok = await publisher.WaitAsync(TimeSpan.FromSeconds(60));
        replacement?.Dispose();

        Assert.True(ok, publisher.Devices.Single().Error);
        Assert.NotNull(replacement);
        Assert.Equal("1.1.0", publisher.Devices.Single().Running);
    }
}
