using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Cli.CommandLine;
using Endpoint.Core.Hub;
using Endpoint.Core.Ota;
using Endpoint.Core.Runtime;
using Endpoint.Host.Mqtt;
using Endpoint.Host.Ota;

namespace Endpoint.Cli.Commands;

/// <summary><c>endpoint ota</c>: signing keys, bundles, and over-the-air updates through the hub.</summary>
public static class OtaCommand
{
    public const string Help = """
        usage: endpoint ota <command> [options]

        Over-the-air updates (firmware/Endpoint.Core/Ota/README.md).

          keygen --out DIR          new signing key: DIR/ota.key (private, mode 0600) and DIR/ota.pub
                                    (give ota.pub to devices: 'endpoint sim … --ota-key DIR/ota.pub')
          pack --app DIR --version X.Y.Z --build N --board BOARD [--board BOARD …] --key FILE --out FILE.epk
                                    sign the .pe files of DIR (a nanoFramework build output) into a bundle;
                                    --app-id ID, --entry TYPE and --min-boot N when they cannot be derived
          stage FILE.epk --key FILE --out DIR [--port PORT]
                                    first install by cable: the files a device's I:\endpoint holds with the
                                    bundle installed in slot a, and DIR/nanoff-deploy.json to copy them
                                    ('nanoff deploy file DIR/nanoff-deploy.json')
          inspect FILE.epk [--key FILE]
                                    show a bundle's manifest; check its hashes and, with a key, its signature
          publish --hub URI --device ID [--device ID …] FILE.epk
                                    offer the bundle to devices, serve their block requests and follow each
                                    to its new version; exits 0 only when every device runs it
                  [--ca FILE] [--timeout S] (default 900) [--block-size N] (4096) [--window N] (1)
                  [--url URL]       the devices fetch the assemblies from URL (the .epk served with byte
                                    ranges: a file server, a CDN, 'endpoint ota serve') instead of over MQTT
          serve FILE.epk [--port N] (default 8080)
                                    serve a bundle on 127.0.0.1 with byte ranges, for 'publish --url'
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.WriteLine(Help);
            return args.Length == 0 ? 2 : 0;
        }

        string[] rest = args[1..];
        return args[0] switch
        {
            "keygen" => Keygen(rest),
            "pack" => Pack(rest),
            "inspect" => Inspect(rest),
            "stage" => Stage(rest),
            "publish" => Publish(rest),
            "serve" => Serve(rest),
            _ => throw new UsageException($"endpoint ota: unknown command '{args[0]}'; see 'endpoint ota --help'"),
        };
    }

    private static int Keygen(string[] args)
    {
        var a = ParsedArgs.Parse("endpoint ota keygen", args, new OptionSpec("out"), new OptionSpec("help", TakesValue: false));
        if (a.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        a.AtMostPositionals(0);
        string folder = a.Get("out") ?? throw new UsageException("endpoint ota keygen: --out DIR is required");
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"endpoint ota keygen: --out {folder}: cannot create the folder ({ex.Message})");
        }

        byte[] seed = OtaKeys.NewSeed();
        var (keyPath, pubPath) = OtaKeys.WriteNew(folder, seed);

        Console.WriteLine($"private key  {keyPath}   keep it secret: whoever has it can update your devices");
        Console.WriteLine($"public key   {pubPath}   give it to devices (key {TrustedKey.Fingerprint(OtaKeys.PublicKey(seed))}…)");
        return 0;
    }

    private static int Pack(string[] args)
    {
        const string cmd = "endpoint ota pack";
        var a = ParsedArgs.Parse(cmd, args,
            new OptionSpec("app"), new OptionSpec("version"), new OptionSpec("build"), new OptionSpec("board", Repeatable: true),
            new OptionSpec("key"), new OptionSpec("out"), new OptionSpec("app-id"), new OptionSpec("entry"), new OptionSpec("min-boot"),
            new OptionSpec("help", TakesValue: false));
        if (a.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        a.AtMostPositionals(0);
        string appDir = Required(a, cmd, "app", "DIR");
        string version = Required(a, cmd, "version", "X.Y.Z");
        if (!OtaText.IsSemanticVersion(version))
        {
            throw new UsageException($"{cmd}: --version '{version}' is not a semantic version (MAJOR.MINOR.PATCH)");
        }

        Required(a, cmd, "build", "N");
        int build = a.GetInt("build", 0, 1, int.MaxValue);
        if (a.GetAll("board").Count == 0)
        {
            throw new UsageException($"{cmd}: --board BOARD is required (see 'endpoint board list')");
        }

        string keyPath = Required(a, cmd, "key", "FILE");
        string outPath = Required(a, cmd, "out", "FILE.epk");
        var boards = new List<string>();
        string soc = null;
        foreach (string id in a.GetAll("board"))
        {
            Endpoint.Host.Boards.BoardFile board;
            try
            {
                board = Boards.Shipped().Get(id);
            }
            catch (KeyNotFoundException ex)
            {
                throw new UsageException($"{cmd}: {ex.Message}");
            }

            if (soc != null && board.Soc != soc)
            {
                throw new UsageException($"{cmd}: boards of one bundle must share a SoC: {boards[0]} is an {soc}, {id} an {board.Soc}");
            }

            soc = board.Soc;
            if (!boards.Contains(id))
            {
                boards.Add(id);
            }
        }

        if (!Directory.Exists(appDir))
        {
            throw new UsageException($"{cmd}: --app: no such folder '{appDir}'");
        }

        if (!File.Exists(keyPath))
        {
            throw new UsageException($"{cmd}: --key: no such file '{keyPath}'");
        }

        if (a.Get("app-id") != null && !OtaText.IsLowerId(a.Get("app-id"), 32))
        {
            throw new UsageException($"{cmd}: --app-id '{a.Get("app-id")}' is not 1-32 characters a-z, 0-9, '-' or '_'");
        }

        if (a.Get("entry") != null && !OtaText.IsTypeName(a.Get("entry")))
        {
            throw new UsageException($"{cmd}: --entry '{a.Get("entry")}' is not a type name");
        }

        if (string.Equals(Path.GetExtension(keyPath), ".pub", StringComparison.OrdinalIgnoreCase))
        {
            // ota.pub is 64 hex digits, a form ReadSeed also takes for a seed: signing with it would
            // succeed and make a bundle every device refuses.
            throw new UsageException($"{cmd}: --key {keyPath} is a public key; bundles are signed with the private key (ota.key from 'endpoint ota keygen')");
        }

        byte[] seed;
        try
        {
            seed = OtaKeys.ReadSeed(keyPath);
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"{cmd}: {ex.Message}");
            return 1;
        }

        if (OtaKeys.IsReadableByOthers(keyPath))
        {
            Console.Error.WriteLine($"{cmd}: warning: {keyPath} can be read by other users (chmod 600 it)");
        }

        PackResult result;
        try
        {
            result = BundlePacker.Pack(new PackOptions
            {
                AppDir = appDir,
                Version = version,
                Build = build,
                Boards = boards.ToArray(),
                Soc = soc,
                AppId = a.Get("app-id"),
                Entry = a.Get("entry"),
                MinBoot = a.GetInt("min-boot", BootPlatform.Version, 1, 65535),
                Seed = seed,
            });
        }
        catch (Exception ex) when (ex is OtaException or FormatException)
        {
            Console.Error.WriteLine($"{cmd}: {ex.Message}");
            return 1;
        }

        try
        {
            File.WriteAllBytes(outPath, result.Bundle);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{cmd}: --out {outPath}: cannot write it ({ex.Message})");
        }

        var m = result.Manifest;
        Console.WriteLine($"packed {m.App} {m.Version} (build {m.Build}) for {m.BoardList()}: {m.Assemblies.Length} assemblies, {m.TotalSize:N0} bytes -> {outPath} ({result.Bundle.Length:N0} bytes)");
        Console.WriteLine($"  load order: {string.Join(", ", m.Assemblies.Select(x => x.Name))}; entry {m.Entry}");
        if (result.Skipped.Count > 0)
        {
            Console.WriteLine($"  left out (deployed with Endpoint.Boot): {string.Join(", ", result.Skipped)}");
        }

        foreach (string note in result.Notes)
        {
            Console.WriteLine("  note: " + note);
        }

        return 0;
    }

    private static int Inspect(string[] args)
    {
        const string cmd = "endpoint ota inspect";
        var a = ParsedArgs.Parse(cmd, args, new OptionSpec("key"), new OptionSpec("help", TakesValue: false));
        if (a.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        string path = a.Positional(0, "the bundle file");
        a.AtMostPositionals(1);
        if (!File.Exists(path))
        {
            throw new UsageException($"{cmd}: no such file '{path}'");
        }

        byte[] key = null;
        if (a.Get("key") != null)
        {
            key = ReadPublicKey(cmd, a.Get("key"));
        }

        BundleFile bundle;
        try
        {
            bundle = BundleFile.Load(path);
        }
        catch (OtaException ex)
        {
            Console.Error.WriteLine($"{cmd}: {path}: {ex.Message}");
            return 1;
        }

        var m = bundle.Manifest;
        var mismatches = bundle.HashMismatches();
        bool? signatureOk = key == null ? null : bundle.SignatureValid(key);
        Console.WriteLine($"bundle     {path} ({bundle.Data.Length:N0} bytes), id {bundle.BundleIdHex}");
        Console.WriteLine($"app        {m.App} {m.Version}, build {m.Build}");
        Console.WriteLine($"boards     {m.BoardList()} ({m.Soc})");
        Console.WriteLine($"entry      {m.Entry}");
        Console.WriteLine($"needs      Endpoint.Boot {m.MinBoot} or newer");
        Console.WriteLine("signature  " + signatureOk switch
        {
            null => "not checked (give --key ota.pub)",
            true => $"valid (key {TrustedKey.Fingerprint(key)}…)",
            false => $"INVALID for key {TrustedKey.Fingerprint(key)}… (tampered manifest or another key)",
        });
        Console.WriteLine("assemblies (load order):");
        int width = Math.Max(4, m.Assemblies.Max(x => x.Name.Length));
        for (int i = 0; i < m.Assemblies.Length; i++)
        {
            var x = m.Assemblies[i];
            string check = mismatches.Contains(x.Name) ? "SHA-256 MISMATCH" : "ok";
            Console.WriteLine($"  {i,2}  {x.Name.PadRight(width)}  {x.Version,-15} {x.Size,10:N0}  {Hex.Encode(x.Sha256)[..16]}…  {check}");
        }

        Console.WriteLine($"total      {m.TotalSize:N0} bytes of assemblies (nanoFramework keeps Assembly.Load images in RAM)");
        if (mismatches.Count > 0 || signatureOk == false)
        {
            Console.Error.WriteLine($"{cmd}: {path} is damaged: " + (signatureOk == false ? "the signature does not verify" : "assemblies do not match the manifest: " + string.Join(", ", mismatches)));
            return 1;
        }

        return 0;
    }

    private static int Stage(string[] args)
    {
        const string cmd = "endpoint ota stage";
        var a = ParsedArgs.Parse(cmd, args, new OptionSpec("key"), new OptionSpec("out"), new OptionSpec("port"), new OptionSpec("help", TakesValue: false));
        if (a.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        string path = a.Positional(0, "the bundle file");
        a.AtMostPositionals(1);
        byte[] key = ReadPublicKey(cmd, Required(a, cmd, "key", "FILE"));
        string folder = Required(a, cmd, "out", "DIR");
        if (!File.Exists(path))
        {
            throw new UsageException($"{cmd}: no such file '{path}'");
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{cmd}: --out {folder}: cannot create the folder ({ex.Message})");
        }

        try
        {
            var bundle = BundleFile.Load(path);
            var files = SlotStager.Stage(bundle, key, folder, serialPort: a.Get("port"));
            Console.WriteLine($"staged {bundle.Manifest.App} {bundle.Manifest.Version} (build {bundle.Manifest.Build}) in slot a: {files.Count} files in {folder}");
            Console.WriteLine($"copy them to the board (with Endpoint.Boot deployed): nanoff deploy file {Path.Combine(folder, SlotStager.DeploymentFile)}");
            return 0;
        }
        catch (OtaException ex)
        {
            Console.Error.WriteLine($"{cmd}: {path}: {ex.Message}");
            return 1;
        }
    }

    private static int Publish(string[] args)
    {
        const string cmd = "endpoint ota publish";
        var a = ParsedArgs.Parse(cmd, args,
            new OptionSpec("hub"), new OptionSpec("device", Repeatable: true), new OptionSpec("ca"), new OptionSpec("timeout"),
            new OptionSpec("block-size"), new OptionSpec("window"), new OptionSpec("url"), new OptionSpec("help", TakesValue: false));
        if (a.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        string path = a.Positional(0, "the bundle file");
        a.AtMostPositionals(1);
        Required(a, cmd, "hub", "URI");
        var devices = a.GetAll("device").ToList();
        if (devices.Count == 0)
        {
            throw new UsageException($"{cmd}: --device ID is required (repeat it for several devices)");
        }

        foreach (string id in devices.Where(id => !DeviceIdentity.IsValidId(id)))
        {
            throw new UsageException($"{cmd}: invalid --device '{id}': use {DeviceIdentity.IdRule}");
        }

        MqttConnectOptions hub = HubArguments.Parse(a, required: true);
        int timeout = a.GetInt("timeout", 900, 1, 86400);
        var options = new PublisherOptions
        {
            BlockSize = a.GetInt("block-size", OtaLimits.DefaultBlockBytes, OtaLimits.MinBlockBytes, OtaLimits.MaxBlockBytes),
            Window = a.GetInt("window", 1, 1, OtaLimits.MaxWindow),
            Url = a.Get("url"),
        };
        if (options.Url != null && OtaUrl.Problem(options.Url) is { } urlProblem)
        {
            throw new UsageException($"{cmd}: --url: {urlProblem.Replace("offer field 'url'", "the URL")}");
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"{cmd}: no such file '{path}'");
        }

        BundleFile bundle;
        try
        {
            bundle = BundleFile.Load(path);
        }
        catch (OtaException ex)
        {
            Console.Error.WriteLine($"{cmd}: {path}: {ex.Message}");
            return 1;
        }

        // Every device would refuse it after the whole transfer (it checks each assembly's SHA-256): say so now.
        var mismatches = bundle.HashMismatches();
        if (mismatches.Count > 0)
        {
            Console.Error.WriteLine($"{cmd}: {path} is damaged: assemblies do not match the manifest: {string.Join(", ", mismatches)}; nothing offered");
            return 1;
        }

        if (options.Url != null)
        {
            // Ask the URL for the bundle's last block the way a device will: a wrong file or a server without ranges
            // is one line here, not a failure on every device.
            using var http = new Endpoint.Host.Net.HttpRangeFetcher();
            string problem = BundleUrlCheck.ProblemAsync(http, options.Url, bundle).GetAwaiter().GetResult();
            if (problem != null)
            {
                Console.Error.WriteLine($"{cmd}: --url {options.Url}: {problem}; nothing offered");
                return 1;
            }
        }

        return PublishAsync(cmd, hub, bundle, devices, options, TimeSpan.FromSeconds(timeout)).GetAwaiter().GetResult();
    }

    private static int Serve(string[] args)
    {
        const string cmd = "endpoint ota serve";
        var a = ParsedArgs.Parse(cmd, args, new OptionSpec("port"), new OptionSpec("help", TakesValue: false));
        if (a.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        string path = a.Positional(0, "the bundle file");
        a.AtMostPositionals(1);
        int port = a.GetInt("port", 8080, 0, 65535);
        if (!File.Exists(path))
        {
            throw new UsageException($"{cmd}: no such file '{path}'");
        }

        BundleFile bundle;
        try
        {
            bundle = BundleFile.Load(path);
        }
        catch (OtaException ex)
        {
            Console.Error.WriteLine($"{cmd}: {path}: {ex.Message}");
            return 1;
        }

        BundleHttpServer server;
        try
        {
            server = new BundleHttpServer(bundle.Data, port);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            Console.Error.WriteLine($"{cmd}: cannot listen on 127.0.0.1:{port}: {ex.Message}");
            return 1;
        }

        using (server)
        {
            var m = bundle.Manifest;
            Console.WriteLine($"serving {m.App} {m.Version} (build {m.Build}, bundle {bundle.BundleIdHex}, {bundle.Data.Length:N0} bytes) at {server.UrlFor(Path.GetFileName(path))}");
            Console.Out.Flush();
            using var stop = new ManualResetEventSlim();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Set();
            };
            Console.CancelKeyPress += onCancel;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Set();
            stop.Wait();
            Console.CancelKeyPress -= onCancel;
        }

        return 0;
    }

    private static async Task<int> PublishAsync(string cmd, MqttConnectOptions hub, BundleFile bundle, List<string> devices, PublisherOptions options, TimeSpan timeout)
    {
        hub.ClientId = "endpoint-ota-" + Guid.NewGuid().ToString("N")[..8];
        hub.KeepAliveSeconds = 30;
        using var client = new MqttClient();
        var connected = await client.ConnectAsync(hub);
        if (!connected.IsConnected)
        {
            Console.Error.WriteLine($"{cmd}: cannot connect to {hub.Host}:{hub.Port}: {connected.Detail}");
            return 1;
        }

        var m = bundle.Manifest;
        Console.WriteLine($"publishing {m.App} {m.Version} (build {m.Build}, bundle {bundle.BundleIdHex}) to {devices.Count} device(s) through {hub.Host}:{hub.Port}" + (options.Url != null ? $", assemblies from {options.Url}" : ""));
        var publisher = new OtaPublisher(client, bundle, devices, options);
        var replacements = new List<MqttClient>();
        publisher.Reconnect = async () =>
        {
            // The connection was lost mid-update: a new one (the devices' retained ota/status tells where they are).
            var again = new MqttClient();
            var result = await again.ConnectAsync(hub);
            if (!result.IsConnected)
            {
                again.Dispose();
                return null;
            }

            Console.Error.WriteLine($"{cmd}: reconnected to {hub.Host}:{hub.Port}");
            replacements.Add(again);
            return again;
        };
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var view = new ProgressView(publisher.Devices);
        publisher.Changed += view.Update;
        bool ok;
        try
        {
            await publisher.StartAsync();
            using var ticker = new Timer(_ => view.Tick(), null, 200, 200);
            ok = await publisher.WaitAsync(timeout, cancel.Token);
            view.Tick();
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        view.Finish();
        foreach (var d in publisher.Devices)
        {
            // From the first block sent to the device reporting every assembly stored and verified.
            DateTime? end = d.DownloadedAt ?? d.LastBlockAt;
            double seconds = d.FirstBlockAt.HasValue && end.HasValue ? Math.Max(0.001, (end.Value - d.FirstBlockAt.Value).TotalSeconds) : 0;
            string traffic = options.Url != null
                ? "assemblies fetched from " + options.Url
                : $"{d.BytesServed:N0} bytes of blocks" + (d.BytesResent > 0 ? $" ({d.BytesResent:N0} sent again)" : "") + (seconds > 0 ? $", {d.BytesServed / seconds / 1024:0.0} KiB/s" : "");
            Console.WriteLine(d.State == "done"
                ? $"{d.Id}: runs {m.Version} (build {m.Build}); {traffic}"
                : $"{d.Id}: FAILED: {d.Error}; {traffic}");
        }

        await client.DisconnectAsync();
        foreach (var c in replacements)
        {
            await c.DisconnectAsync();
            c.Dispose();
        }

        return ok ? 0 : 1;
    }

    private static byte[] ReadPublicKey(string cmd, string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{cmd}: --key: no such file '{path}'");
        }

        try
        {
            return OtaKeys.ReadPublicKey(path);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{cmd}: --key: {ex.Message}");
        }
    }

    private static string Required(ParsedArgs a, string cmd, string name, string what) =>
        a.Get(name) ?? throw new UsageException($"{cmd}: --{name} {what} is required; see 'endpoint ota --help'");

    /// <summary>One progress bar per device: redrawn in place on a terminal, a line per change otherwise.</summary>
    private sealed class ProgressView
    {
        private readonly object _lock = new();
        private readonly List<DeviceUpdate> _devices;
        private readonly bool _live = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb";
        private readonly Dictionary<string, string> _printed = new();
        private bool _drawn;

        public ProgressView(IReadOnlyList<DeviceUpdate> devices) => _devices = devices.ToList();

        public void Update(DeviceUpdate d)
        {
            if (_live)
            {
                return;
            }

            lock (_lock)
            {
                // Without a terminal: one line per state change and per 10 %.
                string key = d.State + "/" + (d.Percent / 10);
                if (_printed.TryGetValue(d.Id, out var last) && last == key)
                {
                    return;
                }

                _printed[d.Id] = key;
                Console.WriteLine(Line(d));
            }
        }

        public void Tick()
        {
            if (!_live)
            {
                return;
            }

            lock (_lock)
            {
                if (_drawn)
                {
                    Console.Write($"\x1b[{_devices.Count}A");
                }

                foreach (var d in _devices)
                {
                    Console.Write("\r\x1b[2K" + Line(d) + "\n");
                }

                _drawn = true;
            }
        }

        public void Finish()
        {
            if (!_live)
            {
                return;
            }

            Tick();
        }

        private static string Line(DeviceUpdate d)
        {
            const int width = 24;
            int filled = Math.Clamp(d.Percent * width / 100, 0, width);
            string bar = new string('#', filled) + new string('-', width - filled);
            string bytes = d.Total > 0 ? $"{d.Done / 1024.0,7:0.0}/{d.Total / 1024.0:0.0} KiB" : "";
            string state = d.State == "failed" ? "failed: " + d.Error : d.State;
            return $"{d.Id,-16} [{bar}] {d.Percent,3}%  {bytes,-18} {state}";
        }
    }
}
