using System;
using System.IO;
using Endpoint.Apps.Plug;
using Endpoint.Core.Hub;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Support;

/// <summary>A simulated plug on a fake transport and a manual clock, with a temp state folder.</summary>
public sealed class PlugRig : IDisposable
{
    public PlugRig(string stateDir = null, string id = "plug-1", HubOptions hubOptions = null)
    {
        StateDir = stateDir ?? Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
        OwnsDir = stateDir == null;
        Transport = new FakeMqttTransport();
        Endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
        {
            App = "plug",
            Id = id,
            Board = TestBoards.DevKitC(),
            StateDir = StateDir,
            Transport = Transport,
            Hub = new MqttConnectOptions { Host = "broker.test", Port = 1883 },
            HubOptions = hubOptions ?? new HubOptions(),
            Clock = Clock,
            Log = Log,
        });
    }

    public ManualClock Clock { get; } = new();
    public TestLog Log { get; } = new();
    public FakeMqttTransport Transport { get; }
    public SimulatedEndpoint Endpoint { get; }
    public string StateDir { get; }
    private bool OwnsDir { get; }

    public PlugApp Plug => (PlugApp)Endpoint.App;

    /// <summary>Starts the endpoint and lets the broker accept it.</summary>
    public PlugRig StartOnline()
    {
        Endpoint.Start();
        Run();
        Transport.AcceptConnect();
        Run();
        return this;
    }

    public void Run(long ms = 0) => LoopStepper.Advance(Endpoint.Loop, Clock, ms);

    public void Command(string topic, string payload)
    {
        Transport.Deliver(topic, payload);
        Run();
    }

    public bool RelayPinHigh => Endpoint.Hardware.Pin(TestBoards.DevKitC().Pin("relay1")).Read();

    public void Dispose()
    {
        if (OwnsDir && Directory.Exists(StateDir))
        {
            Directory.Delete(StateDir, true);
        }
    }
}
