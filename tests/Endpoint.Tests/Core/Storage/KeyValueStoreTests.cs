using System;
using System.Collections.Generic;
using System.IO;
using Endpoint.Core.Storage;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Core.Storage;

public sealed class KeyValueStoreTests : IDisposable
{
    private const string Name = "settings";

    private static readonly string[] AllKeys = { "ssid", "pass", "host", "port", "tls", "name", "blob" };

    // A provisioning-like history: single sets, atomic groups, removals, a no-op, non-ASCII and a long value.
    private static readonly Op[] Scenario =
    {
        Op.Set("ssid", "home"),
        Op.Set("pass", "s3cret"),
        Op.Set("ssid", "office"),
        Op.Many(("host", "broker.local"), ("port", "1883"), ("tls", null)),
        Op.Set("ssid", "office"), // unchanged: no write
        Op.Remove("pass"),
        Op.Set("name", "K\u00fcche \U0001F50C"),
        Op.Many(("host", "10.0.0.2"), ("port", "8883"), ("tls", "1"), ("pass", "n\u00e9w")),
        Op.Set("blob", new string('z', 700)),
        Op.Many(("ssid", null), ("name", "")),
        Op.Set("ssid", "last"),
    };

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Get_EmptyStore_ReturnsNullOrFallback()
    {
        var store = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);

        Assert.Null(store.Get("missing"));
        Assert.Equal("dflt", store.Get("missing", "dflt"));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Set_ThenReopen_RoundTripsValues()
    {
        var store = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);
        store.Set("ssid", "home");
        store.Set("name", "K\u00fcche \U0001F50C");
        store.Set("empty", "");
        store.Set("long", new string('q', 2000));
        store.Set("ssid", "office");

