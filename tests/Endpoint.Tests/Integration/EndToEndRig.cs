using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Integration;

/// <summary>
/// The set-up of the end-to-end tests: a real Mosquitto on a free loopback port, an empty state folder,
/// and <c>endpoint sim</c> as real processes against them. With device ids the broker takes passwords
/// (each device its own user, all with one password, and <see cref="HubUser"/>) and the device ACL;
/// without, it is anonymous. Disposing stops the broker and deletes the state folder.
/// </summary>
public sealed class EndToEndRig : IDisposable
{
    /// <summary>The hub's user, allowed every topic by the ACL.</summary>
    public const string HubUser = "hub";

    /// <summary>The hub's password.</summary>
    public const string HubPassword = "hub-secret";

    private readonly string _devicePassword;

    /// <summary>An anonymous broker.</summary>
    public EndToEndRig()
    {
        Broker = MosquittoBroker.Start();
    }

    /// <summary>
    /// A broker with passwords and the device ACL: <paramref name="deviceIds"/> log in with
    /// <paramref name="devicePassword"/>, the hub as <see cref="HubUser"/>; <paramref name="tls"/> adds the TLS listener.
    /// </summary>
    public EndToEndRig(string devicePassword, string[] deviceIds, bool tls = false)
    {
        _devicePassword = devicePassword;
        var users = new Dictionary<string, string> { [HubUser] = HubPassword };
        foreach (string id in deviceIds)
        {
            users[id] = devicePassword;
        }

        Broker = MosquittoBroker.Start(new MosquittoOptions { Users = users, Acl = MosquittoOptions.DeviceAcl(HubUser), Tls = tls });
    }

    public MosquittoBroker Broker { get; }

    /// <summary>The state folder of the simulated devices (<c>--state-dir</c>); not created until something needs it.</summary>
    public string StateDir { get; } = Path.Combine(Path.GetTempPath(), "endpoint-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>
    /// The <c>--hub</c> URI for device <paramref name="id"/>: with its credentials (or <paramref name="password"/>
    /// instead) when the broker takes passwords, none when it is anonymous.
    /// </summary>
    public string DeviceHub(string id, string password = null) => Uri(id, password ?? _devicePassword);

    /// <summary>The <c>--hub</c> URI for the hub's own commands (<c>endpoint ota publish</c>): as <see cref="HubUser"/> when the broker takes passwords.</summary>
    public string HubUri => Uri(HubUser, _devicePassword == null ? null : HubPassword);

    /// <summary>Connects a hub (as <see cref="HubUser"/> when the broker takes passwords) subscribed to <paramref name="filters"/>.</summary>
    public Task<HubProbe> ConnectHubAsync(params string[] filters) => _devicePassword == null
        ? HubProbe.ConnectAsync(Broker.Port, null, null, null, filters)
        : HubProbe.ConnectAsync(Broker.Port, HubUser, HubPassword, null, filters);

    /// <summary>
    /// Starts <c>endpoint sim <paramref name="app"/> --id <paramref name="id"/></c> on this broker and state
    /// folder, with <paramref name="extra"/> arguments (board, parameters, serial, Wi-Fi…).
    /// </summary>
    public SimProcess StartSim(string app, string id, params string[] extra) => StartSimWithHub(DeviceHub(id), app, id, extra);

    /// <summary>Like <see cref="StartSim"/>, with another <c>--hub</c> URI: TLS, wrong credentials, a closed port.</summary>
    public SimProcess StartSimWithHub(string hub, string app, string id, params string[] extra) =>
        new(new[] { "sim", app, "--id", id, "--hub", hub, "--state-dir", StateDir }.Concat(extra).ToArray());

    private string Uri(string user, string password) =>
        password == null ? $"mqtt://127.0.0.1:{Broker.Port}" : $"mqtt://{user}:{password}@127.0.0.1:{Broker.Port}";

    public void Dispose()
    {
        Broker.Dispose();
        if (Directory.Exists(StateDir))
        {
            Directory.Delete(StateDir, true);
        }
    }
}
