using System;
using System.Text;
using Endpoint.Core.Storage;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Core.Storage;

namespace Endpoint.Tests.Host.Simulation;

/// <summary>Flash in memory must behave exactly as flash in a folder, power cuts included.</summary>
public sealed class SimulatedFlashTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void MemoryFlash_SameOperationsAsFolder_SameFilesAndContents()
    {
        var memory = new MemoryFlash();
        var inMemory = new SimulatedFlash(memory);
        var inFolder = new SimulatedFlash(_temp.Path);
        var random = new Random(7);
        string[] names = ["a", "b.a", "b.b", "settings.a"];
        for (int i = 0; i < 400; i++)
        {
            string name = names[random.Next(names.Length)];
            byte[] data = new byte[random.Next(0, 40)];
            random.NextBytes(data);
            int offset = data.Length == 0 ? 0 : random.Next(data.Length);
            int count = random.Next(data.Length - offset + 1);
            switch (random.Next(3))
            {
                case 0:
                    inMemory.Write(name, data, offset, count);
                    inFolder.Write(name, data, offset, count);
                    break;
                case 1:
                    inMemory.Append(name, data, offset, count);
                    inFolder.Append(name, data, offset, count);
                    break;
                default:
                    inMemory.Delete(name);
                    inFolder.Delete(name);
                    break;
            }

            Assert.Equal(inFolder.List(""), inMemory.List(""));
            foreach (string n in names)
            {
                Assert.Equal(inFolder.Length(n), inMemory.Length(n));
                Assert.Equal(inFolder.ReadAll(n), inMemory.ReadAll(n));
            }
        }

        Assert.Equal(inFolder.Writes, inMemory.Writes);
        var reopened = new SimulatedFlash(memory);
        foreach (string n in inFolder.List(""))
        {
            Assert.Equal(inFolder.ReadAll(n), reopened.ReadAll(n));
            if (inFolder.Length(n) > 3)
            {
                var a = new byte[5];
                var b = new byte[5];
                Assert.Equal(inFolder.ReadAt(n, 2, a, 1, 4), reopened.ReadAt(n, 2, b, 1, 4));
                Assert.Equal(a, b);
            }
        }
    }

    [Fact]
    public void MemoryFlash_ReadAllResult_IsACopy()
    {
        var flash = new SimulatedFlash(new MemoryFlash());
        flash.Write("f", [1, 2, 3], 0, 3);
        byte[] read = flash.ReadAll("f");
        read[0] = 9;
        Assert.Equal(new byte[] { 1, 2, 3 }, flash.ReadAll("f"));
    }

    [Fact]
    public void MemoryFlash_PowerCutAtEverySettingsWrite_RebootReadsOldOrNewValue()
    {
        for (int k = 1; k <= 3; k++)
        {
            var memory = new MemoryFlash();
            var settings = new KeyValueStore(new SimulatedFlash(memory, seed: k), "settings");
            settings.Set("relay", "0");
            var flash = new SimulatedFlash(memory, seed: k);
            var store = new KeyValueStore(flash, "settings");
            flash.CutPowerAtWrite(1);
            Assert.Throws<PowerCutException>(() => store.Set("relay", "1"));
            Assert.True(flash.PowerIsCut);
            Assert.Throws<PowerCutException>(() => flash.ReadAll("settings.a"));

            string after = new KeyValueStore(new SimulatedFlash(memory, seed: k), "settings").Get("relay");
            Assert.Contains(after, new[] { "0", "1" });
        }
    }

    [Fact]
    public void BadName_Rejected_InBothMedia()
    {
        foreach (var flash in new[] { new SimulatedFlash(new MemoryFlash()), new SimulatedFlash(_temp.Path) })
        {
            Assert.Throws<ArgumentException>(() => flash.Write("a/b", Encoding.UTF8.GetBytes("x"), 0, 1));
            Assert.Throws<ArgumentException>(() => flash.Exists(".."));
            Assert.Empty(flash.List(""));
        }
    }
}
