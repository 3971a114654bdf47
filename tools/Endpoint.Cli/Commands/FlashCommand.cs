using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Endpoint.Cli.CommandLine;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Host.Boards;
using Endpoint.Host.Flashing;
using Endpoint.Host.Mqtt;

namespace Endpoint.Cli.Commands;

/// <summary>What <see cref="FlashCommand"/> touches outside itself, so tests can give it a fake PATH and capture output.</summary>
public sealed class FlashEnvironment
{
    /// <summary>Where normal output goes.</summary>
    public TextWriter Out { get; init; } = Console.Out;

    /// <summary>Where errors go.</summary>
    public TextWriter Error { get; init; } = Console.Error;

    /// <summary>The PATH to look for nanoff in.</summary>
    public string PathVariable { get; init; } = Environment.GetEnvironmentVariable("PATH") ?? "";

    /// <summary>The home folder (dotnet global tools live in ~/.dotnet/tools, often not on PATH).</summary>
    public string Home { get; init; } = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>The user's data folder; the generated files go to endpoint/flash/&lt;port&gt; in it.</summary>
    public string DataDirectory { get; init; } = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);

    /// <summary>The folder the command runs in (to find the clone).</summary>
    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Runs a program with arguments, its output going to the terminal; returns its exit code.</summary>
    public Func<string, IReadOnlyList<string>, int> Run { get; init; } = RunProcess;

    /// <summary>The full path of nanoff, or null when it is not installed.</summary>
    public string FindNanoff()
    {
        string[] names = OperatingSystem.IsWindows() ? ["nanoff.exe", "nanoff.cmd"] : ["nanoff"];
        var folders = PathVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!string.IsNullOrEmpty(Home))
        {
            folders.Add(Path.Combine(Home, ".dotnet", "tools"));
        }

        return folders.SelectMany(f => names.Select(n => Path.Combine(f, n))).FirstOrDefault(File.Exists);
    }

    private static int RunProcess(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}

/// <summary>
/// <c>endpoint flash --board ID --port PORT [--app APP] [--id ID] [--hub URI] [--ca FILE] [--ota-key FILE]
/// [--clr FILE] [--build-output DIR] [--bundle FILE.epk [--boot DIR]] [--dry-run]</c>: nanoFramework firmware, the
/// app (directly, or from a signed bundle behind the OTA bootstrapper) and the device's identity and hub settings
/// onto a dev board, with nanoff (<see cref="FlashPlanner"/> has the sequence).
/// </summary>
public static class FlashCommand
{
    public const string Help = """
        usage: endpoint flash --board ID --port PORT [options]

        Flashes a board with nanoff: the nanoFramework firmware for the board, the app, and the device's
        identity and hub settings (a settings record on its storage, read at boot).

        With --bundle the board takes updates over the air from then on: it gets the OTA bootstrapper
        (firmware/Endpoint.Boot) and the bundle's app installed and confirmed in slot a, by the device's own
        installer; later versions go with 'endpoint ota publish'. Without it the app's build output is
        deployed directly: it runs without the bootstrapper and refuses updates.

          --board ID           board id (see 'endpoint board list')
          --port PORT          serial port of the board (/dev/ttyUSB0, COM3; 'nanoff list ports' lists them)
          --app APP            plug, light or sensor; default: the board's default app
          --id ID              device id (A-Z, a-z, 0-9, '-', '_'); default: derived from the MAC on the device
          --hub URI            mqtt://[user:password@]host[:port] or mqtts://...; default: set later by provisioning
          --ca FILE            CA certificate (PEM) of the broker, for mqtts://
          --ota-key FILE       Ed25519 public key OTA bundles must be signed with (raw 32 bytes, hex, base64 or PEM)
          --clr FILE           a nanoCLR.bin built for the board (boards no published target runs on need one;
                               'endpoint board show ID' says so)
          --build-output DIR   the app's build folder with its .pe files; default: firmware/apps/<App>/bin/Release
                               (or Debug) of this clone
          --bundle FILE.epk    a signed bundle ('endpoint ota pack') to install behind the bootstrapper; needs
                               --ota-key (the key it is signed with) and must be built for the board
          --boot DIR           with --bundle: Endpoint.Boot's build folder; default: firmware/Endpoint.Boot/bin/Release
                               (or Debug) of this clone
          --dry-run            print the files and nanoff commands, write and run nothing

        The settings record replaces the device's settings (Wi-Fi is provisioned afterwards). Install nanoff
        with 'dotnet tool install -g nanoff'.
        """;

