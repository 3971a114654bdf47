using System.Collections.Generic;
using Endpoint.Core.Hub;
using Endpoint.Core.Net;
using Endpoint.Core.Provisioning.Portal;

namespace Endpoint.Tests.Support;

/// <summary>An <see cref="IPortalDevice"/> that records what the portal asks and answers joins when the test says.</summary>
public sealed class ScriptedPortalDevice : IPortalDevice
{
    public string DeviceId { get; set; } = "plug-1";

    public string DeviceName { get; set; } = "Kitchen plug";

    public WifiNetwork[] Networks { get; set; } = [new("Lab", -48, true), new("Cafe", -71, false)];

    public int Scans { get; private set; }

    public bool Busy { get; set; }

    public List<(string Ssid, string Password, MqttConnectOptions Hub)> Joins { get; } = new();

    public string[] Urls { get; set; } = ["mqtt://hub.lan:1883"];

    private WifiTrialHandler _pending;

    public void Scan() => Scans++;

    public bool BeginJoin(string ssid, string password, MqttConnectOptions hub, WifiTrialHandler done)
    {
        if (Busy || _pending != null)
        {
            return false;
        }

        Joins.Add((ssid, password, hub));
        _pending = done;
        return true;
    }

    public string[] RedirectUrls() => Urls;

    /// <summary>The network answers the pending join.</summary>
    public void Finish(bool joined, WifiFailure failure = WifiFailure.None)
    {
        var done = _pending;
        _pending = null;
        done(joined, failure);
    }
}
