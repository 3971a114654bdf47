using System;
using Endpoint.Apps.Plug;
using Endpoint.Core.Hub;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Support;

/// <summary>A simulated plug on the DevKitC, on a fake transport and a manual clock, with a temp state folder: an <see cref="AppRig"/> for the plug.</summary>
public sealed class PlugRig : IDisposable
{
    private readonly AppRig _rig;

    public PlugRig(string stateDir = null, string id = "plug-1", HubOptions hubOptions = null) =>
        _rig = new AppRig("plug", TestBoards.DevKitC(), stateDir, id, hubOptions: hubOptions);

    public ManualClock Clock => _rig.Clock;
    public TestLog Log => _rig.Log;
    public FakeMqttTransport Transport => _rig.Transport;
    public SimulatedEndpoint Endpoint => _rig.Endpoint;
    public string StateDir => _rig.StateDir;

    public PlugApp Plug => (PlugApp)Endpoint.App;

    /// <summary>Starts the endpoint and lets the broker accept it.</summary>
    public PlugRig StartOnline()
    {
        _rig.StartOnline();
        return this;
    }

    public void Run(long ms = 0) => _rig.Run(ms);

    /// <summary>Delivers <paramref name="payload"/> to the full <paramref name="topic"/> and runs what is due now.</summary>
    public void Command(string topic, string payload)
    {
        Transport.Deliver(topic, payload);
        Run();
    }

    public bool RelayPinHigh => Endpoint.Hardware.Pin(_rig.Board.Pin("relay1")).Read();

    public void Dispose() => _rig.Dispose();
}
