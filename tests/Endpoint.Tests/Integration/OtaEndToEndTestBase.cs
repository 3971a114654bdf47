using System;
using System.IO;
using System.Text.Json;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Integration;

/// <summary>
/// What the OTA end-to-end classes share: a broker with passwords and the device ACL (<see cref="EndToEndRig"/>),
/// a scratch folder, the <c>endpoint</c> CLI as a real process, and bundles packed by <c>endpoint ota pack</c>.
/// </summary>
public abstract class OtaEndToEndTestBase : IDisposable
{
    /// <summary>A rig whose broker lets <paramref name="deviceIds"/> in with <paramref name="devicePassword"/>.</summary>
    protected OtaEndToEndTestBase(string folderPrefix, string devicePassword, string[] deviceIds)
    {
        Dir = Path.Combine(Path.GetTempPath(), folderPrefix + Guid.NewGuid().ToString("N"));
        Rig = new EndToEndRig(devicePassword, deviceIds);
        Directory.CreateDirectory(Dir);
    }

    /// <summary>The scratch folder (keys, bundles, app builds); deleted at the end.</summary>
    protected string Dir { get; }

    /// <summary>The broker and the simulators.</summary>
    protected EndToEndRig Rig { get; }

    public void Dispose()
    {
        Rig.Dispose();
        Directory.Delete(Dir, true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs <c>endpoint <paramref name="args"/></c> to its end: exit code and everything it printed.</summary>
    protected static (int Code, string Output) Cli(params string[] args)
    {
        using var p = new SimProcess(args);
        int code = p.WaitForExit(180_000);
        return (code, p.Output);
    }

    /// <summary>Packs the test plug app at <paramref name="version"/> for esp32-devkitc with the key in <paramref name="keys"/>.</summary>
    protected string Pack(string keys, string version, int build)
    {
        string epk = Path.Combine(Dir, $"plug-{version}.epk");
        var (code, output) = Cli("ota", "pack", "--app", OtaKit.PlugFolder(Dir, version), "--version", version, "--build", build.ToString(),
            "--board", "esp32-devkitc", "--key", Path.Combine(keys, "ota.key"), "--out", epk, "--entry", OtaKit.Entry);
        Assert.True(code == 0, output);
        return epk;
    }

    /// <summary>The firmware version a Home Assistant discovery config announces.</summary>
    protected static string SwVersion(HubProbe.Message config) =>
        JsonDocument.Parse(config.Payload).RootElement.GetProperty("device").GetProperty("sw_version").GetString();
}
