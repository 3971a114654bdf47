using System;
using System.Collections.Generic;
using System.IO;
using Endpoint.Core.Boards;
using Endpoint.Core.Hub;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Support;

/// <summary>Any simulated app on any board, on a fake transport and a manual clock, with a temp state folder.</summary>
public sealed class AppRig : IDisposable
{
    public AppRig(string app, BoardInfo board, string stateDir = null, string id = "dev-1", IReadOnlyDictionary<string, string> parameters = null, HubOptions hubOptions = null)
    {
        Board = board;
        StateDir = stateDir ?? Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
        OwnsDir = stateDir == null;
        Transport = new FakeMqttTransport();
        Endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
        {
            App = app,
            Id = id,
            Board = board,
            StateDir = StateDir,
            Transport = Transport,
            Hub = new MqttConnectOptions { Host = "broker.test", Port = 1883 },
            HubOptions = hubOptions ?? new HubOptions(),
            Clock = Clock,
            Log = Log,
            Parameters = parameters ?? new Dictionary<string, string>(),
        });
        Topic = "endpoint/" + id;
    }

    public ManualClock Clock { get; } = new();
    public TestLog Log { get; } = new();
    public FakeMqttTransport Transport { get; }
    public SimulatedEndpoint Endpoint { get; }
    public BoardInfo Board { get; }
    public string StateDir { get; }
    public string Topic { get; }
    private bool OwnsDir { get; }

    public AppRig StartOnline()
    {
        Endpoint.Start();
        Run();
        Transport.AcceptConnect();
        Run();
        return this;
    }

    public void Run(long ms = 0) => LoopStepper.Advance(Endpoint.Loop, Clock, ms);

    /// <summary>Delivers <paramref name="payload"/> to <c>endpoint/&lt;id&gt;/&lt;suffix&gt;</c> and runs what is due now.</summary>
    public void Command(string suffix, string payload)
    {
        Transport.Deliver(Topic + "/" + suffix, payload);
        Run();
    }

    /// <summary>The last payload published to <c>endpoint/&lt;id&gt;/&lt;suffix&gt;</c>, or null.</summary>
    public string Last(string suffix) => Transport.Last(Topic + "/" + suffix)?.Payload;

    /// <summary>Stops cleanly, as quitting the simulator does.</summary>
    public void Stop()
    {
        Endpoint.Stop();
        Run();
    }

    public void Dispose()
    {
        if (OwnsDir && Directory.Exists(StateDir))
        {
            Directory.Delete(StateDir, true);
        }
    }
}
