using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Integration;

/// <summary>
/// A new plug from the box to the hub with no laptop-side code of ours but a standard Improv client: a real
/// Mosquitto, a socat pty pair as the USB cable, <c>endpoint sim plug … --serial A --wifi "Lab:secret"</c> with
/// an empty state folder, and on B first a client written from the spec, then <c>endpoint provision</c>.
/// </summary>
public sealed class ProvisioningEndToEndTests : IDisposable
{
    private readonly EndToEndRig _rig = new();
    private readonly PtyPair _pair = new();

    public ProvisioningEndToEndTests() => Directory.CreateDirectory(_rig.StateDir);

    public void Dispose()
    {
        _pair.Dispose();
        _rig.Dispose();
    }

    [Fact]
    public async Task NewPlug_WrongPasswordRefusedThenProvisionedAndOnTheHub()
    {
        using var hub = await _rig.ConnectHubAsync("endpoint/#");
        using var sim = _rig.StartSim("plug", "improv-plug", "--serial", _pair.A, "--wifi", "Lab:secret");
        sim.WaitForLine(l => l.Contains("not provisioned: waiting for Wi-Fi credentials over Improv (serial"));

        // Not provisioned: the plug stays off the hub.
        Thread.Sleep(1500);
        Assert.DoesNotContain(hub.Messages, m => m.Topic.StartsWith("endpoint/improv-plug/", StringComparison.Ordinal));

        using (var client = new SpecImprovClient(_pair.B))
        {
            client.Send(0x02); // request current state
            Assert.Equal(0x02, client.WaitFor(f => f.Type == ImprovSpec.CurrentState).Value); // authorized: serial is physical presence

            // (The line may still hold the state the plug announced at boot, so match values, not positions.)
            int mark = client.Frames.Count;
            client.Send(0x01, ImprovSpec.WifiData("Lab", "not-the-password"));
            client.WaitFor(f => f.Type == ImprovSpec.CurrentState && f.Value == 0x03, mark); // provisioning
            var error = client.WaitFor(f => f.Type == ImprovSpec.ErrorState && f.Value != 0, mark);
            Assert.Equal(0x03, error.Value); // unable to connect
            int errorAt = client.Frames.FindIndex(mark, f => f.Type == ImprovSpec.ErrorState && f.Value != 0);
            client.WaitFor(f => f.Type == ImprovSpec.CurrentState && f.Value == 0x02, errorAt + 1); // back to authorized
        }

        Thread.Sleep(500);
        Assert.DoesNotContain(hub.Messages, m => m.Topic.StartsWith("endpoint/improv-plug/", StringComparison.Ordinal));

        var result = CliRun.Run(60_000, "provision", "--serial", _pair.B, "--ssid", "Lab", "--password", "secret");
        Assert.True(result.Exit == 0, result.Err);
        Assert.Equal($"mqtt://127.0.0.1:{_rig.Broker.Port}", result.Out.Trim());

        hub.WaitFor("endpoint/improv-plug/status", s => s == "online");
        hub.WaitFor("endpoint/improv-plug/relay/state", s => s == "OFF");
        sim.WaitForLine(l => l.Contains("provisioned over Improv serial"));
        Assert.DoesNotContain("not-the-password", sim.Output);
        Assert.DoesNotContain("secret", sim.Output);
    }

    [Fact]
    public async Task ProvisionedPlug_RestartsStraightOntoTheHub()
    {
        using (var sim = _rig.StartSim("plug", "improv-plug", "--serial", _pair.A, "--wifi", "Lab:secret"))
        {
            sim.WaitForLine(l => l.Contains("not provisioned"));
            var result = CliRun.Run(60_000, "provision", "--serial", _pair.B, "--ssid", "Lab", "--password", "secret");
            Assert.True(result.Exit == 0, result.Err);
            sim.Interrupt();
            sim.WaitForExit();
        }

        using var hub = await _rig.ConnectHubAsync("endpoint/#");
        using var again = _rig.StartSim("plug", "improv-plug", "--wifi", "Lab:secret");
        again.WaitForLine(l => l.Contains("joining Lab"));
        hub.WaitFor("endpoint/improv-plug/status", s => s == "online");
        Assert.Equal(0, again.Count(l => l.Contains("not provisioned")));
    }

    [Fact]
    public void NewPlug_ScannerHearsImprovAndBthomeUntilProvisionedOverSerial()
    {
        string air = Path.Combine(_rig.StateDir, "air");
        using (AirEnvironment.Use(air))
        {
            using var sim = new SimProcess("sim", "plug", "--id", "air-plug", "--hub", _rig.DeviceHub("air-plug"),
                "--state-dir", Path.Combine(_rig.StateDir, "plug"), "--serial", _pair.A, "--wifi", "Lab:secret");
            sim.WaitForLine(l => l.Contains("not provisioned"));
            using var scan = new SimProcess("scan", "--json", "--for", "60s");

            string improv = scan.WaitForLine(l => Heard(l, "air-plug-improv") == "authorization_required", 20000);
            string bthome = scan.WaitForLine(l => Heard(l, "air-plug") == "power off", 20000);
            Assert.All(new[] { improv, bthome }, l => Assert.InRange(Convert.FromHexString(Json(l).GetProperty("data").GetString()).Length, 1, 31));

            var result = CliRun.Run(60_000, "provision", "--serial", _pair.B, "--ssid", "Lab", "--password", "secret");
            Assert.True(result.Exit == 0, result.Err);
            sim.WaitForLine(l => l.Contains("provisioned over Improv serial"));

            // One second after success the Improv advertisement leaves the rotation; BTHome goes on alone.
            Thread.Sleep(1500);
            int mark = scan.Count(_ => true);
            scan.WaitForLine(l => Heard(l, "air-plug") == "power off", 20000);
            Thread.Sleep(2500);
            var later = scan.Output.Split('\n').Skip(mark).Where(l => l.StartsWith('{')).ToList();
            Assert.True(later.Count >= 2, "the plug keeps advertising");
            Assert.All(later, l => Assert.Equal(System.Text.Json.JsonValueKind.Null, Json(l).GetProperty("improv").ValueKind));

            sim.Interrupt();
            sim.WaitForExit();
            scan.Interrupt();
            scan.WaitForExit();
        }
    }

    // "air-plug" with its BTHome power, or "air-plug-improv" with the Improv state, or null for any other line.
    private static string Heard(string line, string what)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        var root = Json(line);
        if (what == "air-plug-improv")
        {
            return root.GetProperty("improv").ValueKind == System.Text.Json.JsonValueKind.Object ? root.GetProperty("improv").GetProperty("state").GetString() : null;
        }

        if (root.GetProperty("name").ValueKind != System.Text.Json.JsonValueKind.String || root.GetProperty("name").GetString() != what
            || root.GetProperty("bthome").ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return null;
        }

        foreach (var r in root.GetProperty("bthome").GetProperty("readings").EnumerateArray())
        {
            if (r.GetProperty("type").GetString() == "power")
            {
                return r.GetProperty("value").GetBoolean() ? "power on" : "power off";
            }
        }

        return null;
    }

    private static System.Text.Json.JsonElement Json(string line)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(line);
        return doc.RootElement.Clone();
    }
}