        var reopened = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);

        Assert.Equal(4, reopened.Count);
        Assert.Equal("office", reopened.Get("ssid"));
        Assert.Equal("K\u00fcche \U0001F50C", reopened.Get("name"));
        Assert.Equal("", reopened.Get("empty"));
        Assert.Equal("", reopened.Get("empty", "fallback")); // empty is a value, not absence
        Assert.Equal(new string('q', 2000), reopened.Get("long"));
    }

    [Fact]
    public void Set_Null_RemovesTheKey()
    {
        var store = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);
        store.Set("a", "1");
        store.Set("b", "2");

        store.Set("a", null);

        Assert.Null(store.Get("a"));
        var reopened = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);
        Assert.Null(reopened.Get("a"));
        Assert.Equal("2", reopened.Get("b"));
        Assert.Equal(1, reopened.Count);
    }

    [Fact]
    public void Remove_ExistingKey_IsPersisted()
    {
        var store = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);
        store.Set("a", "1");
        store.Set("b", "2");

        store.Remove("b");

        var reopened = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);
        Assert.Equal("1", reopened.Get("a"));
        Assert.Null(reopened.Get("b"));
    }

    [Fact]
    public void SetMany_Values_AreAllStoredAndNullsRemoved()
    {
        var store = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);
        store.Set("tls", "1");

        store.SetMany(new[] { "host", "port", "tls" }, new[] { "broker", "1883", null });

        var reopened = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);
        Assert.Equal("broker", reopened.Get("host"));
        Assert.Equal("1883", reopened.Get("port"));
        Assert.Null(reopened.Get("tls"));
        Assert.Equal(2, reopened.Count);
    }

    [Fact]
    public void Set_Successive_AlternatesGenerations()
    {
        var flash = new SimulatedFlash(_temp.Path);
        var store = new KeyValueStore(flash, Name);

        store.Set("a", "1");
        Assert.True(flash.Exists(Name + ".a"));
        Assert.False(flash.Exists(Name + ".b"));
        store.Set("a", "2");
        Assert.True(flash.Exists(Name + ".b"));
    }

    [Fact]
    public void Open_NewestGenerationCorrupted_FallsBackToOlderValues()
    {
        var store = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);
        store.SetMany(new[] { "ssid", "pass" }, new[] { "home", "pw1" }); // .a
        store.SetMany(new[] { "ssid", "pass" }, new[] { "office", "pw2" }); // .b
        Corrupt(Name + ".b");

        var reopened = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);

        Assert.Equal("home", reopened.Get("ssid"));
        Assert.Equal("pw1", reopened.Get("pass"));
    }

    [Fact]
    public void Open_BothGenerationsCorrupted_IsEmptyAndWritable()
    {
        var store = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);
        store.Set("a", "1");
        store.Set("a", "2");
        Corrupt(Name + ".a");
        Corrupt(Name + ".b");

        var reopened = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);
        Assert.Equal(0, reopened.Count);
        Assert.Null(reopened.Get("a"));

        reopened.Set("a", "3");
        Assert.Equal("3", new KeyValueStore(new SimulatedFlash(_temp.Path), Name).Get("a"));
    }

    [Fact]
    public void Set_UnchangedValue_DoesNotWrite()
    {
        var flash = new SimulatedFlash(_temp.Path);
        var store = new KeyValueStore(flash, Name);
        store.Set("a", "1");
        store.Set("b", "2");
        int writes = flash.Writes;

        store.Set("a", "1");
        store.Set("b", new string('2', 1)); // equal content, different instance
        store.Remove("missing");
        store.Set("missing", null);

        Assert.Equal(writes, flash.Writes);
    }

    [Fact]
    public void SetMany_UnchangedValues_DoesNotWrite()
    {
        var flash = new SimulatedFlash(_temp.Path);
        var store = new KeyValueStore(flash, Name);
        store.SetMany(new[] { "host", "port" }, new[] { "broker", "1883" });
        int writes = flash.Writes;

        store.SetMany(new[] { "host", "port", "tls" }, new[] { "broker", "1883", null });

        Assert.Equal(writes, flash.Writes);

        store.SetMany(new[] { "host", "port" }, new[] { "broker", "8883" });
        Assert.Equal(writes + 1, flash.Writes);
    }

    [Fact]
    public void Set_ChangedValue_WritesOnce()
    {
        var flash = new SimulatedFlash(_temp.Path);
        var store = new KeyValueStore(flash, Name);

        store.Set("a", "1");
        store.Set("a", "2");
        store.Remove("a");

        Assert.Equal(3, flash.Writes);
    }

    [Fact]
    public void Set_WriteFails_InMemoryValueStaysOld()
    {
        var flash = new SimulatedFlash(_temp.Path);
        var store = new KeyValueStore(flash, Name);
        store.Set("a", "old");
        flash.CutPowerAtWrite(1);

        Assert.Throws<PowerCutException>(() => store.Set("a", "new"));

        Assert.Equal("old", store.Get("a"));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Set_NewKeyWriteFails_KeyStaysAbsent()
    {
        var flash = new SimulatedFlash(_temp.Path);
        var store = new KeyValueStore(flash, Name);
        store.Set("a", "1");
        flash.CutPowerAtWrite(1);

        Assert.Throws<PowerCutException>(() => store.Set("b", "2"));

        Assert.Null(store.Get("b"));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Remove_WriteFails_KeyStaysPresent()
    {
        var flash = new SimulatedFlash(_temp.Path);
        var store = new KeyValueStore(flash, Name);
        store.Set("a", "1");
        flash.CutPowerAtWrite(1);

        Assert.Throws<PowerCutException>(() => store.Remove("a"));

        Assert.Equal("1", store.Get("a"));
    }

    [Fact]
    public void SetMany_WriteFails_AllInMemoryValuesStayOld()
    {
        var flash = new SimulatedFlash(_temp.Path);
        var store = new KeyValueStore(flash, Name);
        store.SetMany(new[] { "host", "tls" }, new[] { "old", "1" });
        flash.CutPowerAtWrite(1);

        Assert.Throws<PowerCutException>(() => store.SetMany(new[] { "host", "port", "tls" }, new[] { "new", "1883", null }));

        Assert.Equal("old", store.Get("host"));
        Assert.Null(store.Get("port"));
        Assert.Equal("1", store.Get("tls"));
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void SetMany_DuplicateKeyWriteFails_RestoresTheOriginalValue()
    {
        var flash = new SimulatedFlash(_temp.Path);
        var store = new KeyValueStore(flash, Name);
        store.Set("a", "orig");
        flash.CutPowerAtWrite(1);

        Assert.Throws<PowerCutException>(() => store.SetMany(new[] { "a", "a" }, new[] { "x", "y" }));

        Assert.Equal("orig", store.Get("a"));
    }

    [Fact]
    public void Open_RecordWithBadLayout_KeepsWhatParsed()
    {
        // A valid record (good CRC) whose payload ends in the middle of an entry.
        var flash = new SimulatedFlash(_temp.Path);
        var record = new AtomicRecordFile(flash, Name);
        byte[] payload = { 0, 1, (byte)'k', 0, 1, (byte)'v', 0, 5, (byte)'x' };
        record.Write(payload, 0, payload.Length);

        var store = new KeyValueStore(new SimulatedFlash(_temp.Path), Name);

        Assert.Equal("v", store.Get("k"));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Set_PowerCutAtEveryWrite_EachKeyReadsOldOrNewAndStoreStaysWritable()
    {
        int totalWrites = CountScenarioWrites();
        Assert.True(totalWrites >= 9, "the scenario should write at least once per changing step");

        for (int k = 1; k <= totalWrites; k++)
        {
            for (int seed = 1; seed <= 3; seed++)
            {
                string root = _temp.Sub($"k{k}s{seed}");
                var flash = new SimulatedFlash(root, seed);
                var store = new KeyValueStore(flash, Name);
                flash.CutPowerAtWrite(k);
                var committed = new Dictionary<string, string>();
                Dictionary<string, string> attempted = null;
                foreach (Op op in Scenario)
                {
                    var next = op.ApplyTo(committed);
                    try
                    {
                        op.ApplyTo(store);
                    }
                    catch (PowerCutException)
                    {
                        attempted = next;
                        break;
                    }

                    committed = next;
                }

                Assert.True(attempted != null, $"k={k}: the power cut should have hit a write");
                Assert.Equal(Format(committed), Format(Snapshot(store))); // memory holds what flash held before the cut

                // Reboot over the same folder: all keys old, or all keys new.
                var rebooted = new KeyValueStore(new SimulatedFlash(root, seed), Name);
                string after = Format(Snapshot(rebooted));
                Assert.True(
                    after == Format(committed) || after == Format(attempted),
                    $"k={k} seed={seed}: read {after}\nexpected {Format(committed)}\n      or {Format(attempted)}");

                // Writable again, and the write survives another reboot.
                var expected = Snapshot(rebooted);
                rebooted.Set("probe", "k" + k);
                expected["probe"] = "k" + k;
                var again = new KeyValueStore(new SimulatedFlash(root), Name);
                Assert.Equal(Format(expected), Format(Snapshot(again, "probe")));
            }
        }
    }

    [Fact]
    public void Set_PowerCutAgainRightAfterReboot_KeepsTheSameValues()
    {
        int totalWrites = CountScenarioWrites();
        for (int k = 1; k <= totalWrites; k++)
        {
            string root = _temp.Sub("k" + k);
            var flash = new SimulatedFlash(root, k);
            var store = new KeyValueStore(flash, Name);
            flash.CutPowerAtWrite(k);
            RunUntilCut(store);

            var flash2 = new SimulatedFlash(root, k + 100);
            var rebooted = new KeyValueStore(flash2, Name);
            string before = Format(Snapshot(rebooted));
            flash2.CutPowerAtWrite(1);
            Assert.Throws<PowerCutException>(() => rebooted.Set("ssid", "doomed"));

            var third = new KeyValueStore(new SimulatedFlash(root), Name);
            Assert.Equal(before, Format(Snapshot(third)));
        }
    }

    private static int CountScenarioWrites()
    {
        using var temp = new TempFolder();
        var flash = new SimulatedFlash(temp.Path);
        var store = new KeyValueStore(flash, Name);
        foreach (Op op in Scenario)
        {
            op.ApplyTo(store);
        }

        return flash.Writes;
    }

    private static void RunUntilCut(KeyValueStore store)
    {
        foreach (Op op in Scenario)
        {
            try
            {
                op.ApplyTo(store);
            }
            catch (PowerCutException)
            {
                return;
            }
        }

        Assert.Fail("the power cut should have hit a write");
    }

    private static Dictionary<string, string> Snapshot(KeyValueStore store, params string[] extraKeys)
    {
        var snapshot = new Dictionary<string, string>();
        foreach (string key in AllKeys)
        {
            string value = store.Get(key);
            if (value != null)
            {
                snapshot[key] = value;
            }
        }

        foreach (string key in extraKeys)
        {
            string value = store.Get(key);
            if (value != null)
            {
                snapshot[key] = value;
            }
        }

        Assert.Equal(snapshot.Count, store.Count); // no unexpected keys (garbage) either
        return snapshot;
    }

    private static string Format(Dictionary<string, string> values)
    {
        var keys = new List<string>(values.Keys);
        keys.Sort(StringComparer.Ordinal);
        var parts = new List<string>();
        foreach (string key in keys)
        {
            string v = values[key];
            parts.Add(key + "=" + (v.Length > 20 ? v.Substring(0, 10) + "…(" + v.Length + ")" : v));
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    private void Corrupt(string name)
    {
        string path = Path.Combine(_temp.Path, name);
        byte[] data = File.ReadAllBytes(path);
        data[data.Length - 1] ^= 0xFF;
        File.WriteAllBytes(path, data);
    }

    private sealed class Op
    {
        private (string Key, string Value)[] _pairs;
        private bool _many;

        public static Op Set(string key, string value) => new() { _pairs = new[] { (key, value) } };

        public static Op Remove(string key) => new() { _pairs = new[] { (key, (string)null) } };

        public static Op Many(params (string Key, string Value)[] pairs) => new() { _pairs = pairs, _many = true };

        public void ApplyTo(KeyValueStore store)
        {
            if (_many)
            {
                var keys = new string[_pairs.Length];
                var values = new string[_pairs.Length];
                for (int i = 0; i < _pairs.Length; i++)
                {
                    keys[i] = _pairs[i].Key;
                    values[i] = _pairs[i].Value;
                }

                store.SetMany(keys, values);
            }
            else if (_pairs[0].Value == null)
            {
                store.Remove(_pairs[0].Key);
            }
            else
            {
                store.Set(_pairs[0].Key, _pairs[0].Value);
            }
        }

        public Dictionary<string, string> ApplyTo(Dictionary<string, string> model)
        {
            var next = new Dictionary<string, string>(model);
            foreach (var (key, value) in _pairs)
            {
                if (value == null)
                {
                    next.Remove(key);
                }
                else
                {
                    next[key] = value;
                }
            }

            return next;
        }
    }
}
