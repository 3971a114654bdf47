using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Endpoint.Core.Net;
using Endpoint.Core.Ota;
using Endpoint.Host.Ota;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Ota;

/// <summary>
/// Delivery over HTTP (Ota/README.md, "Delivery over HTTP"): the offer names a URL and the device fetches the
/// assemblies it lacks as range requests through the <see cref="IHttpRangeFetcher"/> seam, here a
/// <see cref="FakeRangeFetcher"/> on the rig's manual clock.
/// </summary>
public sealed class OtaComponentHttpTests : IDisposable
{
    private const string Url = "http://files.test/plug.epk";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "endpoint-ota-http-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }
    }

    private BundleFile Bundle(string version, int build) => OtaKit.Bundle(_root, version, build);

    private static string State(JsonElement status) => status.GetProperty("state").GetString();

    private static string Error(OtaRig rig) => rig.LastStatus.GetProperty("error").GetString();

    /// <summary>A device running 1.1.0 from a slot, installed over HTTP.</summary>
    private OtaRig Installed()
    {
        var rig = new OtaRig();
        rig.OfferUrl(Bundle("1.1.0", 2), Url);
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        rig.Http.Requests.Clear();
        return rig;
    }

    private static int MqttRequests(OtaRig rig) => rig.Transport.Published.Count(p => p.Topic.EndsWith("/ota/request", StringComparison.Ordinal));

    [Fact]
    public void OfferWithUrl_FirstInstall_FetchesEveryAssemblyByContiguousRangesAndConfirms()
    {
        using var rig = new OtaRig();
        var bundle = Bundle("1.1.0", 2);

        rig.OfferUrl(bundle, Url);
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);

        Assert.Equal("1.1.0", rig.Version);
        Assert.Null(rig.VerifyBootableSlot());
        Assert.Equal(0, MqttRequests(rig));
        Assert.All(rig.Http.Requests, r => Assert.Equal(Url, r.Url));
        Assert.All(rig.Http.Requests, r => Assert.InRange(r.Last - r.First + 1, 1, 4096));

        // The requests cover exactly the assembly bytes of the .epk, in order, each once.
        int at = bundle.AssemblyOffset(0);
        foreach (var r in rig.Http.Requests)
        {
            Assert.Equal(at, r.First);
            at = r.Last + 1;
        }

        Assert.Equal(bundle.Data.Length, at);
    }

    [Fact]
    public void OfferWithUrl_UpdateChangingOnlyTheApp_FetchesOnlyThatAssembly()
    {
        using var rig = Installed();
        var update = Bundle("1.2.0", 3);
        int plug = Array.FindIndex(update.Manifest.Assemblies, a => a.Name == "Endpoint.Plug");

        rig.OfferUrl(update, Url);
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);

        Assert.Equal("1.2.0", rig.Version);
        Assert.Equal(update.Manifest.Assemblies[plug].Size, rig.Http.BytesAsked);
        Assert.All(rig.Http.Requests, r => Assert.InRange(r.First, update.AssemblyOffset(plug), update.AssemblyOffset(plug) + update.Manifest.Assemblies[plug].Size - 1));
    }

    [Fact]
    public void OfferWithUrl_BlockSizeOfTheOffer_SetsTheRangeLength()
    {
        using var rig = new OtaRig();
        rig.OfferUrl(Bundle("1.1.0", 2), Url, blockSize: 1024);
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);

        Assert.Equal(1024, rig.Http.Requests.Max(r => r.Last - r.First + 1));
    }

    [Fact]
    public void PowerCut_AtEveryFlashWriteOfAnHttpDownload_BootsASignedAppAndResumesFromItsProgress()
    {
        var bundle = Bundle("1.1.0", 2);
        long total;
        long asked;
        using (var reference = new OtaRig(Path.Combine(_root, "reference")))
        {
            long start = reference.Writes;
            reference.OfferUrl(bundle, Url);
            Assert.True(reference.RunUntilStatus("done"), reference.Log.All);
            total = reference.Writes - start;
            asked = reference.Http.BytesAsked;
        }

        Assert.Equal(bundle.Data.Length - bundle.AssemblyOffset(0), asked);
        for (long k = 1; k <= total; k++)
        {
            using var rig = new OtaRig(Path.Combine(_root, "cut-" + k));
            long start = rig.Writes;
            rig.CutPowerAtWrite(start + k);
            rig.OfferUrl(bundle, Url);
            rig.RunUntilStatus("done", 30_000);
            Assert.True(rig.Writes >= start + k, $"write {k} of {total} never happened");

            // Power back: the retained offer (with its URL) comes with the subscription; the download goes on from
            // what the flash holds, so at most the block being written when the power went is fetched again.
            rig.CutPowerAtWrite(0);
            rig.Boot();
            Assert.True(rig.RunUntilStatus("done"), $"cut at write {k}: " + rig.Log.All);
            Assert.True(rig.Version == "1.1.0", $"cut at write {k}: runs {rig.Version}; " + string.Join(" | ", rig.Statuses) + rig.Log.All);
            Assert.Null(rig.VerifyBootableSlot());
            Assert.True(rig.Http.BytesAsked - asked <= 4096, $"cut at write {k}: {rig.Http.BytesAsked - asked} bytes fetched again");
        }
    }

    [Fact]
    public void ServerIgnoringRanges_200_StopsWithTheReasonWritesNothingAndANewOfferResumes()
    {
        using var rig = Installed();
        var update = Bundle("1.2.0", 3);
        rig.Http.Answer = (_, _, _) => new HttpRangeResponse(200, null, update.Data.AsSpan(0, 4097).ToArray());

        rig.OfferUrl(update, Url);
        Assert.True(rig.RunUntilStatus("failed"), rig.Log.All);

        Assert.Contains("ignores byte ranges", Error(rig));
        Assert.Single(rig.Http.Requests); // not asked again: it cannot help
        Assert.False(rig.Device.Runtime.Awake.IsHeld);
        Assert.Equal("1.1.0", rig.Version);
        int plug = Array.FindIndex(update.Manifest.Assemblies, a => a.Name == "Endpoint.Plug");
        Assert.Equal(0, rig.Device.Ota.Installer.Stored(plug));

        // A server that does ranges: the same offer resumes.
        rig.Http.Answer = null;
        rig.OfferUrl(update, Url);
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        Assert.Equal("1.2.0", rig.Version);
    }

    [Theory]
    [InlineData(416, "bytes */100", "416")]
    [InlineData(404, null, "answered 404 instead of 206")]
    [InlineData(302, null, "redirects (302)")]
    public void ServerRefusing_StopsAtOnceWithTheReason(int status, string contentRange, string reason)
    {
        using var rig = Installed();
        rig.Http.Answer = (_, _, _) => FakeRangeFetcher.Status(status, contentRange, "nope");

        rig.OfferUrl(Bundle("1.2.0", 3), Url);
        Assert.True(rig.RunUntilStatus("failed"), rig.Log.All);

        Assert.Contains(reason, Error(rig));
        Assert.Single(rig.Http.Requests);
        Assert.Equal("1.1.0", rig.Version);
    }

    [Theory]
    [InlineData("bytes 0-9/100", "sent bytes 0-9")]
    [InlineData("bytes 1-2-3", "is not 'bytes first-last/size'")]
    [InlineData(null, "is not 'bytes first-last/size'")]
    public void WrongContentRange_StopsWithTheReasonAndStoresNothing(string contentRange, string reason)
    {
        using var rig = Installed();
        var update = Bundle("1.2.0", 3);
        rig.Http.Answer = (_, first, last) => new HttpRangeResponse(206, contentRange, update.Data.AsSpan(first, last - first + 1).ToArray());

        rig.OfferUrl(update, Url);
        Assert.True(rig.RunUntilStatus("failed"), rig.Log.All);

        Assert.Contains(reason, Error(rig));
        int plug = Array.FindIndex(update.Manifest.Assemblies, a => a.Name == "Endpoint.Plug");
        Assert.Equal(0, rig.Device.Ota.Installer.Stored(plug));
    }

    [Fact]
    public void ContentRangeOfAnotherFileSize_StopsAsWrongFile()
    {
        using var rig = Installed();
        var update = Bundle("1.2.0", 3);
        rig.Http.Answer = (_, first, last) => new HttpRangeResponse(206, $"bytes {first}-{last}/{update.Data.Length + 1}", update.Data.AsSpan(first, last - first + 1).ToArray());

        rig.OfferUrl(update, Url);
        Assert.True(rig.RunUntilStatus("failed"), rig.Log.All);

        Assert.Contains("wrong file", Error(rig));
    }

    [Fact]
    public void ShortBodies_AskedAgainWithGrowingBackoffThenCompletes()
    {
        using var rig = Installed();
        var update = Bundle("1.2.0", 3);
        var askedAt = new System.Collections.Generic.List<long>();
        rig.Http.Answer = (i, first, last) =>
        {
            askedAt.Add(rig.Clock.UptimeMs);
            var full = FakeRangeFetcher.Serve(update.Data, first, last);
            return i < 4 ? new HttpRangeResponse(206, full.ContentRange, full.Body.AsSpan(0, full.Body.Length / 2).ToArray()) : full;
        };

        rig.OfferUrl(update, Url);
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);

        Assert.Equal("1.2.0", rig.Version);
        Assert.Equal(rig.Http.Requests[0].First, rig.Http.Requests[4].First); // the same block until it came whole
        var gaps = Enumerable.Range(1, 4).Select(i => askedAt[i] - askedAt[i - 1]).ToArray();
        Assert.True(gaps[3] > gaps[0], "backoff did not grow: " + string.Join(", ", gaps));
        Assert.Contains("short body", rig.Log.All);
    }

    [Fact]
    public void ServerErrorsForever_RetriedUntilTheStallTimeoutThenFailed()
    {
        using var rig = Installed();
        rig.Http.Answer = (_, _, _) => FakeRangeFetcher.Status(503);

        rig.OfferUrl(Bundle("1.2.0", 3), Url);
        Assert.True(rig.RunUntilStatus("failed", 200_000), rig.Log.All);

        Assert.Contains("no block from the bundle URL for 60 s", Error(rig));
        Assert.InRange(rig.Http.Requests.Count, 3, 60);
        Assert.False(rig.Device.Runtime.Awake.IsHeld);
        Assert.Equal("1.1.0", rig.Version);
    }

    [Fact]
    public void NoAnswerFromTheAdapter_TheWatchdogAsksAgain()
    {
        using var rig = Installed();
        rig.Http.Hold = true;

        rig.OfferUrl(Bundle("1.2.0", 3), Url);
        rig.Run(rig.Options.RequestTimeoutMs * 2 - 100);
        Assert.Single(rig.Http.Requests);
        rig.Run(5_000);

        Assert.True(rig.Http.Requests.Count >= 2);
        Assert.Equal(rig.Http.Requests[0].First, rig.Http.Requests[1].First);

        // The first answer turning up late is ignored (superseded); the download completes.
        rig.Http.Hold = false;
        rig.Http.Release();
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);
        Assert.Equal("1.2.0", rig.Version);
    }

    [Fact]
    public void TamperedBytesFromTheServer_FetchedTwiceThenRefusedByTheHashAndTheSlotCleared()
    {
        using var rig = Installed();
        var good = Bundle("1.2.0", 3);
        byte[] data = (byte[])good.Data.Clone();
        int plug = Array.FindIndex(good.Manifest.Assemblies, a => a.Name == "Endpoint.Plug");
        data[good.AssemblyOffset(plug) + 100] ^= 0x01;

        rig.Http.Answer = (_, first, last) => FakeRangeFetcher.Serve(data, first, last); // other bytes than the manifest names
        rig.OfferUrl(good, Url);
        Assert.True(rig.RunUntilStatus("failed"), rig.Log.All);

        Assert.Contains("Endpoint.Plug does not match its SHA-256", Error(rig));
        Assert.Equal(2 * good.Manifest.Assemblies[plug].Size, rig.Http.BytesAsked);
        Assert.Equal("1.1.0", rig.Version);
        Assert.Equal(BootRecord.None, rig.Record.Staging);
        Assert.Empty(new SimulatedFlash(rig.StateDir).List("slot-b."));
    }

    [Fact]
    public void LinkCutWhileAFetchIsOut_ResumesFromWhatIsStoredAfterTheReconnect()
    {
        using var rig = Installed();
        var update = Bundle("1.2.0", 3);
        rig.Http.Hold = true;
        rig.OfferUrl(update, Url);
        Assert.Single(rig.Http.Requests);

        rig.CutLink();
        rig.Http.Release(); // the answer of the fetch made before the cut: superseded, not stored
        rig.Http.Hold = false;
        Assert.True(rig.RunUntilStatus("done"), rig.Log.All);

        Assert.Equal("1.2.0", rig.Version);
    }

    [Theory]
    [InlineData("ftp://files.test/plug.epk", "must start with http:// or https://")]
    [InlineData("http://files.test/plug.epk?sig=1", "query")]
    [InlineData("http://files.test/a b.epk", "printable ASCII")]
    [InlineData("http://user:pw@files.test/plug.epk", "credentials")]
    [InlineData("http:///plug.epk", "no host")]
    [InlineData("http://files.test:99999/plug.epk", "bad port")]
    [InlineData("http://[::1]/plug.epk", "IPv4")]
    [InlineData("", "empty")]
    public void OfferWithBadUrl_RefusedWithTheReasonAndNothingWritten(string url, string reason)
    {
        using var rig = Installed();
        long writes = rig.Writes;
        var bundle = Bundle("1.2.0", 3);
        var json = new Endpoint.Core.Json.JsonWriter(new Endpoint.Core.Text.ByteBuffer(OtaLimits.MaxOfferBytes));
        new OtaOffer(bundle.ManifestBytes, bundle.Signature, 4096, 1, url).Write(json);

        rig.Deliver("cmd/ota", json.Buffer.ToArray());
        rig.Run(1000);

        Assert.Equal("refused", State(rig.LastStatus));
        Assert.Contains(reason, Error(rig));
        Assert.Contains(reason, rig.Results.Last().GetProperty("error").GetString());
        Assert.Equal(writes, rig.Writes);
        Assert.Empty(rig.Http.Requests);
        Assert.False(rig.Device.Runtime.Awake.IsHeld);
    }

    [Fact]
    public void OfferWithTooLongUrl_Refused()
    {
        using var rig = Installed();
        var bundle = Bundle("1.2.0", 3);
        string url = "http://files.test/" + new string('a', OtaLimits.MaxUrlChars);
        var json = new Endpoint.Core.Json.JsonWriter(new Endpoint.Core.Text.ByteBuffer(OtaLimits.MaxOfferBytes));
        new OtaOffer(bundle.ManifestBytes, bundle.Signature, 4096, 1, url).Write(json);

        rig.Deliver("cmd/ota", json.Buffer.ToArray());

        Assert.Contains("more than the 512 allowed", Error(rig));
    }

    [Fact]
    public void OfferWithUrlButTamperedManifest_RefusedBySignatureBeforeAnyFetch()
    {
        using var rig = Installed();
        var bundle = Bundle("1.2.0", 3);
        byte[] manifest = OtaKit.EditManifest(bundle, "\"build\":3", "\"build\":9");
        var json = new Endpoint.Core.Json.JsonWriter(new Endpoint.Core.Text.ByteBuffer(OtaLimits.MaxOfferBytes));
        new OtaOffer(manifest, bundle.Signature, 4096, 1, Url).Write(json);

        rig.Deliver("cmd/ota", json.Buffer.ToArray());

        Assert.Equal("refused", State(rig.LastStatus));
        Assert.Contains("signature", Error(rig));
        Assert.Empty(rig.Http.Requests);
    }
}
