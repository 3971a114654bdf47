using System;
using System.Collections.Generic;
using Endpoint.Core.Boards;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Host.Mqtt;

namespace Endpoint.Host.Fleet;

/// <summary>An app a fleet runs and the board it runs on.</summary>
public sealed record FleetApp(string Name, BoardInfo Board);

/// <summary>What a <see cref="SimulatedFleet"/> is made of.</summary>
public sealed class FleetOptions
{
    /// <summary>The apps; endpoint <c>i</c> runs <c>Apps[i % Apps.Count]</c> (one app, or a mix).</summary>
    public IReadOnlyList<FleetApp> Apps { get; set; } = Array.Empty<FleetApp>();

    /// <summary>Number of endpoints.</summary>
    public int Count { get; set; } = 1;

    /// <summary>Ids are <c>&lt;prefix&gt;-&lt;n&gt;</c> (n from 1); null: <c>&lt;app&gt;-&lt;n&gt;</c>, numbered per app.</summary>
    public string IdPrefix { get; set; }

    /// <summary>The broker every endpoint connects to with its own client; null with <see cref="InProcessHub"/>.</summary>
    public MqttConnectOptions Hub { get; set; }

    /// <summary>The hub inside this process (when <see cref="Hub"/> is null).</summary>
    public InProcessHub InProcessHub { get; set; }

    /// <summary>Folder whose sub-folder <c>&lt;id&gt;</c> holds each endpoint's flash; null keeps the flash in memory.</summary>
    public string StateRoot { get; set; }

    /// <summary>Telemetry period of every endpoint.</summary>
    public long TelemetryIntervalMs { get; set; } = 60_000;

    /// <summary>Endpoints are started evenly over this time (a connect ramp), each telemetry timer thus on its own phase.</summary>
    public long RampMs { get; set; }

    /// <summary>Loop threads (0: one per core).</summary>
    public int Threads { get; set; }

    /// <summary>Button presses per endpoint and second (people using their devices); 0 for none.</summary>
    public double PressesPerSecond { get; set; }

    /// <summary>Faults to inject while running.</summary>
    public ChaosOptions Chaos { get; set; } = new();

    /// <summary>Where endpoint log lines go (each prefixed with its id); errors are counted whatever its level.</summary>
    public ILog Log { get; set; }

    /// <summary>Seed of every random choice (ids' jitter, signal levels, chaos).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Firmware version the endpoints report.</summary>
    public string FirmwareVersion { get; set; } = "1.0.0";

    /// <summary>Topic prefix of the hub protocol.</summary>
    public string TopicPrefix { get; set; } = "endpoint";

    /// <summary>A trusted OTA public key stored in every endpoint's flash: the fleet then takes over-the-air updates (<c>endpoint ota publish</c>).</summary>
    public byte[] OtaPublicKey { get; set; }
}

/// <summary>Fault injection rates, per endpoint (events per second); all zero turns chaos off.</summary>
public sealed class ChaosOptions
{
    /// <summary>Abrupt link losses (no DISCONNECT: the broker publishes the will); the endpoint reconnects by itself.</summary>
    public double DropsPerSecond { get; set; }

    /// <summary>Clean restarts of the broker connection (offline, DISCONNECT, connect again).</summary>
    public double RestartsPerSecond { get; set; }

    /// <summary>Power cuts: the endpoint stops dead and boots again from its flash after <see cref="PowerOffMs"/>.</summary>
    public double PowerCutsPerSecond { get; set; }

    /// <summary>How long the power stays off (each cut picks uniformly between half and the whole of it).</summary>
    public long PowerOffMs { get; set; } = 3000;

    /// <summary>Seed of the chaos schedule (default: the fleet's seed).</summary>
    public int? Seed { get; set; }

    /// <summary>True when any rate is above zero.</summary>
    public bool Enabled => DropsPerSecond > 0 || RestartsPerSecond > 0 || PowerCutsPerSecond > 0;
}
