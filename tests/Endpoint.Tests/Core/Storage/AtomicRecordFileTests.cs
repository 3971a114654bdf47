using System;
using System.IO;
using System.Text;
using Endpoint.Core.Storage;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Core.Storage;

public sealed class AtomicRecordFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Read_NothingWritten_ReturnsNull()
    {
        var record = new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg");

        Assert.Null(record.Read());
    }

    [Fact]
    public void Write_ThenRead_RoundTripsInSameAndNewInstance()
    {
        var flash = new SimulatedFlash(_temp.Path);
        var record = new AtomicRecordFile(flash, "cfg");
        byte[] payload = Encoding.UTF8.GetBytes("--hello \u00e9--");

        record.Write(payload, 2, payload.Length - 4);

        Assert.Equal("hello \u00e9", Text(record.Read()));
        Assert.Equal("hello \u00e9", Text(new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg").Read()));
    }

    [Fact]
    public void Write_EmptyPayload_ReadsBackEmptyNotNull()
    {
        var record = new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg");

        record.Write(Array.Empty<byte>(), 0, 0);

        byte[] read = new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg").Read();
        Assert.NotNull(read);
        Assert.Empty(read);
    }

    [Fact]
    public void Write_Successive_AlternatesBetweenGenerations()
    {
        var flash = new SimulatedFlash(_temp.Path);
        var record = new AtomicRecordFile(flash, "cfg");

        Write(record, "v1");
        Assert.True(flash.Exists("cfg.a"));
        Assert.False(flash.Exists("cfg.b"));
        byte[] a1 = flash.ReadAll("cfg.a");

        Write(record, "v2");
        Assert.True(flash.Exists("cfg.b"));
        Assert.Equal(a1, flash.ReadAll("cfg.a")); // the older generation is left alone
        byte[] b2 = flash.ReadAll("cfg.b");

        Write(record, "v3");
        Assert.NotEqual(a1, flash.ReadAll("cfg.a"));
        Assert.Equal(b2, flash.ReadAll("cfg.b"));
        Assert.Equal(3, flash.Writes);
        Assert.Equal("v3", Text(new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg").Read()));
    }

    [Fact]
    public void Write_AfterReopen_ContinuesAlternationFromNewest()
    {
        var record = new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg");
        Write(record, "v1"); // .a
        Write(record, "v2"); // .b

        var flash = new SimulatedFlash(_temp.Path);
        byte[] b = flash.ReadAll("cfg.b");
        var reopened = new AtomicRecordFile(flash, "cfg");
        Write(reopened, "v3"); // must go to .a, keeping v2 as the fallback

        Assert.Equal(b, flash.ReadAll("cfg.b"));
        Assert.Equal("v3", Text(new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg").Read()));
    }

    [Fact]
    public void Read_NewestGenerationCorrupted_FallsBackToOlder()
    {
        var record = new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg");
        Write(record, "old");
        Write(record, "new"); // .b
        Corrupt("cfg.b", 18);

        var reopened = new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg");

        Assert.Equal("old", Text(reopened.Read()));
    }

    [Fact]
    public void Read_NewestGenerationCorrupted_NextWriteReplacesTheCorruptCopy()
    {
        var record = new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg");
        Write(record, "old"); // .a
        Write(record, "new"); // .b
        Corrupt("cfg.b", 18);

        var flash = new SimulatedFlash(_temp.Path);
        byte[] a = flash.ReadAll("cfg.a");
        var reopened = new AtomicRecordFile(flash, "cfg");
        Write(reopened, "newer");

        Assert.Equal(a, flash.ReadAll("cfg.a")); // the only good copy was not overwritten
        Assert.Equal("newer", Text(new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg").Read()));
    }

    [Theory]
    [InlineData(0)] // magic
    [InlineData(5)] // sequence
    [InlineData(9)] // length
    [InlineData(13)] // crc
    [InlineData(16)] // first payload byte
    [InlineData(-1)] // last payload byte
    public void Read_AnyByteOfNewestCorrupted_FallsBackToOlder(int at)
    {
        var record = new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg");
        Write(record, "old");
        Write(record, "new value");
        Corrupt("cfg.b", at);

        Assert.Equal("old", Text(new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg").Read()));
    }

    [Fact]
    public void Read_NewestTruncatedOrExtended_FallsBackToOlder()
    {
        var record = new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg");
        Write(record, "old");
        Write(record, "new value");
        string b = Path.Combine(_temp.Path, "cfg.b");
        byte[] full = File.ReadAllBytes(b);

        foreach (int length in new[] { 0, 3, 15, 16, full.Length - 1 })
        {
            File.WriteAllBytes(b, full.AsSpan(0, length).ToArray());
            Assert.Equal("old", Text(new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg").Read()));
        }

        File.WriteAllBytes(b, [.. full, 0]);
        Assert.Equal("old", Text(new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg").Read()));
    }

    [Fact]
    public void Read_BothGenerationsCorrupted_ReturnsNullAndIsWritableAgain()
    {
        var record = new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg");
        Write(record, "one");
        Write(record, "two");
        Corrupt("cfg.a", 17);
        Corrupt("cfg.b", 17);

        var reopened = new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg");
        Assert.Null(reopened.Read());

        Write(reopened, "three");
        Assert.Equal("three", Text(new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg").Read()));
    }

    [Fact]
    public void Read_OlderGenerationWithHigherSequenceFile_PicksHighestSequence()
    {
        var record = new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg");
        Write(record, "1"); // .a seq 1
        Write(record, "2"); // .b seq 2
        Write(record, "3"); // .a seq 3

        Assert.Equal("3", Text(new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg").Read()));
    }

    [Fact]
    public void Read_ForeignFile_IsIgnored()
    {
        File.WriteAllText(Path.Combine(_temp.Path, "cfg.a"), "this is not a record at all");

        Assert.Null(new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg").Read());
    }

    [Fact]
    public void Delete_AfterWrites_RemovesBothAndStartsOver()
    {
        var flash = new SimulatedFlash(_temp.Path);
        var record = new AtomicRecordFile(flash, "cfg");
        Write(record, "1");
        Write(record, "2");

        record.Delete();

        Assert.Null(record.Read());
        Assert.False(flash.Exists("cfg.a"));
        Assert.False(flash.Exists("cfg.b"));
        Write(record, "fresh");
        Assert.Equal("fresh", Text(new AtomicRecordFile(new SimulatedFlash(_temp.Path), "cfg").Read()));
    }

    [Fact]
    public void Write_TwoRecordNames_DoNotInterfere()
    {
        var flash = new SimulatedFlash(_temp.Path);
        Write(new AtomicRecordFile(flash, "one"), "1");
        Write(new AtomicRecordFile(flash, "two"), "2");

        Assert.Equal("1", Text(new AtomicRecordFile(flash, "one").Read()));
        Assert.Equal("2", Text(new AtomicRecordFile(flash, "two").Read()));
    }

    [Fact]
    public void Write_PowerCutAtEveryWrite_ReadsOldOrNewAndStaysWritable()
    {
        string[] values = { "first", "second value", "", "fourth \u00e9\u20ac", new string('x', 500), "last" };
        int cuts = 0;
        for (int k = 1; k <= values.Length; k++)
        {
            for (int seed = 1; seed <= 4; seed++)
            {
                string root = _temp.Sub($"k{k}s{seed}");
                var flash = new SimulatedFlash(root, seed);
                var record = new AtomicRecordFile(flash, "cfg");
                flash.CutPowerAtWrite(k);
                string committed = null;
                string attempted = null;
                foreach (string value in values)
                {
                    attempted = value;
                    try
                    {
                        Write(record, value);
                    }
                    catch (PowerCutException)
                    {
                        cuts++;
                        break;
                    }

                    committed = value;
                    attempted = null;
                }

                Assert.NotNull(attempted); // every k up to the number of writes cuts one

                // Reboot.
                var rebooted = new AtomicRecordFile(new SimulatedFlash(root, seed), "cfg");
                byte[] read = rebooted.Read();
                string text = read == null ? null : Text(read);
                Assert.True(text == committed || text == attempted, $"k={k} seed={seed}: read '{text}', expected '{committed}' or '{attempted}'");

                Write(rebooted, "after reboot " + k);
                Assert.Equal("after reboot " + k, Text(new AtomicRecordFile(new SimulatedFlash(root), "cfg").Read()));
            }
        }

        Assert.Equal(values.Length * 4, cuts);
    }

    [Fact]
    public void Write_TwoPowerCutsInARow_StillReadsLastGoodRecord()
    {
        for (int first = 1; first <= 4; first++)
        {
            string root = _temp.Sub("c" + first);
            var flash = new SimulatedFlash(root, first);
            var record = new AtomicRecordFile(flash, "cfg");
            flash.CutPowerAtWrite(first);
            string committed = null;
            for (int i = 1; i <= 4; i++)
            {
                try
                {
                    Write(record, "v" + i);
                    committed = "v" + i;
                }
                catch (PowerCutException)
                {
                    break;
                }
            }

            // The first write after the reboot is cut too.
            var flash2 = new SimulatedFlash(root, first + 10);
            var record2 = new AtomicRecordFile(flash2, "cfg");
            string before = record2.Read() is { } r ? Text(r) : null;
            flash2.CutPowerAtWrite(1);
            Assert.Throws<PowerCutException>(() => Write(record2, "doomed"));

            byte[] read = new AtomicRecordFile(new SimulatedFlash(root), "cfg").Read();
            string text = read == null ? null : Text(read);
            Assert.Equal(before, text);
            Assert.True(text == committed || text == "v" + first);
        }
    }

    private static void Write(AtomicRecordFile record, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        record.Write(bytes, 0, bytes.Length);
    }

    private static string Text(byte[] payload) => payload == null ? null : Encoding.UTF8.GetString(payload);

    private void Corrupt(string name, int at)
    {
        string path = Path.Combine(_temp.Path, name);
        byte[] data = File.ReadAllBytes(path);
        int i = at < 0 ? data.Length + at : at;
        data[i] ^= 0x5A;
        File.WriteAllBytes(path, data);
    }
}
