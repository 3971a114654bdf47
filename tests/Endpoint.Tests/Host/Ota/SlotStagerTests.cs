using System;
using System.IO;
using System.Text.Json;
using Endpoint.Core.Ota;
using Endpoint.Host.Ota;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Ota;

public sealed class SlotStagerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "endpoint-stage-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }
    }

    [Fact]
    public void Stage_WritesAFlashTheBootRulesStartAsConfirmedSlotA()
    {
        var bundle = OtaKit.Bundle(_dir, "1.0.0", 1);
        string folder = Path.Combine(_dir, "flash");

        var files = SlotStager.Stage(bundle, OtaKit.PublicKey, folder, serialPort: "/dev/ttyUSB0");

        var flash = new SimulatedFlash(folder);
        var decision = new BootSelector(flash, 3, false).Boot();
        Assert.Equal(BootRecord.SlotA, decision.Slot);
        Assert.False(decision.Trial);
        Assert.Equal(1, decision.Record.Floor);
        Assert.Null(SlotVerifier.Verify(new SlotStore(flash), BootRecord.SlotA, OtaKit.PublicKey));
        Assert.Equal(OtaKit.PublicKey, TrustedKey.Read(flash));
        Assert.Equal("1.0.0", InstalledApp.Version(flash, "0.0.0"));
        Assert.Contains("slot-a.manifest", files);
        Assert.DoesNotContain("ota-progress.a", files);

        var deploy = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, SlotStager.DeploymentFile))).RootElement;
        Assert.Equal("/dev/ttyUSB0", deploy.GetProperty("SerialPort").GetString());
        Assert.Equal(files.Count, deploy.GetProperty("Files").GetArrayLength());
        Assert.Equal("I:\\endpoint\\boot-lkg.a", deploy.GetProperty("Files")[0].GetProperty("DestinationFilePath").GetString());
    }

    [Fact]
    public void Stage_OtherKey_RefusedAndNothingWritten()
    {
        var bundle = OtaKit.Bundle(_dir, "1.0.0", 1, seed: OtaKit.OtherSeed);
        string folder = Path.Combine(_dir, "flash");

        Assert.Contains("signature does not match", Assert.Throws<OtaException>(() => SlotStager.Stage(bundle, OtaKit.PublicKey, folder)).Message);
        Assert.False(Directory.Exists(folder));
    }
}
