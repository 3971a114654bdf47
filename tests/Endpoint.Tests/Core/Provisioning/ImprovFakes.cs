using System.Collections.Generic;
using System.Linq;
using Endpoint.Core.Net;
using Endpoint.Core.Provisioning;

namespace Endpoint.Tests.Core.Provisioning;

/// <summary>Records what a state machine sends.</summary>
public sealed class RecordingChannel : IImprovChannel
{
    public sealed record Result(byte Command, string[] Values);

    public List<ImprovState> States { get; } = new();
    public List<ImprovError> Errors { get; } = new();
    public List<Result> Results { get; } = new();

    public void SendState(ImprovState state) => States.Add(state);

    public void SendError(ImprovError error) => Errors.Add(error);

    public void SendResult(byte command, string[] values, int count) => Results.Add(new Result(command, values.Take(count).ToArray()));

    public void Clear()
    {
        States.Clear();
        Errors.Clear();
        Results.Clear();
    }
}

/// <summary>A device that records what the machine asks of it.</summary>
public sealed class FakeImprovDevice : IImprovDevice
{
    public List<string> Actions { get; } = new();
    public bool Busy { get; set; }
    public bool Online { get; set; }
    public string StoredHostname { get; private set; } = "plug-1";
    public string StoredName { get; private set; } = "Plug";
    public ImprovStateMachine LastJoinRequester { get; private set; }

    public bool BeginJoin(ImprovStateMachine requester, string ssid, string password)
    {
        if (Busy)
        {
            return false;
        }

        LastJoinRequester = requester;
        Actions.Add("join " + ssid + " " + password);
        return true;
    }

    public bool BeginScan(ImprovStateMachine requester)
    {
        Actions.Add("scan");
        return true;
    }

    public bool CanIdentify => true;

    public void Identify() => Actions.Add("identify");

    public string[] DeviceInfo() => new[] { "Endpoint plug", "1.2.3", "esp32-devkitc/esp32", StoredName };

    public string Hostname => StoredHostname;

    public bool SetHostname(string hostname)
    {
        Actions.Add("hostname " + hostname);
        StoredHostname = hostname;
        return true;
    }

    public string DeviceName => StoredName;

    public bool SetDeviceName(string name)
    {
        Actions.Add("name " + name);
        StoredName = name;
        return true;
    }

    public string[] RedirectUrls() => new[] { "mqtt://hub.lan:1883" };

    public bool IsOnline => Online;

    public static WifiNetwork[] Networks(params (string Ssid, int Rssi, bool Secured)[] list) =>
        list.Select(n => new WifiNetwork(n.Ssid, n.Rssi, n.Secured)).ToArray();
}
