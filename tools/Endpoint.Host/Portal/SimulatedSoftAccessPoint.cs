using System;
using Endpoint.Core.Net;

namespace Endpoint.Host.Portal;

/// <summary>
/// The device's access point in the simulator: nothing goes on a radio, it records whether it is open and under
/// which name, and tells <see cref="Started"/>/<see cref="Stopped"/> listeners — the loopback HTTP server
/// (<see cref="PortalHttpServer"/>) that plays the portal a phone would reach on it. Unlike the ESP32 it opens
/// and closes at once, without a restart.
/// </summary>
public sealed class SimulatedSoftAccessPoint : ISoftAccessPoint
{
    /// <summary>Creates an access point whose portal is served at 127.0.0.1:<paramref name="httpPort"/>.</summary>
    public SimulatedSoftAccessPoint(int httpPort)
    {
        HttpPort = httpPort;
    }

    /// <inheritdoc />
    public bool IsActive { get; private set; }

    /// <summary>The name it was opened with, or null while closed.</summary>
    public string Ssid { get; private set; }

    /// <inheritdoc />
    public string Address => "127.0.0.1";

    /// <inheritdoc />
    public int HttpPort { get; }

    /// <summary>How many times it opened.</summary>
    public int Starts { get; private set; }

    /// <summary>Raised when it opens (on the endpoint's loop), with its name. A listener that throws fails the opening.</summary>
    public event Action<string> Started;

    /// <summary>Raised when it closes (on the endpoint's loop).</summary>
    public event Action Stopped;

    /// <inheritdoc />
    public bool Start(string ssid)
    {
        if (IsActive)
        {
            return true;
        }

        Started?.Invoke(ssid);
        Ssid = ssid;
        IsActive = true;
        Starts++;
        return true;
    }

    /// <inheritdoc />
    public bool Stop()
    {
        if (IsActive)
        {
            IsActive = false;
            Ssid = null;
            Stopped?.Invoke();
        }

        return true;
    }
}
