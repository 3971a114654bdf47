using System;
using System.IO;
using System.Linq;
using Endpoint.Core.Ota;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Core.Ota;

public sealed class BootRecordTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "endpoint-bootrecord-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }
    }

    private static BootRecord Sample() => new()
    {
        Active = BootRecord.SlotB,
        Trial = true,
        TrialBoots = 2,
        Previous = BootRecord.SlotA,
        Staging = BootRecord.None,
        Result = BootResult.RolledBack,
        ResultReported = true,
        ActiveBuild = 7,
        PreviousBuild = 6,
        Floor = 6,
        ActiveDigest = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
        PreviousDigest = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray(),
        Reason = "1.2.0 (build 7) did not confirm itself — ünïcode",
    };

    [Fact]
    public void ToBytes_Parse_RoundTripsEveryField()
    {
        var r = BootRecord.Parse(Sample().ToBytes());

        var s = Sample();
        Assert.Equal(s.Active, r.Active);
        Assert.Equal(s.Trial, r.Trial);
        Assert.Equal(s.TrialBoots, r.TrialBoots);
        Assert.Equal(s.Previous, r.Previous);
        Assert.Equal(s.Staging, r.Staging);
        Assert.Equal(s.Result, r.Result);
        Assert.Equal(s.ResultReported, r.ResultReported);
        Assert.Equal(s.ActiveBuild, r.ActiveBuild);
        Assert.Equal(s.PreviousBuild, r.PreviousBuild);
        Assert.Equal(s.Floor, r.Floor);
        Assert.Equal(s.ActiveDigest, r.ActiveDigest);
        Assert.Equal(s.PreviousDigest, r.PreviousDigest);
        Assert.Equal(s.Reason, r.Reason);
    }

    [Fact]
    public void ToBytes_LayoutMatchesTheDocumentedOffsets()
    {
        byte[] b = Sample().ToBytes();

        Assert.Equal(1, b[0]);
        Assert.Equal(BootRecord.SlotB, b[1]);
        Assert.Equal(1, b[2]);
        Assert.Equal(2, b[3]);
        Assert.Equal(BootRecord.SlotA, b[4]);
        Assert.Equal(2, b[6]);
        Assert.Equal(7u, BitConverter.ToUInt32(b, 8));
        Assert.Equal(6u, BitConverter.ToUInt32(b, 16));
        Assert.Equal(0, b[20]);
        Assert.Equal(255, b[52]);
        Assert.Equal(b.Length - 85, b[84]);
    }

    [Fact]
    public void ToBytes_LongReason_CutAtACharacterBoundary()
    {
        var r = Sample();
        r.Reason = new string('x', 199) + "éééé";

        var back = BootRecord.Parse(r.ToBytes());

        Assert.Equal(new string('x', 199), back.Reason);
    }

    [Theory]
    [InlineData(0, 2)]   // format
    [InlineData(1, 3)]   // active slot
    [InlineData(4, 2)]   // previous == active
    [InlineData(5, 2)]   // staging == active
    [InlineData(6, 9)]   // result
    [InlineData(2, 5)]   // trial flag
    [InlineData(84, 3)]  // reason length disagrees with the record length
    public void Parse_InconsistentRecord_Null(int offset, byte value)
    {
        byte[] b = Sample().ToBytes();
        b[offset] = value;

        Assert.Null(BootRecord.Parse(b));
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        var random = new Random(7);
        for (int i = 0; i < 3000; i++)
        {
            byte[] b = new byte[random.Next(0, 300)];
            random.NextBytes(b);
            if (b.Length > 0 && i % 2 == 0)
            {
                b[0] = 1;
            }

            BootRecord.Parse(b);
        }
    }

    [Fact]
    public void Store_DamagedBothGenerations_IsDamagedAndReadsNull()
    {
        var flash = new SimulatedFlash(_dir);
        var store = new BootRecordStore(flash);
        Assert.False(store.IsDamaged());
        store.Write(Sample());
        store.Write(Sample());

        foreach (string name in new[] { "boot.a", "boot.b" })
        {
            byte[] bytes = flash.ReadAll(name);
            bytes[20] ^= 1;
            flash.Write(name, bytes, 0, bytes.Length);
        }

        Assert.Null(store.Read());
        Assert.True(store.IsDamaged());
    }

    [Fact]
    public void Store_LastKnownGood_RoundTrips()
    {
        var store = new BootRecordStore(new SimulatedFlash(_dir));
        store.WriteLastKnownGood(Sample());

        var lkg = new BootRecordStore(new SimulatedFlash(_dir)).ReadLastKnownGood();

        Assert.Equal(BootRecord.SlotB, lkg.Active);
        Assert.Equal(7, lkg.ActiveBuild);
        Assert.Equal(6, lkg.Floor);
        Assert.Equal(Sample().ActiveDigest, lkg.ActiveDigest);
        Assert.False(lkg.Trial);
    }
}
