using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Endpoint.Core.Ota;
using Endpoint.Host.Ota;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Ota;

/// <summary>The OTA component end to end on one simulated device, with the hub played by <see cref="OtaRig"/>.</summary>
public sealed class OtaComponentTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "endpoint-ota-bundles-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }
    }

    private BundleFile Bundle(string version, int build, string[] boards = null, string soc = "esp32", byte[] seed = null, int minBoot = 1) =>
        OtaKit.Bundle(_root, version, build, boards, soc, seed, minBoot);

    private static string State(JsonElement status) => status.GetProperty("state").GetString();

    /// <summary>A device running <paramref name="version"/> from a slot, installed through the component itself.</summary>
    private OtaRig Installed(string version, int build)
    {
        var rig = new OtaRig();
        rig.Offer(Bundle(version, build));
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        return rig;
    }

    [Fact]
    public void EmptyOffer_TheHubClearingItsRetainedOffer_IgnoredSilentlyBeforeAndDuringATransfer()
    {
        using var rig = new OtaRig();
        var before = rig.Record;
        int published = rig.Transport.Published.Count;

        rig.Deliver("cmd/ota", Array.Empty<byte>());

        Assert.Equal(published, rig.Transport.Published.Count); // no result, no status
        Assert.Equal(0, rig.Device.Runtime.Hub.CommandsRefused);
        Assert.False(rig.Device.Runtime.Awake.IsHeld);
        Assert.Equal(before?.ActiveBuild, rig.Record?.ActiveBuild);

        // Mid-transfer (the publisher clears the offer of a device that reported done elsewhere, or gave up): the
        // download goes on as if nothing came.
        rig.DeliverBlocks = false;
        var bundle = Bundle("1.1.0", 2);
        rig.Offer(bundle);
        rig.Run(100);
        int statuses = rig.Statuses.Count;
        int results = rig.Results.Count;
        rig.Deliver("cmd/ota", Array.Empty<byte>());
        Assert.Equal(statuses, rig.Statuses.Count);
        Assert.Equal(results, rig.Results.Count);
        Assert.True(rig.Device.Runtime.Awake.IsHeldBy(OtaComponent.AwakeHolder));

        rig.DeliverBlocks = true;
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        Assert.Equal("1.1.0", rig.Version);
        Assert.Equal(bundle.Manifest.TotalSize, rig.BytesServed);
    }

    [Fact]
    public void Offer_FirstInstall_DownloadsEverythingRebootsAndConfirmsNewVersion()
    {
        using var rig = new OtaRig();
        Assert.Equal("1.0.0", rig.Version);
        var bundle = Bundle("1.1.0", 2);

        rig.Offer(bundle);
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);

        Assert.Equal("1.1.0", rig.Version);
        Assert.Equal(2, rig.Boots);
        Assert.Equal(bundle.Manifest.TotalSize, rig.BytesServed);
        Assert.Equal(0, rig.BytesResent);
        var record = rig.Record;
        Assert.False(record.Trial);
        Assert.Equal(2, record.ActiveBuild);
        Assert.Equal(2, record.Floor);
        Assert.Null(rig.VerifyBootableSlot());
        var done = rig.LastStatus;
        Assert.Equal(bundle.BundleIdHex, done.GetProperty("bundle").GetString());
        Assert.Equal("1.1.0", done.GetProperty("running").GetString());
        Assert.Contains(rig.Statuses, s => State(s) == "rebooting");
        Assert.Contains(rig.Statuses, s => State(s) == "downloading" && s.GetProperty("percent").GetInt32() == 100);
    }

    [Fact]
    public void Offer_UpdateChangingOnlyTheApp_DownloadsOnlyThatAssembly()
    {
        using var rig = Installed("1.1.0", 2);
        long before = rig.BytesServed;
        var update = Bundle("1.2.0", 3);

        rig.Offer(update);
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);

        var plug = update.Manifest.Assemblies.Single(a => a.Name == "Endpoint.Plug");
        Assert.Equal(plug.Size, rig.BytesServed - before);
        Assert.Equal("1.2.0", rig.Version);
        Assert.Equal(update.Manifest.TotalSize - plug.Size, rig.Results.Last().GetProperty("reuse").GetInt32());
        Assert.Null(rig.VerifyBootableSlot());
        Assert.Equal(BootRecord.SlotA, rig.Record.Previous);
    }

    [Fact]
    public void Offer_SameBundleAgain_ReportsUpToDateAndWritesNothing()
    {
        using var rig = Installed("1.1.0", 2);
        var bundle = rig.Serving;
        long writes = rig.Writes;

        rig.Offer(bundle);

        Assert.Equal("up-to-date", rig.Results.Last().GetProperty("state").GetString());
        Assert.Equal("done", State(rig.LastStatus));
        Assert.Equal(writes, rig.Writes);
    }

    [Fact]
    public void Offer_TamperedManifest_RefusedBeforeAnythingIsWritten()
    {
        using var rig = Installed("1.1.0", 2);
        var good = Bundle("1.2.0", 3);
        byte[] tampered = OtaKit.EditManifest(good, "\"build\":3", "\"build\":4");
        long writes = rig.Writes;

        rig.Deliver("cmd/ota", OtaKit.OfferSigned(tampered, good.Signature));

        AssertRefused(rig, "signature does not match", writes);
    }

    [Fact]
    public void Offer_SignedWithAnotherKey_Refused()
    {
        using var rig = Installed("1.1.0", 2);
        long writes = rig.Writes;

        rig.Offer(Bundle("1.2.0", 3, seed: OtaKit.OtherSeed));

        AssertRefused(rig, "signature does not match this device's trusted key", writes);
    }

    [Fact]
    public void Offer_TamperedAssembly_DownloadedTwiceThenFailsAndOldAppKeepsRunning()
    {
        using var rig = Installed("1.1.0", 2);
        var good = Bundle("1.2.0", 3);
        byte[] data = (byte[])good.Data.Clone();
        int plug = Array.FindIndex(good.Manifest.Assemblies, a => a.Name == "Endpoint.Plug");
        data[good.AssemblyOffset(plug) + 100] ^= 0x01;
        var tampered = BundleFile.Parse(data);
        long served = rig.BytesServed;

        rig.Offer(tampered);
        Assert.True(rig.RunUntilStatus("failed"), rig.Log.All);

        Assert.Contains("Endpoint.Plug does not match its SHA-256", rig.LastStatus.GetProperty("error").GetString());
        Assert.Equal(2 * good.Manifest.Assemblies[plug].Size, rig.BytesServed - served);
        Assert.Equal("1.1.0", rig.Version);
        var record = rig.Record;
        Assert.Equal(2, record.ActiveBuild);
        Assert.Equal(BootRecord.None, record.Staging);
        Assert.Empty(new SimulatedFlash(rig.StateDir).List("slot-b."));
        rig.Run(10_000);
        Assert.Equal(2, rig.Boots);
    }

    [Fact]
    public void Offer_LowerBuild_RefusedAsRollback()
    {
        using var rig = Installed("1.1.0", 5);
        long writes = rig.Writes;

        rig.Offer(Bundle("1.0.9", 4));

        AssertRefused(rig, "build 4 is older than build 5", writes);
    }

    [Fact]
    public void Offer_SameBuildOtherContent_Refused()
    {
        using var rig = Installed("1.1.0", 5);
        long writes = rig.Writes;

        rig.Offer(Bundle("1.1.1", 5));

        AssertRefused(rig, "already installed with other content", writes);
    }

    [Fact]
    public void Offer_WrongBoard_Refused()
    {
        using var rig = new OtaRig();
        long writes = rig.Writes;

        rig.Offer(Bundle("1.1.0", 2, boards: ["esp32-c3-devkitm"]));

        AssertRefused(rig, "the bundle is for esp32-c3-devkitm, this device is esp32-devkitc", writes, "1.0.0");
    }

    [Fact]
    public void Offer_WrongSoc_Refused()
    {
        using var rig = new OtaRig();
        long writes = rig.Writes;

        rig.Offer(Bundle("1.1.0", 2, soc: "esp32s3"));

        AssertRefused(rig, "built for the esp32s3", writes, "1.0.0");
    }

    [Fact]
    public void Offer_NeedsNewerBootstrapper_Refused()
    {
        using var rig = new OtaRig();
        long writes = rig.Writes;

        rig.Offer(Bundle("1.1.0", 2, minBoot: 2));

        AssertRefused(rig, "needs Endpoint.Boot 2 or newer, this device has 1", writes, "1.0.0");
    }

    [Fact]
    public void Offer_OtherApp_Refused()
    {
        using var rig = new OtaRig();
        var bundle = Bundle("1.1.0", 2);
        long writes = rig.Writes;

        rig.Deliver("cmd/ota", OtaKit.Offer(OtaKit.EditManifest(bundle, "\"app\":\"plug\"", "\"app\":\"light\"")));

        AssertRefused(rig, "the bundle is the app 'light', this device runs 'plug'", writes, "1.0.0");
    }

    [Theory]
    [InlineData("\"min_boot\":1", "\"min_boot\":1,\"rollout\":\"fast\"", "unknown field 'rollout'")]
    [InlineData("\"size\":9000", "\"size\":2000000000", "more than the 1048576 bytes allowed")]
    [InlineData("\"size\":9000", "\"size\":0", "size is 0")]
    [InlineData("\"format\":1", "\"format\":2", "format 2 is not supported")]
    [InlineData("\"entry\":", "\"x_entry\":", "lacks the field 'entry'")]
    public void Offer_SignedButInvalidManifest_RefusedWithReason(string find, string replace, string reason)
    {
        using var rig = new OtaRig();
        var bundle = Bundle("1.1.0", 2);
        long writes = rig.Writes;

        rig.Deliver("cmd/ota", OtaKit.Offer(OtaKit.EditManifest(bundle, find, replace)));

        AssertRefused(rig, reason, writes, "1.0.0");
    }

    [Fact]
    public void Offer_InformationalExtensionField_Accepted()
    {
        using var rig = new OtaRig();
        var bundle = Bundle("1.1.0", 2);
        byte[] manifest = OtaKit.EditManifest(bundle, "\"min_boot\":1", "\"min_boot\":1,\"x_notes\":{\"by\":\"ci\"}");
        byte[] signature = OtaSignature.Sign(OtaKit.Seed, manifest, 0, manifest.Length);
        var repacked = Repack(bundle, manifest, signature);

        rig.Offer(repacked);

        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        Assert.Equal("1.1.0", rig.Version);
    }

    [Fact]
    public void Offer_TruncatedManifest_RefusedBySignature()
    {
        using var rig = new OtaRig();
        var bundle = Bundle("1.1.0", 2);
        byte[] cut = bundle.ManifestBytes[..(bundle.ManifestBytes.Length / 2)];
        long writes = rig.Writes;

        rig.Deliver("cmd/ota", OtaKit.OfferSigned(cut, bundle.Signature));

        AssertRefused(rig, "signature does not match", writes, "1.0.0");
    }

    [Theory]
    [InlineData("{}", "offer lacks the field 'manifest'")]
    [InlineData("{\"manifest\":\"AAAA\",\"signature\":\"AAAA\"}", "signature is 3 bytes")]
    [InlineData("{\"manifest\":\"%%%\",\"signature\":\"AAAA\"}", "not valid base64")]
    [InlineData("{\"manifest\":\"AAAA\",\"mirror\":\"http://x\"}", "unknown field 'mirror'")]
    [InlineData("{\"manifest\":\"AAAA\",\"url\":\"ftp://x/a.epk\"}", "'url' must start with http:// or https://")]
    [InlineData("{\"manifest\":\"AAAA\",\"url\":7}", "'url' must be a string")]
    [InlineData("[1,2]", "offer must be a JSON object")]
    public void Offer_Malformed_RefusedWithReason(string payload, string reason)
    {
        using var rig = new OtaRig();
        long writes = rig.Writes;

        rig.Deliver("cmd/ota", Encoding.UTF8.GetBytes(payload));

        AssertRefused(rig, reason, writes, "1.0.0");
    }

    [Fact]
    public void Block_ForeignOrOutOfOrder_Ignored()
    {
        using var rig = new OtaRig();
        var bundle = Bundle("1.1.0", 2);
        rig.DeliverBlocks = false;
        rig.Offer(bundle);
        Assert.Equal(1, rig.BlocksInFlight);

        var wrongBundle = new byte[BlockMessage.HeaderSize + 4096];
        BlockMessage.WriteHeader(wrongBundle, 0, new byte[8], 0, 0);
        rig.Deliver("ota/block", wrongBundle);
        var wrongOffset = new byte[BlockMessage.HeaderSize + 4096];
        BlockMessage.WriteHeader(wrongOffset, 0, bundle.BundleId, 0, 4096);
        rig.Deliver("ota/block", wrongOffset);
        var shortBlock = new byte[BlockMessage.HeaderSize + 100];
        BlockMessage.WriteHeader(shortBlock, 0, bundle.BundleId, 0, 0);
        rig.Deliver("ota/block", shortBlock);
        rig.Deliver("ota/block", new byte[3]);
        Assert.Equal(0, rig.Device.Ota.Installer.Stored(0));

        rig.DeliverBlocks = true;
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        Assert.Null(rig.VerifyBootableSlot());
    }

    [Fact]
    public void SameOffer_DuringDownload_ResumesWithoutAskingTwice()
    {
        using var rig = new OtaRig();
        var bundle = Bundle("1.1.0", 2);
        rig.DeliverBlocks = false;
        rig.Offer(bundle);
        Assert.Equal(1, rig.BlocksInFlight);

        rig.Offer(bundle);

        Assert.Equal(1, rig.BlocksInFlight);
        Assert.Equal("downloading", rig.Results.Last().GetProperty("state").GetString());
        rig.DeliverBlocks = true;
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        Assert.Equal(0, rig.BytesResent);
    }

    [Fact]
    public void NewerOffer_DuringDownload_ReplacesIt()
    {
        using var rig = Installed("1.1.0", 2);
        rig.DeliverBlocks = false;
        rig.Offer(Bundle("1.2.0", 3));
        Assert.Equal(1, rig.BlocksInFlight);

        var second = Bundle("1.3.0", 4);
        rig.Offer(second);
        rig.DeliverBlocks = true;

        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        Assert.Equal("1.3.0", rig.Version);
        Assert.Equal(second.BundleIdHex, rig.LastStatus.GetProperty("bundle").GetString());
    }

    [Fact]
    public void TrialApp_NeverConnects_RolledBackAfterMaxTrialBootsAndReported()
    {
        using var rig = Installed("1.1.0", 2);
        var update = Bundle("1.2.0", 3);
        rig.Offer(update);
        Assert.Equal("rebooting", State(rig.LastStatus));
        rig.AcceptConnects = false;
        int boots = rig.Boots;

        // Each trial boot waits TrialTimeoutMs for the hub, then restarts; boot K+1 rolls back.
        rig.Run(rig.Options.TrialTimeoutMs * (rig.MaxTrialBoots + 1));

        Assert.Equal(boots + rig.MaxTrialBoots + 1, rig.Boots);
        Assert.DoesNotContain(rig.Statuses, s => State(s) == "rolled-back");
        Assert.Equal("1.1.0", rig.Version);
        var record = rig.Record;
        Assert.Equal(BootRecord.SlotA, record.Active);
        Assert.Equal(BootResult.RolledBack, record.Result);
        Assert.Contains("1.2.0 (build 3) did not confirm itself healthy in 3 boots", record.Reason);

        rig.AcceptConnects = true;
        rig.Run(1000);
        var rolledBack = rig.Statuses.Last(s => State(s) == "rolled-back");
        Assert.Equal(update.BundleIdHex, rolledBack.GetProperty("bundle").GetString());
        Assert.Contains("did not confirm itself healthy", rolledBack.GetProperty("error").GetString());
        Assert.True(rig.Record.ResultReported);

        // Build 3 never confirmed, so it may be offered again (the floor is the confirmed build 2).
        rig.Offer(update);
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        Assert.Equal("1.2.0", rig.Version);
    }

    [Fact]
    public void TrialApp_ConnectsOnSecondBoot_Confirmed()
    {
        using var rig = Installed("1.1.0", 2);
        rig.Offer(Bundle("1.2.0", 3));
        Assert.Equal("rebooting", State(rig.LastStatus));
        rig.AcceptConnects = false;
        rig.Run(rig.Options.TrialTimeoutMs + 2000);
        Assert.True(rig.Record.Trial);

        rig.AcceptConnects = true;
        rig.Run(5000);

        Assert.Equal("1.2.0", rig.Version);
        Assert.False(rig.Record.Trial);
        Assert.Equal(3, rig.Record.Floor);
    }

    [Fact]
    public void BootRecordCorrupted_StartsLastKnownGoodAndReportsRecovery()
    {
        using var rig = Installed("1.1.0", 2);
        rig.Offer(Bundle("1.2.0", 3));
        Assert.Equal("rebooting", State(rig.LastStatus));
        rig.AcceptConnects = false;
        rig.Run(1000);
        Assert.Equal("1.2.0", rig.Version);
        Assert.True(rig.Record.Trial);

        // Both generations of the boot record damaged (a CRC-valid generation would be used).
        foreach (string name in new[] { "boot.a", "boot.b" })
        {
            string path = Path.Combine(rig.StateDir, name);
            byte[] bytes = File.ReadAllBytes(path);
            bytes[^1] ^= 0xFF;
            File.WriteAllBytes(path, bytes);
        }

        rig.AcceptConnects = true;
        rig.Boot();
        rig.Run(1000);

        Assert.Equal("1.1.0", rig.Version);
        Assert.Equal(BootResult.Recovered, rig.Record.Result);
        Assert.Equal("recovered", State(rig.Statuses.Last()));
        Assert.Contains("last known good", rig.Statuses.Last().GetProperty("error").GetString());
    }

    [Fact]
    public void PowerCutMidDownload_ResumesByItselfFromWhatIsStored()
    {
        using var rig = Installed("1.1.0", 2);
        var update = Bundle("1.3.0", 4, seed: null);
        // Writes of the update: staging record, manifest, progress, then copies and blocks.
        rig.CutPowerAtWrite(rig.Writes + 8);
        rig.Offer(update);
        Assert.True(rig.PowerIsCut);

        rig.Boot();

        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        Assert.Equal("1.3.0", rig.Version);
        Assert.True(rig.BytesResent <= 4096, $"{rig.BytesResent} bytes sent again");
    }

    [Fact]
    public void SimulatorWithoutKey_HasNoOtaComponent()
    {
        string dir = Path.Combine(_root, "no-key");
        var endpoint = SimulatedEndpoint.Create(new SimulatedEndpointOptions
        {
            App = "plug",
            Board = TestBoards.DevKitC(),
            StateDir = dir,
            Transport = new FakeMqttTransport(),
        });

        Assert.Null(endpoint.Ota);
        Assert.Null(endpoint.Boot);
        Assert.Empty(new SimulatedFlash(dir).List("boot"));
    }

    private static BundleFile Repack(BundleFile bundle, byte[] manifest, byte[] signature)
    {
        using var s = new MemoryStream();
        s.Write(BundleLayout.Magic);
        s.Write(BitConverter.GetBytes((uint)manifest.Length));
        s.Write(manifest);
        s.Write(signature);
        s.Write(bundle.Data.AsSpan(bundle.AssemblyOffset(0)));
        return BundleFile.Parse(s.ToArray());
    }

    private static void AssertRefused(OtaRig rig, string reason, long writesBefore, string runningVersion = "1.1.0")
    {
        var result = rig.Results.Last();
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains(reason, result.GetProperty("error").GetString());
        Assert.Equal("refused", State(rig.LastStatus));
        Assert.Contains(reason, rig.LastStatus.GetProperty("error").GetString());
        Assert.Equal(writesBefore, rig.Writes);
        Assert.Equal(runningVersion, rig.Version);
        rig.Run(5000);
        Assert.Equal(runningVersion, rig.Version);
        Assert.Equal(writesBefore, rig.Writes);
    }
}
