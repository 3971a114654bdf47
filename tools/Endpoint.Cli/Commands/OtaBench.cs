using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;
using Endpoint.Core.Ota;
using Endpoint.Host.Mqtt;
using Endpoint.Host.Ota;
using Endpoint.Host.Simulation;

namespace Endpoint.Cli.Commands;

/// <summary>
/// <c>endpoint bench ota</c>: what an update costs on the wire and how fast it goes, measured through the
/// real protocol — a simulated plug and the publisher over MQTT on loopback TCP (the in-process hub, or
/// any broker with <c>--hub</c>). The link-limited figures come from <c>tools/bench/ota-netns.sh</c>.
/// </summary>
internal static class OtaBench
{
    /// <summary>"~1.5 MB": the size of a full ESP32 firmware image as ESPHome ships one, sent whole on every update.</summary>
    public const long FullImageBytes = 1_500_000;

    // Estimated sizes of the plug's .pe images (nanoFramework metadata processor output of the
    // Endpoint projects); give --app with a real build output to use the real ones.
    private static readonly (string Name, int Size)[] Profile =
    [
        ("Endpoint.Core", 70_000),
        ("Endpoint.Device", 16_000),
        ("Endpoint.Drivers.Relay", 1_800),
        ("Endpoint.Drivers.Button", 3_200),
        ("Endpoint.Drivers.StatusLed", 2_600),
        ("Endpoint.Drivers.Hlw8012", 4_000),
        ("Endpoint.Plug", 6_000),
    ];

    private const string Entry = "Endpoint.Apps.Plug.Program";

    public static int Run(string appDir, string hubUri, int sizeKiB)
    {
        try
        {
            return Measure(appDir, hubUri, sizeKiB);
        }
        catch (Exception ex) when (ex is OtaException or FormatException)
        {
            Console.Error.WriteLine("endpoint bench ota: " + ex.Message);
            return 1;
        }
    }

