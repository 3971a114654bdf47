using System;
using System.Collections.Generic;
using Endpoint.Core.Net;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Simulation;

public class SimulatedWifiTests
{
    private readonly ManualClock _clock = new();
    private readonly EventLoop _loop;
    private readonly SimulatedWifi _wifi;
    private readonly List<WifiState> _states = new();

    public SimulatedWifiTests()
    {
        _loop = new EventLoop(_clock, new TestLog());
        _wifi = new SimulatedWifi(new[] { new SimulatedNetwork("Lab", "secret", -45), new SimulatedNetwork("Cafe", "", -80) }, _loop);
        _wifi.StateChanged += (_, s) => _states.Add(s);
    }

    [Fact]
    public void WithNetworks_StartsDisconnected()
    {
        Assert.Equal(WifiState.Disconnected, _wifi.State);
        Assert.Null(_wifi.IpAddress);
        Assert.Equal(0, _wifi.Rssi);
    }

    [Fact]
    public void Connect_RightPassword_ConnectedAfterTheDelayWithTheNetworksSignal()
    {
        _wifi.Connect("Lab", "secret");
        Assert.Equal(WifiState.Connecting, _wifi.State);
        Advance(_wifi.JoinDelayMs - 1);
        Assert.Equal(WifiState.Connecting, _wifi.State);
        Advance(1);
        Assert.Equal(WifiState.Connected, _wifi.State);
        Assert.Equal("Lab", _wifi.Ssid);
        Assert.InRange(_wifi.Rssi, -48, -42);
        Assert.Equal(new[] { WifiState.Connecting, WifiState.Connected }, _states);
    }

    [Theory]
    [InlineData("Lab", "Secret", WifiFailure.WrongPassword)]
    [InlineData("Lab", "", WifiFailure.WrongPassword)]
    [InlineData("Cafe", "anything", WifiFailure.WrongPassword)]
    [InlineData("lab", "secret", WifiFailure.NetworkNotFound)]
    public void Connect_WrongCredentials_FailedWithTheReason(string ssid, string password, WifiFailure failure)
    {
        _wifi.Connect(ssid, password);
        Advance(_wifi.JoinDelayMs);
        Assert.Equal(WifiState.Failed, _wifi.State);
        Assert.Equal(failure, _wifi.Failure);
        Assert.Null(_wifi.Ssid);
    }

    [Fact]
    public void Connect_OpenNetwork_NoPassword()
    {
        _wifi.Connect("Cafe", "");
        Advance(_wifi.JoinDelayMs);
        Assert.Equal(WifiState.Connected, _wifi.State);
    }

    [Fact]
    public void Connect_AgainBeforeTheFirstFinished_OnlyTheLastCounts()
    {
        _wifi.Connect("Lab", "wrong");
        Advance(_wifi.JoinDelayMs / 2);
        _wifi.Connect("Lab", "secret");
        Advance(_wifi.JoinDelayMs);
        Assert.Equal(new[] { WifiState.Connecting, WifiState.Connecting, WifiState.Connected }, _states);
    }

    [Fact]
    public void Scan_ReportsTheDeclaredNetworksAfterTheDelay()
    {
        WifiNetwork[] seen = null;
        _wifi.ScanCompleted += (_, n) => seen = n;
        _wifi.Scan();
        Advance(_wifi.ScanDelayMs - 1);
        Assert.Null(seen);
        Advance(1);
        Assert.Equal(2, seen.Length);
        Assert.Equal(("Lab", true), (seen[0].Ssid, seen[0].Secured));
        Assert.Equal(("Cafe", false), (seen[1].Ssid, seen[1].Secured));
        Assert.InRange(seen[1].Rssi, -83, -77);
    }

    [Fact]
    public void WithoutNetworks_AlreadyOnTheHostNetworkAndJoinsAtOnce()
    {
        var host = new SimulatedWifi();
        Assert.Equal(WifiState.Connected, host.State);
        host.Connect("Anything", "x");
        Assert.Equal(WifiState.Connected, host.State);
        Assert.Equal("127.0.0.1", host.IpAddress);
    }

    private void Advance(long ms) => LoopStepper.Advance(_loop, _clock, ms);
}