    private static readonly OptionSpec[] Options =
    [
        new("board"), new("port"), new("app"), new("id"), new("hub"), new("ca"), new("ota-key"), new("clr"),
        new("build-output"), new("bundle"), new("boot"), new("dry-run", TakesValue: false), new("help", TakesValue: false),
    ];

    public static int Run(string[] args) => Run(args, new FlashEnvironment());

    /// <summary>Runs the command in <paramref name="env"/>.</summary>
    public static int Run(string[] args, FlashEnvironment env)
    {
        var a = ParsedArgs.Parse("endpoint flash", args, Options);
        if (a.Has("help"))
        {
            env.Out.WriteLine(Help);
            return 0;
        }

        a.AtMostPositionals(0);
        var request = Request(a, env);
        FlashPlan plan;
        try
        {
            plan = FlashPlanner.Plan(request);
        }
        catch (FlashPlanException ex) when (ex.Usage)
        {
            throw new UsageException("endpoint flash: " + ex.Message);
        }
        catch (FlashPlanException ex)
        {
            env.Error.WriteLine("endpoint flash: " + ex.Message);
            return 1;
        }

        if (a.Has("dry-run"))
        {
            Print(plan, env.Out);
            return 0;
        }

        string nanoff = env.FindNanoff();
        if (nanoff == null)
        {
            env.Error.WriteLine("nanoff is not installed: dotnet tool install -g nanoff");
            return 1;
        }

        return Execute(plan, nanoff, env);
    }

    private static FlashRequest Request(ParsedArgs a, FlashEnvironment env)
    {
        string boardId = a.Get("board") ?? throw new UsageException("endpoint flash: --board is required; see 'endpoint board list'");
        string port = a.Get("port") ?? throw new UsageException("endpoint flash: --port is required ('nanoff list ports' lists them)");
        if (string.IsNullOrWhiteSpace(port))
        {
            throw new UsageException("endpoint flash: --port is empty; give the board's serial port ('nanoff list ports' lists them)");
        }

        BoardFile board;
        try
        {
            board = Boards.Shipped().Get(boardId);
        }
        catch (KeyNotFoundException ex)
        {
            throw new UsageException("endpoint flash: " + ex.Message);
        }

        string app = a.Get("app");
        if (app != null && !AppRequirements.Apps.Contains(app))
        {
            throw new UsageException($"endpoint flash: unknown app '{app}'; apps are {string.Join(", ", AppRequirements.Apps)}");
        }

        string id = a.Get("id");
        if (id != null && !DeviceIdentity.IsValidId(id))
        {
            throw new UsageException($"endpoint flash: invalid --id '{id}': use {DeviceIdentity.IdRule}");
        }

        MqttConnectOptions hub = null;
        if (a.Get("hub") is string uri)
        {
            try
            {
                hub = MqttUri.Parse(uri);
            }
            catch (FormatException ex)
            {
                throw new UsageException("endpoint flash: --hub: " + ex.Message);
            }
        }

        if (a.Get("ca") is string ca)
        {
            if (hub == null || !hub.UseTls)
            {
                throw new UsageException("endpoint flash: --ca goes with an mqtts:// --hub");
            }

            string pem = ReadInput(ca, "--ca");
            if (!pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                throw new UsageException($"endpoint flash: --ca {ca}: not a PEM certificate (no BEGIN CERTIFICATE line)");
            }

            hub.CaCertificatePem = pem;
        }

        byte[] otaKey = null;
        if (a.Get("ota-key") is string keyFile)
        {
            ReadInput(keyFile, "--ota-key");
            try
            {
                otaKey = OtaPublicKey.Load(keyFile);
            }
            catch (FormatException ex)
            {
                throw new UsageException("endpoint flash: --ota-key " + ex.Message);
            }
        }

        string clr = a.Get("clr");
        if (clr != null && !File.Exists(clr))
        {
            throw new UsageException($"endpoint flash: --clr {clr}: no such file");
        }

        string buildOutput = a.Get("build-output");
        if (buildOutput != null && !Directory.Exists(buildOutput))
        {
            throw new UsageException($"endpoint flash: --build-output {buildOutput}: no such folder");
        }

        string bundle = a.Get("bundle");
        if (bundle != null)
        {
            ReadInput(bundle, "--bundle");
        }

        string boot = a.Get("boot");
        if (boot != null && !Directory.Exists(boot))
        {
            throw new UsageException($"endpoint flash: --boot {boot}: no such folder");
        }

        string boards = BoardRepository.FindBoardsFolder(env.CurrentDirectory);
        return new FlashRequest
        {
            Board = board,
            Port = port,
            App = app,
            DeviceId = id,
            Hub = hub,
            OtaPublicKey = otaKey,
            ClrFile = clr,
            BuildOutput = buildOutput,
            Bundle = bundle,
            BootBuildOutput = boot,
            RepoRoot = boards == null ? null : Path.GetDirectoryName(boards),
            WorkDirectory = FlashPlanner.WorkDirectory(env.DataDirectory, port),
        };
    }

