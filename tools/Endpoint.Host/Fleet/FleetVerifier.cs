using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;
using Endpoint.Host.Mqtt;

namespace Endpoint.Host.Fleet;

/// <summary>What <see cref="FleetVerifier"/> found.</summary>
public sealed class FleetVerification
{
    /// <summary>Endpoints checked.</summary>
    public int Endpoints { get; init; }

    /// <summary>Endpoints online in their own view and <c>online</c> at the hub.</summary>
    public int Online { get; init; }

    /// <summary>Entity states compared.</summary>
    public int States { get; init; }

    /// <summary>Entity states whose retained value at the hub equals the endpoint's model.</summary>
    public int MatchingStates { get; init; }

    /// <summary>Per endpoint id, what is wrong (empty when all is well).</summary>
    public IReadOnlyDictionary<string, string> Problems { get; init; } = new Dictionary<string, string>();

    /// <summary>True when every endpoint is online and every state matches.</summary>
    public bool Passed => Problems.Count == 0;
}

/// <summary>
/// Proves the fleet's promise from the hub's side: a fresh client subscribes to every status and
/// state (receiving what the broker retained, as any hub that connects later would) and compares
/// them with each endpoint's own model — every endpoint <c>online</c>, and no QoS 1 state update
/// lost. Endpoints still reconnecting get until the timeout.
/// </summary>
public static class FleetVerifier
{
    /// <summary>Checks <paramref name="fleet"/> through <paramref name="transport"/> (connected here, disconnected before returning).</summary>
    public static async Task<FleetVerification> VerifyAsync(SimulatedFleet fleet, IMqttTransport transport, MqttConnectOptions connect, TimeSpan timeout, CancellationToken cancel = default)
    {
        string prefix = fleet.Options.TopicPrefix;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        long lastMessage = Environment.TickCount64;
        transport.MessageReceived += (topic, payload) =>
        {
            lock (seen)
            {
                seen[topic] = Encoding.UTF8.GetString(payload);
            }

            Interlocked.Exchange(ref lastMessage, Environment.TickCount64);
        };
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.Connected += () =>
        {
            transport.Subscribe(prefix + "/+/status", 1);
            transport.Subscribe(prefix + "/+/+/state", 1);
            connected.TrySetResult();
        };
        transport.Closed += (reason, detail) => connected.TrySetException(new InvalidOperationException("the verifier could not connect to the hub: " + detail));
        connect.ClientId = "endpoint-fleet-verifier-" + Guid.NewGuid().ToString("N")[..8];
        var deadline = DateTime.UtcNow + timeout;
        transport.Connect(connect);
        try
        {
            await connected.Task.WaitAsync(timeout, cancel).ConfigureAwait(false);

            // The retained messages arrive right after the subscriptions: wait until they stop coming.
            await Task.Delay(500, cancel).ConfigureAwait(false);
            while (Environment.TickCount64 - Interlocked.Read(ref lastMessage) < 500 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancel).ConfigureAwait(false);
            }

            while (true)
            {
                var result = await CompareAsync(fleet, prefix, seen).ConfigureAwait(false);
                if (result.Passed || DateTime.UtcNow >= deadline)
                {
                    return result;
                }

                await Task.Delay(500, cancel).ConfigureAwait(false);
            }
        }
        finally
        {
            transport.Disconnect();
        }
    }

    private static async Task<FleetVerification> CompareAsync(SimulatedFleet fleet, string prefix, Dictionary<string, string> seen)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        int online = 0, states = 0, matching = 0;
        var models = new Task<Dictionary<string, string>>[fleet.Members.Count];
        for (int i = 0; i < models.Length; i++)
        {
            models[i] = fleet.Members[i].ReadModelAsync();
        }

        for (int i = 0; i < models.Length; i++)
        {
            var m = fleet.Members[i];
            var model = await models[i].ConfigureAwait(false);
            string status;
            lock (seen)
            {
                seen.TryGetValue(prefix + "/" + m.Id + "/status", out status);
            }

            if (model == null && m.IsAsleep)
            {
                // Asleep on purpose (battery sensor): its status stays online; its states were checked while awake.
                if (status == "online")
                {
                    online++;
                }
                else
                {
                    problems[m.Id] = "asleep, and the hub has status " + (status ?? "(none)");
                }

                continue;
            }

            if (model == null || !m.IsOnline)
            {
                problems[m.Id] = model == null ? "powered off" : "not online (it is " + (m.Endpoint?.Runtime.Hub.State.ToString() ?? "off") + ")";
                continue;
            }

            if (status != "online")
            {
                problems[m.Id] = "the hub has status " + (status ?? "(none)") + " while the endpoint is online";
                continue;
            }

            online++;
            var wrong = new List<string>();
            foreach (var (topic, value) in model)
            {
                states++;
                string retained;
                lock (seen)
                {
                    seen.TryGetValue(topic, out retained);
                }

                if (retained == value)
                {
                    matching++;
                }
                else
                {
                    wrong.Add($"{topic[(prefix.Length + m.Id.Length + 2)..]} is {value} but the hub has {retained ?? "nothing"}");
                }
            }

            if (wrong.Count > 0)
            {
                problems[m.Id] = string.Join("; ", wrong);
            }
        }

        return new FleetVerification { Endpoints = fleet.Members.Count, Online = online, States = states, MatchingStates = matching, Problems = problems };
    }
}
