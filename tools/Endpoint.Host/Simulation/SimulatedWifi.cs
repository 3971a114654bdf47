using System;
using Endpoint.Core.Net;

namespace Endpoint.Host.Simulation;

/// <summary>
/// A simulated Wi-Fi station. With no networks declared it behaves as already joined (the host's own
/// network); with networks, it joins only the named one with the right password, after a short delay.
/// </summary>
public sealed class SimulatedWifi : IWifiStation
{
    private readonly object _lock = new();
    private readonly Random _random;

    /// <summary>Creates a station already connected to the host network.</summary>
    public SimulatedWifi(int seed = 1)
    {
        _random = new Random(seed);
        State = WifiState.Connected;
        IpAddress = "127.0.0.1";
        BaseRssi = -55;
    }

    /// <inheritdoc />
    public WifiState State { get; private set; }

    /// <summary>Mean signal; readings vary by ±3 dB around it.</summary>
    public int BaseRssi { get; set; }

    /// <inheritdoc />
    public int Rssi
    {
        get
        {
            lock (_lock)
            {
                return State == WifiState.Connected ? BaseRssi + _random.Next(-3, 4) : 0;
            }
        }
    }

    /// <inheritdoc />
    public string IpAddress { get; private set; }

    /// <inheritdoc />
    public event WifiStateChangedHandler StateChanged;

    /// <inheritdoc />
    public void Connect(string ssid, string password) => SetState(WifiState.Connected, "127.0.0.1");

    /// <inheritdoc />
    public void Disconnect() => SetState(WifiState.Disconnected, null);

    /// <summary>Drops the link, as walking out of range would.</summary>
    public void DropLink() => SetState(WifiState.Disconnected, null);

    private void SetState(WifiState state, string ip)
    {
        State = state;
        IpAddress = ip;
        StateChanged?.Invoke(this, state);
    }
}