    private static string ReadInput(string path, string option)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"endpoint flash: {option} {path}: no such file");
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            throw new UsageException($"endpoint flash: {option} {path}: a folder, not a file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"endpoint flash: {option} {path}: cannot read it ({ex.Message})");
        }
    }

    /// <summary>Prints the plan: what gets written where, and every command (secrets masked).</summary>
    public static void Print(FlashPlan plan, TextWriter o)
    {
        var b = plan.Board;
        o.WriteLine(plan.Bundle == null
            ? $"endpoint flash --dry-run: the {plan.App} app on {b.Id} ({b.Name}) at {plan.Port}"
            : $"endpoint flash --dry-run: Endpoint.Boot and the {plan.App} app {plan.Bundle.Manifest.Version} (build {plan.Bundle.Manifest.Build}, bundle {plan.Bundle.BundleIdHex}) in slot a on {b.Id} ({b.Name}) at {plan.Port}");
        o.WriteLine();
        o.WriteLine("files");
        foreach (var f in plan.Files)
        {
            o.WriteLine($"  {f.Path}  ({f.Contents.Length} bytes{(f.Secret ? ", secret: owner-only, deleted after the flash" : "")})");
            o.WriteLine($"    {f.Purpose}");
            if (Path.GetExtension(f.Path) == ".bin")
            {
                foreach (string pe in plan.Build.PeFiles)
                {
                    o.WriteLine($"      {pe}");
                }
            }
            else if (Path.GetExtension(f.Path) == ".json")
            {
                foreach (string line in System.Text.Encoding.UTF8.GetString(f.Contents).Split('\n'))
                {
                    o.WriteLine("      " + line.TrimEnd('\r'));
                }
            }
        }

        o.WriteLine();
        o.WriteLine($"settings (the '{ProvisionedSettings.StoreName}' record in {ProvisionedSettings.StorageRoot})");
        foreach (var s in plan.Settings)
        {
            o.WriteLine($"  {s.Key,-14} {s.Display}");
        }

        o.WriteLine();
        o.WriteLine("commands");
        for (int i = 0; i < plan.Steps.Count; i++)
        {
            o.WriteLine($"  {i + 1}. {plan.Steps[i].CommandLine}");
            o.WriteLine($"     # {plan.Steps[i].Purpose}");
        }
    }

    private static int Execute(FlashPlan plan, string nanoff, FlashEnvironment env)
    {
        try
        {
            WriteFiles(plan);
            for (int i = 0; i < plan.Steps.Count; i++)
            {
                var step = plan.Steps[i];
                env.Out.WriteLine($"[{i + 1}/{plan.Steps.Count}] {step.Purpose}: {step.CommandLine}");
                int code = env.Run(nanoff, step.Arguments);
                if (code != 0)
                {
                    env.Error.WriteLine($"endpoint flash: step {i + 1} ({step.Purpose}) failed: nanoff exited with code {code}");
                    return 1;
                }
            }

            env.Out.WriteLine(plan.Bundle == null
                ? $"done: {plan.Board.Id} runs the {plan.App} app"
                : $"done: {plan.Board.Id} runs Endpoint.Boot, which starts the {plan.App} app {plan.Bundle.Manifest.Version} from slot a; later versions go over the air with 'endpoint ota publish'");
            return 0;
        }
        finally
        {
            foreach (var f in plan.Files.Where(f => f.Secret && File.Exists(f.Path)))
            {
                File.Delete(f.Path);
            }
        }
    }

    private static void WriteFiles(FlashPlan plan)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(plan.WorkDirectory);
        }
        else
        {
            Directory.CreateDirectory(plan.WorkDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        foreach (var f in plan.Files)
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (f.Secret && !OperatingSystem.IsWindows())
            {
                File.Delete(f.Path); // the mode below applies only to a file this call creates
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(f.Path, options);
            stream.Write(f.Contents);
        }
    }
}
