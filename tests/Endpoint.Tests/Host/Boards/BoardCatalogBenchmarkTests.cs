using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Reflection;
using Endpoint.Core.Boards;
using Endpoint.Core.Json;
using Endpoint.Tests.Support;
using Xunit.Abstractions;

namespace Endpoint.Tests.Host.Boards;

/// <summary>
/// Measures what a device pays to get its board: the generated <see cref="BoardCatalog"/> (a few objects built
/// from literals) against reading the board.json and parsing it with the portable <see cref="JsonReader"/>
/// at boot. Prints heap bytes (host CLR sizes; nanoCLR objects are of the same order) — no assertions on
/// them, only that both paths give the same board.
/// </summary>
public class BoardCatalogBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public void GeneratedCatalog_VersusJsonParse_PrintsHeapBytesPerBoard()
    {
        var files = Repo.ShippedBoards().All.Select(b => (b.Id, Bytes: File.ReadAllBytes(b.Source))).ToList();
        foreach (var (id, bytes) in files)
        {
            // Warm up both paths so JIT and type loading are not counted.
            FromJson(bytes);
            BoardCatalog.Get(id);
        }

        output.WriteLine($"{"board",-20} {"generated",10} {"json parse",11} {"file bytes",11} {"parse+file",11}");
        long totalGenerated = 0, totalParse = 0, totalFile = 0;
        foreach (var (id, bytes) in files)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var generated = BoardCatalog.Get(id);
            long generatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;

            before = GC.GetAllocatedBytesForCurrentThread();
            var parsed = FromJson(bytes);
            long parseBytes = GC.GetAllocatedBytesForCurrentThread() - before;

            before = GC.GetAllocatedBytesForCurrentThread();
            byte[] copy = (byte[])bytes.Clone(); // what reading the file into memory costs
            long fileBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            GC.KeepAlive(copy);

            AssertSame(generated, parsed);
            output.WriteLine($"{id,-20} {generatedBytes,10} {parseBytes,11} {fileBytes,11} {parseBytes + fileBytes,11}");
            totalGenerated += generatedBytes;
            totalParse += parseBytes;
            totalFile += fileBytes;
        }

        output.WriteLine($"{"all boards",-20} {totalGenerated,10} {totalParse,11} {totalFile,11} {totalParse + totalFile,11}");
        int il = typeof(BoardCatalog).GetMethod(nameof(BoardCatalog.Get))!.GetMethodBody()!.GetILAsByteArray()!.Length;
        output.WriteLine($"code size of BoardCatalog.Get: {il} bytes of IL for {files.Count} boards; the board.json files are {files.Sum(f => f.Bytes.Length)} bytes");
    }

    private static void AssertSame(BoardInfo expected, BoardInfo actual)
    {
        Assert.Equal((expected.Id, expected.Name, expected.Soc), (actual.Id, actual.Name, actual.Soc));
        Assert.Equal(expected.PinRoles.Order(), actual.PinRoles.Order());
        Assert.All(expected.PinRoles, r => Assert.Equal((expected.Pin(r), expected.IsActiveLow(r)), (actual.Pin(r), actual.IsActiveLow(r))));
        Assert.Equal(expected.Parts.Length, actual.Parts.Length);
        for (int i = 0; i < expected.Parts.Length; i++)
        {
            var (e, a) = (expected.Parts[i], actual.Parts[i]);
            Assert.Equal((e.Compatible, e.Bus, e.Address), (a.Compatible, a.Bus, a.Address));
            Assert.All(e.PropertyNames, n => Assert.Equal(e.GetProperty(n), a.GetProperty(n)));
        }

        foreach (string c in new[] { "wifi", "ble", "psram", "native_usb" })
        {
            Assert.Equal(expected.Has(c), actual.Has(c));
        }
    }

    /// <summary>
    /// A board.json reader a device could run (nanoFramework dialect: ArrayList, no generics), reading only
    /// what <see cref="BoardInfo"/> holds. Numbers in part properties are kept as their JSON text.
    /// </summary>
    private static BoardInfo FromJson(byte[] data)
    {
        var r = new JsonReader(data, 0, data.Length);
        string id = null, name = null, soc = null;
        var pins = new ArrayList();
        var caps = new ArrayList();
        var parts = new ArrayList();
        r.Read();
        while (r.Read() && r.Token == JsonToken.PropertyName)
        {
            if (r.ValueEquals("id")) { r.Read(); id = r.GetString(); }
            else if (r.ValueEquals("name")) { r.Read(); name = r.GetString(); }
            else if (r.ValueEquals("soc")) { r.Read(); soc = r.GetString(); }
            else if (r.ValueEquals("capabilities"))
            {
                r.Read();
                while (r.Read() && r.Token == JsonToken.String)
                {
                    caps.Add(r.GetString());
                }
            }
            else if (r.ValueEquals("pins"))
            {
                r.Read();
                while (r.Read() && r.Token == JsonToken.PropertyName)
                {
                    string role = r.GetString();
                    int gpio = -1;
                    bool activeLow = false;
                    r.Read();
                    while (r.Read() && r.Token == JsonToken.PropertyName)
                    {
                        if (r.ValueEquals("gpio")) { r.Read(); r.TryGetInt32(out gpio); }
                        else if (r.ValueEquals("active_low")) { r.Read(); activeLow = r.Token == JsonToken.True; }
                        else { r.Read(); r.Skip(); }
                    }

                    pins.Add(new object[] { role, gpio, activeLow });
                }
            }
            else if (r.ValueEquals("parts"))
            {
                r.Read();
                while (r.Read() && r.Token == JsonToken.BeginObject)
                {
                    string compatible = null, bus = null;
                    int address = -1;
                    var properties = new ArrayList();
                    while (r.Read() && r.Token == JsonToken.PropertyName)
                    {
                        string key = r.GetString();
                        r.Read();
                        if (key == "compatible") { compatible = r.GetString(); }
                        else if (key == "bus") { bus = r.GetString(); }
                        else if (key == "address") { address = Convert.ToInt32(r.GetString(), 16); }
                        else { properties.Add(new[] { key, r.Token == JsonToken.String ? r.GetString() : NumberText(r) }); }
                    }

                    parts.Add(new object[] { compatible, bus, address, properties });
                }
            }
            else
            {
                r.Read();
                r.Skip();
            }
        }

        var board = new BoardInfo(id, name, soc);
        foreach (object[] p in pins)
        {
            board.AddPin((string)p[0], (int)p[1], (bool)p[2]);
        }

        foreach (string c in caps)
        {
            board.AddCapability(c);
        }

        foreach (object[] p in parts)
        {
            var part = board.AddPart((string)p[0], (string)p[1], (int)p[2]);
            foreach (string[] kv in (ArrayList)p[3])
            {
                part.SetProperty(kv[0], kv[1]);
            }
        }

        return board;
    }

    private static string NumberText(JsonReader r) => r.TryGetInt32(out int n)
        ? n.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : r.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
