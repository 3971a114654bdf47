using System;
using System.IO;
using System.Linq;
using Endpoint.Apps.Plug;
using Endpoint.Core.Boards;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Apps.Plug;

public class PlugAppTests
{
    [Fact]
    public void Start_FreshDevice_RelayOffAndRestoreMode()
    {
        using var rig = new PlugRig().StartOnline();
        Assert.False(rig.Plug.RelaySwitch.IsOn);
        Assert.False(rig.RelayPinHigh);
        Assert.Equal("restore", rig.Plug.PowerOnState.Selected);
    }

    [Fact]
    public void Restart_RestoreMode_BringsRelayBackOn()
    {
        string dir = Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = new PlugRig(dir).StartOnline())
            {
                first.Command("endpoint/plug-1/relay/set", "ON");
            }

            using var second = new PlugRig(dir).StartOnline();
            Assert.True(second.Plug.RelaySwitch.IsOn);
            Assert.True(second.RelayPinHigh);
            Assert.Equal("ON", second.Transport.Last("endpoint/plug-1/relay/state").Payload);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("off", true, false)]
    [InlineData("on", false, true)]
    [InlineData("restore", true, true)]
    [InlineData("restore", false, false)]
    public void Restart_PowerOnMode_DecidesInitialState(string mode, bool wasOn, bool expectOn)
    {
        string dir = Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = new PlugRig(dir).StartOnline())
            {
                first.Command("endpoint/plug-1/power_on_state/set", mode);
                first.Command("endpoint/plug-1/relay/set", wasOn ? "ON" : "OFF");
                Assert.Equal(mode, first.Transport.Last("endpoint/plug-1/power_on_state/state").Payload);
            }

            using var second = new PlugRig(dir).StartOnline();
            Assert.Equal(mode, second.Plug.PowerOnState.Selected);
            Assert.Equal(expectOn, second.Plug.RelaySwitch.IsOn);
            Assert.Equal(expectOn, second.RelayPinHigh);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void PowerOnState_UnknownOption_RefusedAndUnchanged()
    {
        using var rig = new PlugRig().StartOnline();
        rig.Command("endpoint/plug-1/power_on_state/set", "sometimes");
        Assert.Equal("restore", rig.Plug.PowerOnState.Selected);
        Assert.Contains("not one of the options", rig.Transport.Last("endpoint/plug-1/power_on_state/set/result").Payload);
    }

    [Fact]
    public void ShortPress_TogglesRelayAndFiresEvent()
    {
        using var rig = new PlugRig().StartOnline();
        rig.Endpoint.PressButton(120);
        rig.Run(1000);
        Assert.True(rig.Plug.RelaySwitch.IsOn);
        Assert.True(rig.RelayPinHigh);
        Assert.Equal("ON", rig.Transport.Last("endpoint/plug-1/relay/state").Payload);
        var ev = rig.Transport.Last("endpoint/plug-1/button/event");
        Assert.Equal("{\"event_type\":\"press\"}", ev.Payload);
        Assert.False(ev.Retain);

        rig.Endpoint.PressButton(120);
        rig.Run(1000);
        Assert.False(rig.Plug.RelaySwitch.IsOn);
    }

    [Fact]
    public void LongPress_RequestsProvisioningAndLeavesRelay()
    {
        using var rig = new PlugRig().StartOnline();
        int requests = 0;
        rig.Endpoint.Runtime.ProvisioningRequested += () => requests++;
        rig.Endpoint.PressButton(6000);
        rig.Run(7000);
        Assert.Equal(1, requests);
        Assert.False(rig.Plug.RelaySwitch.IsOn);
        Assert.Equal("{\"event_type\":\"long_press\"}", rig.Transport.Last("endpoint/plug-1/button/event").Payload);
    }

    [Fact]
    public void StatusLed_FollowsRelayOnlineAndBlinksOffline()
    {
        using var rig = new PlugRig().StartOnline();
        var led = rig.Plug.Led;
        Assert.False(led.IsBlinking);
        rig.Command("endpoint/plug-1/relay/set", "ON");
        Assert.True(led.IsLit);
        rig.Transport.Close(Endpoint.Core.Hub.MqttCloseReason.ConnectionLost, "reset");
        rig.Run();
        Assert.True(led.IsBlinking);
    }

    [Fact]
    public void Identify_BlinksLedThenRestores()
    {
        using var rig = new PlugRig().StartOnline();
        rig.Command("endpoint/plug-1/identify/set", "PRESS");
        Assert.True(rig.Plug.Led.IsBlinking);
        rig.Run(6000);
        Assert.False(rig.Plug.Led.IsBlinking);
    }

    [Fact]
    public void Build_BoardWithoutRelay_ThrowsNamingTheRole()
    {
        var board = new BoardInfo("bare", "Bare", "esp32");
        var ex = Assert.Throws<ArgumentException>(() => new PlugRigWithBoard(board));
        Assert.Contains("relay1", ex.Message);
    }

    [Fact]
    public void PowerCut_DuringRelayPersist_BootsWithOldOrNewState()
    {
        for (int k = 1; k <= 4; k++)
        {
            string dir = Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (var first = new PlugRig(dir).StartOnline())
                {
                    first.Endpoint.Flash.CutPowerAtWrite(k);
                    first.Command("endpoint/plug-1/relay/set", "ON");
                    first.Command("endpoint/plug-1/relay/set", "OFF");
                    first.Command("endpoint/plug-1/relay/set", "ON");
                }

                using var second = new PlugRig(dir).StartOnline();
                // whatever was cut, the device boots and its settings parse
                Assert.Contains(second.Transport.Last("endpoint/plug-1/relay/state").Payload, new[] { "ON", "OFF" });
                Assert.Equal("restore", second.Plug.PowerOnState.Selected);
                second.Command("endpoint/plug-1/relay/set", "ON");
                Assert.True(second.Plug.RelaySwitch.IsOn);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }

    private sealed class PlugRigWithBoard
    {
        public PlugRigWithBoard(BoardInfo board)
        {
            Endpoint.Host.Simulation.SimulatedEndpoint.Create(new Endpoint.Host.Simulation.SimulatedEndpointOptions
            {
                App = "plug",
                Id = "x",
                Board = board,
                StateDir = Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N")),
                Transport = new FakeMqttTransport(),
                Clock = new Endpoint.Host.Runtime.ManualClock(),
            });
        }
    }
}
