using System;
using System.IO;
using Endpoint.Core.Ota;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Ota;

/// <summary>The boot rules on states made by real updates (two slots: a = 1.1.0 build 2, b = 1.2.0 build 3).</summary>
public sealed class BootSelectorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "endpoint-bootsel-" + Guid.NewGuid().ToString("N"));
    private readonly OtaRig _rig;

    public BootSelectorTests()
    {
        _rig = new OtaRig(Path.Combine(_root, "state"));
        _rig.Offer(OtaKit.Bundle(_root, "1.1.0", 2));
        Assert.True(_rig.RunUntilStatus("done"));
        _rig.Offer(OtaKit.Bundle(_root, "1.2.0", 3));
        Assert.True(_rig.RunUntilStatus("done"));
    }

    public void Dispose()
    {
        _rig.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }
    }

    private SimulatedFlash Flash => new(_rig.StateDir);

    private BootDecision Boot(bool builtIn = true) => new BootSelector(Flash, 3, builtIn).Boot();

    private void Damage(string name)
    {
        string path = Path.Combine(_rig.StateDir, name);
        byte[] b = File.ReadAllBytes(path);
        b[b.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, b);
    }

    [Fact]
    public void Boot_ConfirmedSlot_StartsItWithoutWriting()
    {
        var flash = Flash;

        var d = new BootSelector(flash, 3, true).Boot();

        Assert.Equal(BootRecord.SlotB, d.Slot);
        Assert.Equal("1.2.0", d.Manifest.Manifest.Version);
        Assert.False(d.Trial);
        Assert.Equal(0, flash.Writes);
    }

    [Fact]
    public void Boot_ActiveSlotManifestDamaged_FallsBackToPrevious()
    {
        Damage("slot-b.manifest");

        var d = Boot();

        Assert.Equal(BootRecord.SlotA, d.Slot);
        Assert.Equal(BootResult.RolledBack, d.Record.Result);
        Assert.Contains("slot b cannot start: its manifest", d.Record.Reason);
        Assert.Equal(3, d.Record.PreviousBuild);
    }

    [Fact]
    public void Boot_ActiveAssemblyTruncated_FallsBackToPrevious()
    {
        string path = Path.Combine(_rig.StateDir, "slot-b.3.pe");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..100]);

        var d = Boot();

        Assert.Equal(BootRecord.SlotA, d.Slot);
        Assert.Contains("assembly Endpoint.Plug is missing or incomplete", d.Record.Reason);
    }

    [Fact]
    public void Boot_NewestGenerationDamaged_UsesTheOlderGeneration()
    {
        // The newest generation is the confirmation of build 3; the one before is its trial boot.
        Damage(Newest());

        var d = Boot();

        Assert.Equal(BootRecord.SlotB, d.Slot);
        Assert.True(d.Trial);
        Assert.Equal(2, d.Record.TrialBoots);
    }

    [Fact]
    public void Boot_RecordAndLastKnownGoodDamaged_StartsTheNewestCompleteSlotOnTrial()
    {
        Damage("boot.a");
        Damage("boot.b");
        Damage("boot-lkg.a");
        Damage("boot-lkg.b");

        var d = Boot();

        Assert.Equal(BootRecord.SlotB, d.Slot);
        Assert.True(d.Trial);
        Assert.Equal(BootRecord.SlotA, d.Record.Previous);
        Assert.Equal(BootResult.Recovered, d.Record.Result);
    }

    /// <summary>Slot a is gone and slot b, on trial, has used up its trial boots.</summary>
    private void OnlySlotBOnTrialPastItsBoots()
    {
        File.Delete(Path.Combine(_rig.StateDir, "slot-a.manifest"));
        var store = new BootRecordStore(Flash);
        var r = store.Read();
        r.Trial = true;
        r.TrialBoots = 3;
        store.Write(r);
    }

    [Fact]
    public void Boot_TrialWithNothingToFallBackTo_KeepsTheAppOnADevice()
    {
        // A device (no built-in app) whose only slot is on trial and past its boots.
        OnlySlotBOnTrialPastItsBoots();

        var d = Boot(builtIn: false);

        Assert.Equal(BootRecord.SlotB, d.Slot);
        Assert.False(d.Trial);
        Assert.Contains("no previous app to fall back to", d.Record.Reason);
    }

    [Fact]
    public void Boot_TrialPastItsBootsOnTheSimulator_FallsBackToTheBuiltInApp()
    {
        OnlySlotBOnTrialPastItsBoots();

        var d = Boot(builtIn: true);

        Assert.Equal(BootRecord.None, d.Slot);
        Assert.Null(d.Manifest);
        Assert.Contains("running the built-in app", d.Record.Reason);
    }

    [Fact]
    public void ReportStartFailure_FallsBackAndRecordsWhy()
    {
        var d = new BootSelector(Flash, 3, false).ReportStartFailure("Assembly.Load refused Endpoint.Core.pe");

        Assert.Equal(BootRecord.SlotA, d.Slot);
        Assert.Contains("Assembly.Load refused", d.Record.Reason);
        Assert.Equal(BootRecord.SlotA, new BootRecordStore(Flash).Read().Active);
    }

    private string Newest()
    {
        // AtomicRecordFile: the valid generation with the higher sequence number (bytes 4..7) is current.
        uint Seq(string n) => BitConverter.ToUInt32(File.ReadAllBytes(Path.Combine(_rig.StateDir, n)), 4);
        return Seq("boot.a") > Seq("boot.b") ? "boot.a" : "boot.b";
    }
}
