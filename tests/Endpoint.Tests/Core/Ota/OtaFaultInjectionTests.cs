using System;
using System.IO;
using System.Linq;
using Endpoint.Core.Ota;
using Endpoint.Host.Ota;
using Endpoint.Tests.Support;
using Xunit.Abstractions;

namespace Endpoint.Tests.Core.Ota;

/// <summary>
/// The proof that an update cannot brick a device: a power cut at every single flash write
/// of a full update, and a link cut at every block, each followed by a boot from what is on the
/// storage and by offering the update again.
/// </summary>
public sealed class OtaFaultInjectionTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "endpoint-ota-faults-" + Guid.NewGuid().ToString("N"));

    public OtaFaultInjectionTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }
    }

    /// <summary>A device running 1.1.0 (build 2) from slot a, confirmed: the starting point of every run.</summary>
    private string Template(out BundleFile update)
    {
        string template = Path.Combine(_root, "template");
        using (var rig = new OtaRig(template))
        {
            rig.Offer(OtaKit.Bundle(_root, "1.1.0", 2));
            Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        }

        update = OtaKit.Bundle(_root, "1.2.0", 3);
        return template;
    }

    private string CopyOf(string template, string name)
    {
        string dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        foreach (string file in Directory.GetFiles(template))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        return dir;
    }

    [Fact]
    public void PowerCut_AtEveryFlashWriteOfAnUpdate_AlwaysBootsASignedAppAndTheOfferCompletes()
    {
        string template = Template(out var update);

        // The reference run: every flash write from the offer to the confirmed new build.
        long total;
        using (var rig = new OtaRig(CopyOf(template, "reference")))
        {
            long start = rig.Writes;
            rig.Offer(update);
            Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
            total = rig.Writes - start;
        }

        Assert.True(total >= 10, $"only {total} writes in an update");
        int oldBooted = 0;
        int newBooted = 0;
        for (long k = 1; k <= total; k++)
        {
            using var rig = new OtaRig(CopyOf(template, "cut-" + k));
            long start = rig.Writes;
            rig.CutPowerAtWrite(start + k);
            rig.Offer(update);
            rig.RunUntilStatus("done", 30_000);
            Assert.True(rig.Writes >= start + k, $"write {k} of {total} never happened");

            // Power back on: the bootstrapper decides from what is on the flash alone.
            rig.CutPowerAtWrite(0);
            rig.AcceptConnects = false;
            rig.Boot();
            string version = rig.Version;
            Assert.True(version is "1.1.0" or "1.2.0", $"cut at write {k}: booted {version}");
            Assert.True(rig.VerifyBootableSlot() == null, $"cut at write {k}: {rig.VerifyBootableSlot()}");
            if (version == "1.1.0")
            {
                oldBooted++;
            }
            else
            {
                newBooted++;
            }

            // Back online, the same offer finishes the job.
            rig.AcceptConnects = true;
            rig.Run(1000);
            rig.Offer(update);
            Assert.True(rig.RunUntilStatus("done"), $"cut at write {k}: " + rig.Log.All);
            Assert.Equal("1.2.0", rig.Version);
            Assert.False(rig.Record.Trial);
            Assert.Equal(3, rig.Record.Floor);
            Assert.Null(rig.VerifyBootableSlot());
        }

        _output.WriteLine($"{total} writes per update; after a cut {oldBooted} runs booted 1.1.0, {newBooted} booted 1.2.0");
        Assert.True(oldBooted > 0 && newBooted > 0);
    }

    [Fact]
    public void LinkCut_AtEveryBlock_ResumesAndSendsAtMostOneBlockAgain()
    {
        string template = Path.Combine(_root, "empty");
        var bundle = OtaKit.Bundle(_root, "1.1.0", 2);
        int blocks;
        using (var rig = new OtaRig(CopyOf(TemplateEmpty(template), "reference")))
        {
            rig.Offer(bundle);
            Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
            blocks = rig.BlocksServed;
        }

        Assert.True(blocks >= 5);
        for (int j = 1; j < blocks; j++)
        {
            using var rig = new OtaRig(CopyOf(template, "link-" + j));
            rig.DeliverBlocks = false;
            rig.Offer(bundle);
            for (int delivered = 0; delivered < j; delivered++)
            {
                Assert.Equal(1, rig.BlocksInFlight);
                rig.DeliverOneBlock();
            }

            // The next block is on its way when the link drops.
            Assert.Equal(1, rig.BlocksInFlight);
            rig.CutLink();
            rig.DeliverBlocks = true;
            Assert.True(rig.RunUntilStatus("done"), $"cut after block {j}: " + rig.Log.All);

            Assert.Equal("1.1.0", rig.Version);
            Assert.Null(rig.VerifyBootableSlot());
            Assert.True(rig.BytesResent <= OtaLimits.DefaultBlockBytes, $"cut after block {j}: {rig.BytesResent} bytes sent again");
            Assert.Equal(bundle.Manifest.TotalSize + rig.BytesResent, rig.BytesServed);
        }
    }

    private static string TemplateEmpty(string dir)
    {
        Directory.CreateDirectory(dir);
        return dir;
    }
}
