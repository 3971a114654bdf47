using System.Linq;
using Endpoint.Core.Ble;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Apps.Plug;

/// <summary>The plug on the BLE air: its relay as BTHome power, its button presses as BTHome button events.</summary>
public class PlugAdvertisementTests
{
    private static BthomePacket Bthome(PlugRig rig) => RecordingBleRadio.Bthome(rig.Endpoint.Ble.Advertisement);

    private static bool? Power(BthomePacket p) =>
        Enumerable.Range(0, p.Count).Where(i => p.IdAt(i) == BthomeObjects.PowerOn).Select(i => (bool?)(p.RawAt(i) == 1)).FirstOrDefault();

    [Fact]
    public void Start_AdvertisesNameAndRelayOff()
    {
        using var rig = new PlugRig().StartOnline();
        var info = new AdvertisementInfo();
        byte[] ad = rig.Endpoint.Ble.Advertisement;

        Assert.True(AdvertisementDecoder.Decode(ad, 0, ad.Length, info), info.Error);
        Assert.Equal("plug-1", info.Name);
        Assert.False(Power(Bthome(rig)));
    }

    [Fact]
    public void RelayCommand_AdvertisementFollowsWithNewPacketId()
    {
        using var rig = new PlugRig().StartOnline();
        byte before = Bthome(rig).PacketId;

        rig.Command("endpoint/plug-1/relay/set", "ON");

        var after = Bthome(rig);
        Assert.True(Power(after));
        Assert.NotEqual(before, after.PacketId);
    }

    [Fact]
    public void ButtonPress_ToggleAndPressEventInOnePacket()
    {
        using var rig = new PlugRig().StartOnline();

        rig.Endpoint.PressButton(120);
        for (int ms = 0; ms < 2000 && Power(Bthome(rig)) != true; ms += 10)
        {
            rig.Run(10); // a short press is known once the double-press gap has passed
        }

        var p = Bthome(rig);
        Assert.True(Power(p));
        int press = Enumerable.Range(0, p.Count).Single(i => p.IdAt(i) == BthomeObjects.Button);
        Assert.Equal(BthomeObjects.ButtonEventCode("press"), (int)p.RawAt(press));

        rig.Run(2000);
        Assert.DoesNotContain(Enumerable.Range(0, Bthome(rig).Count), i => Bthome(rig).IdAt(i) == BthomeObjects.Button);
    }
}