    private static int Measure(string appDir, string hubUri, int sizeKiB)
    {
        string work = Path.Combine(Path.GetTempPath(), "endpoint-bench-ota-" + Guid.NewGuid().ToString("N")[..8]);
        InProcessHub inProcess = null;
        try
        {
            byte[] seed = RandomNumberGenerator.GetBytes(32);
            byte[] publicKey = OtaKeys.PublicKey(seed);
            MqttConnectOptions broker;
            if (hubUri == null)
            {
                inProcess = new InProcessHub();
                broker = new MqttConnectOptions { Host = "127.0.0.1", Port = inProcess.ListenTcp(0) };
            }
            else
            {
                broker = MqttUri.Parse(hubUri);
            }

            string v1 = appDir ?? WriteProfile(Path.Combine(work, "v1"), "plug 1.1.0");
            string v2 = appDir != null ? ChangeEntryAssembly(appDir, Path.Combine(work, "v2")) : WriteProfile(Path.Combine(work, "v2"), "plug 1.2.0");
            var first = Pack(v1, "1.1.0", 2, seed);
            var update = Pack(v2, "1.2.0", 3, seed);
            string changed = update.Manifest.Assemblies.Where((a, i) => !a.SameContent(first.Manifest.Assemblies.ElementAtOrDefault(i))).Select(a => a.Name).FirstOrDefault() ?? "none";

            Console.WriteLine($"OTA bench: simulated plug and publisher over MQTT on loopback TCP ({(hubUri == null ? "in-process hub" : broker.Host + ":" + broker.Port)})");
            Console.WriteLine($"bundle 1.1.0: {first.Manifest.Assemblies.Length} assemblies, {first.Manifest.TotalSize:N0} bytes of .pe ({(appDir == null ? "estimated sizes of the plug's images" : appDir)}), .epk {first.Data.Length:N0} bytes");
            Console.WriteLine();

            using var publisherClient = Connect(broker, "bench-publisher");
            using (var plug = Device("bench-plug", work, broker, publicKey))
            {
                var a = Publish(publisherClient, first, "bench-plug", 1);
                var b = Publish(publisherClient, update, "bench-plug", 1);
                Console.WriteLine("Bytes sent to the device (MQTT packets above TCP: offer + blocks; upstream: requests, statuses, PUBACKs)");
                Console.WriteLine($"  {"",-44}{"down",12}{"up",10}   vs .epk   vs {FullImageBytes / 1e6:0.0} MB image");
                Row("(a) first install 1.1.0 (nothing on the device)", a, first.Data.Length);
                Row($"(b) update 1.2.0, only {changed} changed", b, update.Data.Length);
                Console.WriteLine($"  (b) is {100.0 * (1 - (double)b.MqttBytesDown / update.Data.Length):0.0} % smaller than the full bundle and {100.0 * (1 - (double)b.MqttBytesDown / FullImageBytes):0.0} % smaller than a full image");
                Console.WriteLine();
            }

            var big = Pack(WriteBig(Path.Combine(work, "big"), sizeKiB * 1024), "2.0.0", 10, seed);
            Console.WriteLine($"Throughput on loopback ({big.Manifest.TotalSize / 1024:N0} KiB bundle, 4 KiB blocks, first block to last block stored and verified)");
            foreach (int window in new[] { 1, 4 })
            {
                using var plug = Device("bench-w" + window, work, broker, publicKey);
                var d = Publish(publisherClient, big, "bench-w" + window, window);
                double seconds = (d.DownloadedAt.Value - d.FirstBlockAt.Value).TotalSeconds;
                Console.WriteLine($"  window {window}: {d.BytesServed / 1024.0 / seconds,8:N0} KiB/s ({d.BlocksServed} blocks in {seconds:0.00} s)");
            }

            Console.WriteLine();
            using (var plug = Device("bench-cut", work, broker, publicKey))
            {
                var (d, cuts) = PublishWithCuts(publisherClient, big, "bench-cut", plug, 9);
                Console.WriteLine($"Link cuts: the device's TCP connection killed {cuts} times during one {big.Manifest.TotalSize / 1024:N0} KiB transfer; it resumed each time");
                Console.WriteLine($"  {d.BytesResent:N0} bytes sent again in all: {(double)d.BytesResent / cuts / OtaLimits.DefaultBlockBytes:0.##} blocks of 4 KiB per cut");
            }

            Console.WriteLine();
            VerifyTiming(first, publicKey);
            return 0;
        }
        finally
        {
            inProcess?.Dispose();
            try
            {
                Directory.Delete(work, true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Row(string what, DeviceUpdate d, long bundleBytes) =>
        Console.WriteLine($"  {what,-44}{d.MqttBytesDown,12:N0}{d.MqttBytesUp,10:N0}   {100.0 * d.MqttBytesDown / bundleBytes,6:0.0} %   {100.0 * d.MqttBytesDown / FullImageBytes,6:0.00} %");

    private static void VerifyTiming(BundleFile bundle, byte[] publicKey)
    {
        for (int i = 0; i < 20; i++)
        {
            bundle.SignatureValid(publicKey);
        }

        var times = new double[200];
        for (int i = 0; i < times.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            if (!bundle.SignatureValid(publicKey))
            {
                throw new InvalidOperationException("signature check failed");
            }

            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(times);
        Console.WriteLine($"Ed25519 verification of the manifest ({bundle.ManifestLength:N0} bytes) on this host, portable code: median {times[100]:0} µs, p90 {times[180]:0} µs over {times.Length} runs");
    }

    private static BundleFile Pack(string dir, string version, int build, byte[] seed) =>
        BundleFile.Parse(BundlePacker.Pack(new PackOptions
        {
            AppDir = dir,
            Version = version,
            Build = build,
            Boards = ["esp32-devkitc"],
            Soc = "esp32",
            Entry = Directory.GetFiles(dir, "*.dll").Length > 0 ? null : Entry,
            AppId = "plug",
            Seed = seed,
        }).Bundle);

    private static string WriteProfile(string dir, string appContent)
    {
        foreach (var (name, size) in Profile)
        {
            WritePe(dir, name, size, name == "Endpoint.Plug" ? appContent : name);
        }

        return dir;
    }

    // Assemblies of 512 KiB (the manifest allows 1 MiB each), the app last.
    private static string WriteBig(string dir, int bytes)
    {
        const int part = 512 * 1024;
        int parts = (bytes + part - 1) / part;
        for (int i = 0; i < parts; i++)
        {
            int size = Math.Min(part, bytes - (i * part));
            WritePe(dir, i == parts - 1 ? "Endpoint.Plug" : "Endpoint.Library" + i, size, "big " + i);
        }

        return dir;
    }

    // A real build output with the entry assembly's code changed: what a one-line app fix ships.
    private static string ChangeEntryAssembly(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string f in Directory.GetFiles(from))
        {
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }

        string entry = Directory.GetFiles(to, "*.pe").Select(NanoAssembly.Load).FirstOrDefault(a => a.EntryType != null)?.PePath
            ?? Directory.GetFiles(to, "Endpoint.Plug.pe").FirstOrDefault()
            ?? throw new OtaException("cannot tell which assembly is the app's: no .dll with an entry point and no Endpoint.Plug.pe");
        byte[] image = File.ReadAllBytes(entry);
        image[^1] ^= 0xFF;
        File.WriteAllBytes(entry, image);
        return to;
    }

    private static void WritePe(string dir, string name, int size, string content)
    {
        Directory.CreateDirectory(dir);
        byte[] image = new byte[size];
        "NFMRK2"u8.CopyTo(image);
        BitConverter.GetBytes((ushort)1).CopyTo(image, 24);
        new Random(content.GetHashCode(StringComparison.Ordinal) ^ size).NextBytes(image.AsSpan(32));
        File.WriteAllBytes(Path.Combine(dir, name + ".pe"), image);
    }

    private static EndpointRunner Device(string id, string work, MqttConnectOptions broker, byte[] publicKey) =>
        new(reason => new SimulatedEndpointOptions
        {
            App = "plug",
            Id = id,
            Board = Boards.Shipped().Get("esp32-devkitc").ToBoardInfo(),
            StateDir = Path.Combine(work, id),
            Transport = new MqttClient(),
            Hub = new MqttConnectOptions { Host = broker.Host, Port = broker.Port, Username = broker.Username, Password = broker.Password, UseTls = broker.UseTls, CaCertificatePem = broker.CaCertificatePem },
            HubOptions = new HubOptions { TelemetryIntervalMs = 3_600_000 },
            ResetReason = reason,
            OtaPublicKey = publicKey,
            Ota = new OtaOptions { RebootDelayMs = 100 },
        }, id);

    private static MqttClient Connect(MqttConnectOptions broker, string clientId)
    {
        var client = new MqttClient();
        var options = new MqttConnectOptions { Host = broker.Host, Port = broker.Port, Username = broker.Username, Password = broker.Password, UseTls = broker.UseTls, CaCertificatePem = broker.CaCertificatePem, ClientId = clientId, KeepAliveSeconds = 30 };
        var result = client.ConnectAsync(options).GetAwaiter().GetResult();
        if (!result.IsConnected)
        {
            throw new IOException($"cannot connect to {broker.Host}:{broker.Port}: {result.Detail}");
        }

        return client;
    }

    private static DeviceUpdate Publish(MqttClient client, BundleFile bundle, string id, int window)
    {
        var publisher = new OtaPublisher(client, bundle, [id], new PublisherOptions { Window = window });
        publisher.StartAsync().GetAwaiter().GetResult();
        bool ok = publisher.WaitAsync(TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        var d = publisher.Devices.Single();
        if (!ok)
        {
            throw new IOException($"{id}: the update did not complete: {d.Error}");
        }

        return d;
    }

    // Kills the device's TCP connection each time another tenth of the bundle has been served.
    private static (DeviceUpdate Update, int Cuts) PublishWithCuts(MqttClient client, BundleFile bundle, string id, EndpointRunner plug, int cuts)
    {
        var publisher = new OtaPublisher(client, bundle, [id]);
        publisher.StartAsync().GetAwaiter().GetResult();
        int done = 0;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (done < cuts && DateTime.UtcNow < deadline && !publisher.AllFinished)
        {
            var d = publisher.Devices.Single();
            if (d.BytesServed >= (long)bundle.Manifest.TotalSize * (done + 1) / (cuts + 1) && plug.Current?.Runtime.Hub.State == HubState.Online)
            {
                (plug.Current?.Options.Transport as MqttClient)?.Kill();
                done++;
            }

            Thread.Sleep(1);
        }

        if (!publisher.WaitAsync(TimeSpan.FromMinutes(5)).GetAwaiter().GetResult())
        {
            throw new IOException($"{id}: the update did not complete after the cuts: {publisher.Devices.Single().Error}");
        }

        return (publisher.Devices.Single(), done);
    }
}
