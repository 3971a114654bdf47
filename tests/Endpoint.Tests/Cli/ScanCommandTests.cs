using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Endpoint.Cli.CommandLine;
using Endpoint.Cli.Commands;
using Endpoint.Core.Ble;
using Endpoint.Host.Ble;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

public sealed class ScanCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "endpoint-scan-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }
    }

    private static AirDatagram Datagram(string hex, string address = "54:48:E6:8F:80:A5") => new()
    {
        Address = address,
        Rssi = -61,
        Time = DateTimeOffset.FromUnixTimeMilliseconds(1700000000123),
        Data = Convert.FromHexString(hex.Replace(" ", "")),
    };

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData(" 3s ", 3_000)]
    public void ParseDuration_Valid(string text, long ms)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ms), ScanCommand.ParseDuration(text));
    }

    [Theory]
    [InlineData("", "not a duration")]
    [InlineData("10", "has no unit")]
    [InlineData("s", "not a duration")]
    [InlineData("-1s", "not a duration")]
    [InlineData("1.5s", "unknown unit '.5s'")]
    [InlineData("10x", "unknown unit 'x'")]
    [InlineData("0s", "more than 0")]
    [InlineData("8d", "unknown unit 'd'")]
    [InlineData("999999999999999999h", "at most 7 days")]
    [InlineData("99999999999999999999s", "not a duration")]
    public void ParseDuration_Invalid_OneLineReason(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => ScanCommand.ParseDuration(text));
        Assert.Contains(reason, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData(new[] { "--for", "soon" }, "endpoint scan: --for: 'soon' is not a duration")]
    [InlineData(new[] { "--for" }, "endpoint scan: --for needs a value")]
    [InlineData(new[] { "--key", "0011" }, "--key must be 32 hex digits")]
    [InlineData(new[] { "--key", "zz1d39c1d7cc1ab1aee224cd096db932" }, "--key must be 32 hex digits")]
    [InlineData(new[] { "now" }, "unexpected argument 'now'")]
    [InlineData(new[] { "--loud" }, "unknown option '--loud'")]
    public void Run_BadArguments_UsageError(string[] args, string message)
    {
        var ex = Assert.Throws<UsageException>(() => ScanCommand.Run(args));
        Assert.Contains(message, ex.Message);
        Assert.DoesNotContain("zz1d39c1", ex.Message); // a key is never echoed
    }

    [Fact]
    public void ToJson_PlugAdvertisement_AllFieldsDecoded()
    {
        var ad = ScannedAdvertisement.Decode(Datagram("020106 0709706C75672D31 0816D2FC4000111001"), new BthomeDecoder());

        using var doc = JsonDocument.Parse(ScanCommand.ToJson(ad));
        var root = doc.RootElement;
        Assert.Equal("54:48:E6:8F:80:A5", root.GetProperty("address").GetString());
        Assert.Equal("plug-1", root.GetProperty("name").GetString());
        Assert.Equal(-61, root.GetProperty("rssi").GetInt32());
        Assert.Equal("0201060709706c75672d310816d2fc4000111001", root.GetProperty("data").GetString());
        Assert.Equal("2023-11-14T22:13:20.123Z", root.GetProperty("time").GetString());
        var bthome = root.GetProperty("bthome");
        Assert.Equal(2, bthome.GetProperty("version").GetInt32());
        Assert.False(bthome.GetProperty("encrypted").GetBoolean());
        Assert.False(bthome.GetProperty("trigger").GetBoolean());
        Assert.Equal(0x11, bthome.GetProperty("packet_id").GetInt32());
        var reading = Assert.Single(bthome.GetProperty("readings").EnumerateArray());
        Assert.Equal("power", reading.GetProperty("type").GetString());
        Assert.True(reading.GetProperty("value").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("improv").ValueKind);
    }

    [Fact]
    public void ToJson_EncryptedSpecificationExample_DecryptedWithKeyOtherwiseCounterOnly()
    {
        var datagram = Datagram("020106 1216D2FC41A47266C95F730011223378237214");
        var keyed = new BthomeDecoder();
        keyed.SetBindKey(Convert.FromHexString("231d39c1d7cc1ab1aee224cd096db932"));

        using var withKey = JsonDocument.Parse(ScanCommand.ToJson(ScannedAdvertisement.Decode(datagram, keyed)));
        using var withoutKey = JsonDocument.Parse(ScanCommand.ToJson(ScannedAdvertisement.Decode(datagram, new BthomeDecoder())));

        var readings = withKey.RootElement.GetProperty("bthome").GetProperty("readings").EnumerateArray().ToList();
        Assert.Equal("temperature", readings[0].GetProperty("type").GetString());
        Assert.Equal(25.06, readings[0].GetProperty("value").GetDouble());
        Assert.Equal("°C", readings[0].GetProperty("unit").GetString());
        Assert.Equal(50.55, readings[1].GetProperty("value").GetDouble());
        var locked = withoutKey.RootElement.GetProperty("bthome");
        Assert.True(locked.GetProperty("encrypted").GetBoolean());
        Assert.Equal(0x33221100u, locked.GetProperty("counter").GetUInt32());
        Assert.Empty(locked.GetProperty("readings").EnumerateArray());
        Assert.Contains("no bind key", locked.GetProperty("error").GetString());
    }

    [Fact]
    public void ToJson_ImprovServiceData_StateAndCapabilities()
    {
        var ad = ScannedAdvertisement.Decode(Datagram("020106 1107 00802678742763467222286268774600 0916 7746 0201 00000000"), new BthomeDecoder());
        using var doc = JsonDocument.Parse(ScanCommand.ToJson(ad));
        var improv = doc.RootElement.GetProperty("improv");
        Assert.Equal("authorized", improv.GetProperty("state").GetString());
        Assert.Equal(1, improv.GetProperty("capabilities").GetInt32());
        Assert.True(ad.ImprovService);
        Assert.Contains("Improv authorized, identify", ScanCommand.ToLine(ad));
    }

    [Fact]
    public void ToJson_EventsAndDimmer_Named()
    {
        var ad = ScannedAdvertisement.Decode(Datagram("020106 0B16D2FC44 0003 3A04 3C0203"), new BthomeDecoder());
        using var doc = JsonDocument.Parse(ScanCommand.ToJson(ad));
        var bthome = doc.RootElement.GetProperty("bthome");
        Assert.True(bthome.GetProperty("trigger").GetBoolean());
        var r = bthome.GetProperty("readings").EnumerateArray().ToList();
        Assert.Equal("long_press", r[0].GetProperty("event").GetString());
        Assert.Equal("rotate_right", r[1].GetProperty("event").GetString());
        Assert.Equal(3, r[1].GetProperty("steps").GetInt32());
    }

    [Fact]
    public void ToLine_Readable()
    {
        var ad = ScannedAdvertisement.Decode(Datagram("020106 0709706C75672D31 0E16D2FC40 0007 02D708 03BF13 1001"), new BthomeDecoder());
        string line = ScanCommand.ToLine(ad);
        Assert.Contains("54:48:E6:8F:80:A5", line);
        Assert.Contains("-61 dBm", line);
        Assert.Contains("plug-1", line);
        Assert.Contains("BTHome v2 #7: temperature 22.63 °C, humidity 50.55 %, power on", line);
    }

    [Fact]
    public void ToJson_MalformedAdvertisingOrBthome_ErrorsReportedNotThrown()
    {
        var truncatedAd = ScannedAdvertisement.Decode(Datagram("020106 0A16D2FC40"), new BthomeDecoder());
        var badBthome = ScannedAdvertisement.Decode(Datagram("020106 0516D2FC4002"), new BthomeDecoder());

        using var a = JsonDocument.Parse(ScanCommand.ToJson(truncatedAd));
        using var b = JsonDocument.Parse(ScanCommand.ToJson(badBthome));
        Assert.Contains("claims 10 bytes", a.RootElement.GetProperty("error").GetString());
        Assert.Contains("temperature object 0x02", b.RootElement.GetProperty("bthome").GetProperty("error").GetString());
    }

    [Fact]
    public void ToJson_RandomAdvertisingData_AlwaysValidJson()
    {
        var random = new Random(99);
        var decoder = new BthomeDecoder();
        for (int i = 0; i < 3000; i++)
        {
            var data = new byte[random.Next(0, 32)];
            random.NextBytes(data);
            if (data.Length > 6 && random.Next(2) == 0)
            {
                // a plausible BTHome service data header, so the BTHome decoder is exercised too
                data[0] = (byte)(data.Length - 1);
                data[1] = 0x16;
                data[2] = 0xD2;
                data[3] = 0xFC;
                data[4] = (byte)(0x40 | (data[4] & 0x05));
            }

            var datagram = new AirDatagram { Address = "C0:00:00:00:00:01", Rssi = -70, Time = DateTimeOffset.UtcNow, Data = data };
            var ad = ScannedAdvertisement.Decode(datagram, decoder);
            using var doc = JsonDocument.Parse(ScanCommand.ToJson(ad));
            Assert.NotNull(ScanCommand.ToLine(ad));
        }
    }

    [Fact]
    public void Listen_DeviceTakingTurnsBetweenBthomeAndImprov_OneLinePerKindUntilOneChanges()
    {
        using var listener = new AirListener(_dir);
        using var air = new BleAir(_dir, intervalMs: 20);
        var radio = new SimulatedBleRadio("C0:11:22:33:44:77", air);
        byte[] bthome = Convert.FromHexString("0201060709706C75672D310816D2FC4000011000");
        byte[] improv = new byte[31];
        ImprovServiceData.WriteAdvertisement(0x01, 0x03, improv, 0);
        var output = new StringWriter();
        using var stop = new System.Threading.ManualResetEventSlim(false);

        var scanner = System.Threading.Tasks.Task.Run(() => ScanCommand.Listen(listener, new BthomeDecoder(), false, TimeSpan.FromSeconds(1.5), stop, output));
        for (int turn = 0; turn < 8; turn++)
        {
            byte[] data = turn % 2 == 0 ? bthome : improv;
            radio.Advertise(data, 0, data.Length);
            System.Threading.Thread.Sleep(60);
        }

        ImprovServiceData.WriteAdvertisement(0x02, 0x03, improv, 0); // the state changes: a new line
        radio.Advertise(improv, 0, improv.Length);
        Assert.True(scanner.Wait(5000));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("BTHome v2 #1: power off", lines[0]);
        Assert.Contains("Improv authorization required", lines[1]);
        Assert.Contains("Improv authorized", lines[2]);
        radio.Detach();
    }

    [Fact]
    public void ScanAndSim_SeparateProcesses_PlugAdvertisementHeardAndFollowsTheRelay()
    {
        string id = "plug-scan" + Random.Shared.Next(1000, 9999);
        using (AirEnvironment.Use(_dir))
        {
            using var sim = new SimProcess("sim", "plug", "--id", id, "--hub-port", "0", "--state-dir", Path.Combine(_dir, "state"));
            sim.WaitForLine(l => l.Contains("BTHome v2 as"), 30000);
            using var scan = new SimProcess("scan", "--json", "--for", "20s");

            var before = WaitForPlug(scan, id, power: false);
            sim.Type("b");
            var after = WaitForPlug(scan, id, power: true);

            Assert.Equal(before.GetProperty("address").GetString(), after.GetProperty("address").GetString());
            Assert.NotEqual(before.GetProperty("bthome").GetProperty("packet_id").GetInt32(), after.GetProperty("bthome").GetProperty("packet_id").GetInt32());
            Assert.InRange(after.GetProperty("rssi").GetInt32(), -83, -37);

            // The advertisement itself is valid BTHome v2 by the core decoders too.
            byte[] raw = Convert.FromHexString(after.GetProperty("data").GetString());
            var info = new AdvertisementInfo();
            Assert.True(AdvertisementDecoder.Decode(raw, 0, raw.Length, info), info.Error);
            Assert.Equal(AdType.GeneralDiscoverableNoBrEdr, info.Flags);
            Assert.Equal(id, info.Name);

            sim.Type("q");
            Assert.Equal(0, sim.WaitForExit());
            scan.Interrupt();
            Assert.Equal(0, scan.WaitForExit());
        }
    }

    private static JsonElement WaitForPlug(SimProcess scan, string id, bool power)
    {
        string line = scan.WaitForLine(l =>
        {
            if (!l.StartsWith('{') || !l.Contains($"\"name\":\"{id}\""))
            {
                return false;
            }

            using var doc = JsonDocument.Parse(l);
            var readings = doc.RootElement.GetProperty("bthome").GetProperty("readings");
            return readings.EnumerateArray().Any(r => r.GetProperty("type").GetString() == "power" && r.GetProperty("value").GetBoolean() == power);
        }, 20000);
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    [Fact]
    public void Scan_AirFolderFromEnvironmentIsAFile_OneLineExit1()
    {
        string file = Path.Combine(Path.GetTempPath(), "endpoint-air-file-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "not a folder");
        try
        {
            CliRun.Result result;
            using (AirEnvironment.Use(file))
            {
                result = CliRun.Run(30_000, "scan", "--for", "1s");
            }

            Assert.Equal(1, result.Exit);
            string line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"endpoint: the simulated BLE air folder '{file}' (from $ENDPOINT_AIR) cannot be used: ", line);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
