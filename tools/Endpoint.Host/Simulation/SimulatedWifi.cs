using System;
using System.Collections.Generic;
using System.Linq;
using Endpoint.Core.Net;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Simulation;

/// <summary>
/// A simulated Wi-Fi station. With no networks declared it behaves as already joined (the host's own
/// network) and joins anything at once. With networks (<see cref="SimulatedNetwork"/>, <c>--wifi</c>) it
/// starts disconnected and joins only a declared network with its password, after
/// <see cref="JoinDelayMs"/> on the endpoint's loop; a wrong password or an unknown name fails after the
/// same delay with <see cref="WifiFailure.WrongPassword"/> or <see cref="WifiFailure.NetworkNotFound"/>.
/// Scans report the declared networks after <see cref="ScanDelayMs"/>, with ±3 dB of noise.
/// </summary>
public sealed class SimulatedWifi : IWifiStation
{
    private readonly object _lock = new();
    private readonly Random _random;
    private readonly IScheduler _scheduler;
    private readonly List<SimulatedNetwork> _networks;
    private int _joinTimer;
    private int _scanTimer;

    /// <summary>Creates a station already connected to the host network.</summary>
    public SimulatedWifi(int seed = 1)
    {
        _random = new Random(seed);
        State = WifiState.Connected;
        IpAddress = "127.0.0.1";
        BaseRssi = -55;
        _networks = new List<SimulatedNetwork>();
    }

    /// <summary>
    /// Creates a disconnected station in range of <paramref name="networks"/>; joins and scans complete on
    /// <paramref name="scheduler"/> (the endpoint's loop, which is also where the core calls the station).
    /// </summary>
    public SimulatedWifi(IEnumerable<SimulatedNetwork> networks, IScheduler scheduler, int seed = 1)
    {
        _random = new Random(seed);
        _scheduler = scheduler;
        _networks = networks.ToList();
        State = WifiState.Disconnected;
        BaseRssi = -55;
        JoinDelayMs = 1000;
        ScanDelayMs = 500;
    }

    /// <summary>The declared networks (empty: the host network).</summary>
    public IReadOnlyList<SimulatedNetwork> Networks => _networks;

    /// <summary>True when the station simulates declared networks rather than the host's.</summary>
    public bool HasNetworks => _scheduler != null;

    /// <summary>How long a join takes (declared networks only).</summary>
    public long JoinDelayMs { get; set; }

    /// <summary>How long a scan takes (declared networks only).</summary>
    public long ScanDelayMs { get; set; }

    /// <inheritdoc />
    public WifiState State { get; private set; }

    /// <inheritdoc />
    public WifiFailure Failure { get; private set; }

    /// <summary>The network joined, or null.</summary>
    public string Ssid { get; private set; }

    /// <summary>Joins attempted.</summary>
    public int Joins { get; private set; }

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
    public event WifiScanCompletedHandler ScanCompleted;

    /// <inheritdoc />
    public void Connect(string ssid, string password)
    {
        Joins++;
        if (_scheduler == null)
        {
            Ssid = ssid;
            SetState(WifiState.Connected, "127.0.0.1", WifiFailure.None);
            return;
        }

        CancelJoin();
        Ssid = null;
        SetState(WifiState.Connecting, null, WifiFailure.None);
        _joinTimer = _scheduler.SetTimeout(JoinDelayMs, () =>
        {
            _joinTimer = 0;
            var network = _networks.FirstOrDefault(n => n.Ssid == ssid);
            if (network == null)
            {
                SetState(WifiState.Failed, null, WifiFailure.NetworkNotFound);
            }
            else if (network.Password != (password ?? ""))
            {
                SetState(WifiState.Failed, null, WifiFailure.WrongPassword);
            }
            else
            {
                Ssid = ssid;
                BaseRssi = network.Rssi;
                SetState(WifiState.Connected, "127.0.0.1", WifiFailure.None);
            }
        });
    }

    /// <inheritdoc />
    public void Disconnect()
    {
        CancelJoin();
        Ssid = null;
        SetState(WifiState.Disconnected, null, WifiFailure.None);
    }

    /// <inheritdoc />
    public void Scan()
    {
        if (_scheduler == null)
        {
            ScanCompleted?.Invoke(this, Array.Empty<WifiNetwork>());
            return;
        }

        if (_scanTimer != 0)
        {
            return; // one scan at a time, as on the radio
        }

        _scanTimer = _scheduler.SetTimeout(ScanDelayMs, () =>
        {
            _scanTimer = 0;
            WifiNetwork[] seen;
            lock (_lock)
            {
                seen = _networks.Select(n => new WifiNetwork(n.Ssid, n.Rssi + _random.Next(-3, 4), n.Password.Length > 0)).ToArray();
            }

            ScanCompleted?.Invoke(this, seen);
        });
    }

    /// <summary>Drops the link, as walking out of range would.</summary>
    public void DropLink() => SetState(WifiState.Disconnected, null, WifiFailure.None);

    private void CancelJoin()
    {
        if (_joinTimer != 0)
        {
            _scheduler.Cancel(_joinTimer);
            _joinTimer = 0;
        }
    }

    private void SetState(WifiState state, string ip, WifiFailure failure)
    {
        State = state;
        IpAddress = ip;
        Failure = failure;
        StateChanged?.Invoke(this, state);
    }
}
