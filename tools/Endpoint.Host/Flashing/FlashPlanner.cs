using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Endpoint.Core.Hub;
using Endpoint.Core.Ota;
using Endpoint.Core.Runtime;
using Endpoint.Host.Boards;
using Endpoint.Host.Ota;

namespace Endpoint.Host.Flashing;

/// <summary>What to flash: the board, the app and what the device should know.</summary>
public sealed record FlashRequest
{
    /// <summary>The board.</summary>
    public required BoardFile Board { get; init; }

    /// <summary>The serial port the board is on.</summary>
    public required string Port { get; init; }

    /// <summary>plug, light or sensor; null for the board's default app.</summary>
    public string App { get; init; }

    /// <summary>Device id to store, or null (the device derives one from its MAC).</summary>
    public string DeviceId { get; init; }

    /// <summary>Hub connection to store, or null.</summary>
    public MqttConnectOptions Hub { get; init; }

    /// <summary>The 32-byte OTA public key to store, or null.</summary>
    public byte[] OtaPublicKey { get; init; }

    /// <summary>A nanoCLR image built for the board, or null for the published target.</summary>
    public string ClrFile { get; init; }

    /// <summary>The app's build output folder, or null to find it in the clone at <see cref="RepoRoot"/>.</summary>
    public string BuildOutput { get; init; }

    /// <summary>
    /// A signed OTA bundle (<c>.epk</c>) to install in slot a behind Endpoint.Boot, or null to deploy the app's
    /// build output directly (which then runs without the bootstrapper and refuses updates).
    /// </summary>
    public string Bundle { get; init; }

    /// <summary>Endpoint.Boot's build output folder (with <see cref="Bundle"/>), or null to find it in the clone at <see cref="RepoRoot"/>.</summary>
    public string BootBuildOutput { get; init; }

    /// <summary>The Endpoint clone, or null when not run inside one.</summary>
    public string RepoRoot { get; init; }

    /// <summary>Where the generated files go, or null for <see cref="FlashPlanner.DefaultWorkDirectory"/>.</summary>
    public string WorkDirectory { get; init; }
}

/// <summary>
/// Turns a <see cref="FlashRequest"/> into a <see cref="FlashPlan"/>, following nanoff's own sequence
/// (nanoFirmwareFlasher README, "flash" and "deploy" verbs):
/// <list type="number">
/// <item><c>nanoff flash target T serialport P</c> installs the nanoFramework firmware (with <c>image CLR</c>,
/// a local nanoCLR build for boards no published target runs on);</item>
/// <item><c>nanoff deploy file deploy.json serialport P</c> puts the settings record and the OTA key on the
/// device's storage through the debugger protocol while no app runs yet (the JSON lists
/// <c>DestinationFilePath</c>/<c>SourceFilePath</c> pairs; an entry without a source deletes — used to drop
/// both old record generations first, since the firmware writes into an existing file without truncating
/// it and a stale newer generation would win);</item>
/// <item><c>nanoff deploy target T serialport P image APP.bin</c> writes the app's deployment image to the
/// deployment partition (address from the target's partition table) and resets the board, which boots
/// the app with its settings in place.</item>
/// </list>
/// With a bundle (<see cref="FlashRequest.Bundle"/>) the device gets the OTA bootstrapper instead of the app:
/// step 2 also writes the bundle installed and confirmed in slot a (<see cref="SlotStager.Files"/>, the
/// device's own installer) with the trusted key, and step 3 deploys Endpoint.Boot's image, which starts the
/// app from slot a after the restart and lets it take updates over the air from then on.
/// </summary>
public static class FlashPlanner
{
    /// <summary>The plan for <paramref name="request"/>; throws <see cref="FlashPlanException"/> with one line when it cannot be done.</summary>
    public static FlashPlan Plan(FlashRequest request)
    {
        var board = request.Board;
        BundleFile bundle = request.Bundle != null ? CheckedBundle(request) : request.BootBuildOutput == null ? null
            : throw new FlashPlanException("--boot goes with --bundle: Endpoint.Boot is deployed to start a bundle's app", usage: true);
        string app = bundle?.Manifest.App ?? request.App ?? AppRequirements.DefaultApp(board)
            ?? throw new FlashPlanException($"board {board.Id} cannot host any app ({string.Join(", ", AppRequirements.Apps)})", usage: true);
        if (AppRequirements.WhyNot(board, app) is string whyNot)
        {
            throw new FlashPlanException($"board {board.Id} cannot host the {app} app: {whyNot}", usage: true);
        }

        if (board.Custom != null && request.ClrFile == null)
        {
            throw new FlashPlanException(
                $"board {board.Id} needs a custom nanoFramework firmware: {board.Custom.Reason}; build nf-interpreter's {board.NanoFrameworkTarget} with {string.Join(" ", board.Custom.Sdkconfig)} and pass its nanoCLR.bin with --clr FILE",
                usage: true);
        }

        var build = bundle == null ? AppBuildOutput.Find(app, request.RepoRoot, request.BuildOutput) : AppBuildOutput.FindBoot(request.RepoRoot, request.BootBuildOutput);
        var settings = DeviceSettings.Build(board.Id, request.DeviceId, request.Hub, request.OtaPublicKey);
        string work = request.WorkDirectory ?? DefaultWorkDirectory(request.Port);

        // What the file deployment leaves in I:\endpoint: the settings, and with a bundle its slot and records.
        var deviceFiles = new SortedDictionary<string, byte[]>(settings.Files.ToDictionary(f => f.Key, f => f.Value), StringComparer.Ordinal);
        if (bundle != null)
        {
            foreach (var f in SlotStager.Files(bundle, request.OtaPublicKey))
            {
                deviceFiles[f.Key] = f.Value; // ota.pub: the same 32 bytes DeviceSettings wrote
            }
        }

        string image = bundle == null ? $"endpoint-{app}.bin" : "endpoint-boot.bin";
        string imageWhat = bundle == null ? $"the {app} app" : "Endpoint.Boot";
        var files = new List<PlannedFile>
        {
            new(Path.Combine(work, image), DeploymentImage.Build(build.PeFiles),
                $"deployment image of {imageWhat}: {build.PeFiles.Count} assemblies from {build.Folder}", Secret: false),
        };
        files.AddRange(deviceFiles.Select(f => new PlannedFile(
            Path.Combine(work, f.Key), f.Value, Purpose(f.Key, bundle), Secret: settings.Files.ContainsKey(f.Key) && f.Key != ProvisionedSettings.OtaPublicKeyFile)));
        string deployJson = Path.Combine(work, "deploy.json");
        var replaced = DeviceSettings.Replaced(request.OtaPublicKey != null).Concat(bundle != null ? OtaFilesReplaced() : []);
        files.Add(new PlannedFile(deployJson, FileDeployment(replaced, deviceFiles.Keys, work),
            bundle == null ? "nanoff file deployment: replaces the settings on the device's storage"
                : "nanoff file deployment: replaces the settings, the OTA key, the slots and the boot records on the device's storage",
            Secret: false));

        string target = board.NanoFrameworkTarget;
        var flash = new List<string> { "flash", "target", target, "serialport", request.Port };
        if (request.ClrFile != null)
        {
            flash.AddRange(["image", Path.GetFullPath(request.ClrFile)]);
        }

        string installed = bundle == null ? null : $"the {app} app {bundle.Manifest.Version} (build {bundle.Manifest.Build})";
        var steps = new List<FlashStep>
        {
            new(request.ClrFile == null ? $"install the nanoFramework firmware {target}" : $"install the nanoFramework firmware built for {board.Id}", flash),
            new(bundle == null ? $"write the device's settings to {ProvisionedSettings.StorageRoot}"
                    : $"write the device's settings, the OTA key and {installed} in slot a to {ProvisionedSettings.StorageRoot}",
                ["deploy", "file", deployJson, "serialport", request.Port]),
            new(bundle == null ? $"deploy the {app} app (the board restarts into it)"
                    : $"deploy Endpoint.Boot (the board restarts into it, and it starts {installed} from slot a)",
                ["deploy", "target", target, "serialport", request.Port, "image", files[0].Path]),
        };

        return new FlashPlan
        {
            Board = board,
            App = app,
            Port = request.Port,
            WorkDirectory = work,
            Build = build,
            Bundle = bundle,
            Settings = settings.Lines,
            Files = files,
            Steps = steps,
        };
    }

    /// <summary>
    /// Loads the bundle of <paramref name="request"/> and checks up front what the device would otherwise find
    /// only after the flash: the key, the signature (first, as the device does), the hashes, the board, the SoC
    /// and the bootstrapper version; each refusal is one usage line.
    /// </summary>
    private static BundleFile CheckedBundle(FlashRequest request)
    {
        string path = request.Bundle;
        if (request.OtaPublicKey == null)
        {
            throw new FlashPlanException("--bundle needs --ota-key FILE: the public key the bundle is signed with, which the device then trusts for updates", usage: true);
        }

        if (request.BuildOutput != null)
        {
            throw new FlashPlanException("--build-output goes without --bundle: with a bundle the app comes from it (--boot DIR gives Endpoint.Boot's build folder)", usage: true);
        }

        BundleFile bundle;
        try
        {
            bundle = BundleFile.Load(path);
        }
        catch (OtaException ex)
        {
            throw new FlashPlanException($"--bundle {path}: not a valid bundle: {ex.Message}", usage: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FlashPlanException($"--bundle {path}: cannot read it ({ex.Message})", usage: true);
        }

        var m = bundle.Manifest;
        if (!bundle.SignatureValid(request.OtaPublicKey))
        {
            throw new FlashPlanException($"--bundle {path}: its signature does not verify with the --ota-key key (signed with another key?): the device would refuse it", usage: true);
        }

        if (bundle.HashMismatches() is { Count: > 0 } damaged)
        {
            throw new FlashPlanException($"--bundle {path} is damaged: {string.Join(", ", damaged)} {(damaged.Count == 1 ? "does" : "do")} not match the SHA-256 in its signed manifest", usage: true);
        }

        if (!m.SupportsBoard(request.Board.Id))
        {
            throw new FlashPlanException($"--bundle {path} is for {m.BoardList()}, not for {request.Board.Id}", usage: true);
        }

        if (m.Soc != request.Board.Soc)
        {
            throw new FlashPlanException($"--bundle {path} is built for the {m.Soc}, board {request.Board.Id} is an {request.Board.Soc}", usage: true);
        }

        if (m.MinBoot > BootSelector.Version)
        {
            throw new FlashPlanException($"--bundle {path} needs Endpoint.Boot {m.MinBoot} or newer, this clone's is {BootSelector.Version}", usage: true);
        }

        if (request.App != null && request.App != m.App)
        {
            throw new FlashPlanException($"--app {request.App}, but --bundle {path} is the {m.App} app", usage: true);
        }

        return bundle;
    }

    /// <summary>
    /// OTA files a stale install may have left, deleted before the staged ones are written: both generations of
    /// every record (a stale newer generation would win over the staged one, <see cref="Endpoint.Core.Storage.AtomicRecordFile"/>)
    /// and slot b's manifest (an old app there would count as a slot to recover).
    /// </summary>
    private static IEnumerable<string> OtaFilesReplaced() =>
        new[] { BootRecordStore.RecordName, BootRecordStore.LastKnownGoodName, OtaInstaller.ProgressName }
            .SelectMany(r => new[] { r + ".a", r + ".b" })
            .Append(SlotStore.ManifestName(BootRecord.SlotB));

    private static string Purpose(string name, BundleFile bundle)
    {
        if (name == ProvisionedSettings.OtaPublicKeyFile)
        {
            return $"OTA public key for {DevicePath(name)}";
        }

        if (name.StartsWith(ProvisionedSettings.StoreName + ".", StringComparison.Ordinal))
        {
            return $"settings record for {DevicePath(name)}";
        }

        var m = bundle.Manifest;
        if (name == SlotStore.ManifestName(BootRecord.SlotA))
        {
            return $"slot a: the signed manifest of the {m.App} app {m.Version} (build {m.Build})";
        }

        for (int i = 0; i < m.Assemblies.Length; i++)
        {
            if (name == SlotStore.AssemblyName(BootRecord.SlotA, i))
            {
                return $"slot a: {m.Assemblies[i].Name} {m.Assemblies[i].Version}";
            }
        }

        return name.StartsWith(BootRecordStore.LastKnownGoodName + ".", StringComparison.Ordinal) ? "last known good record: slot a"
            : name.StartsWith(BootRecordStore.RecordName + ".", StringComparison.Ordinal) ? "boot record: slot a, confirmed"
            : $"for {DevicePath(name)}";
    }

    /// <summary>
    /// The default folder for the generated files of a flash on <paramref name="port"/>: under the user's own
    /// data folder (~/.local/share/endpoint/flash/&lt;port&gt;), not a shared temp folder, since it briefly holds
    /// the hub password; one folder per port, as a port flashes one board at a time.
    /// </summary>
    public static string DefaultWorkDirectory(string port) => WorkDirectory(
        System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData, System.Environment.SpecialFolderOption.DoNotVerify),
        port);

    /// <summary>The folder for the generated files of a flash on <paramref name="port"/> under <paramref name="dataDirectory"/>.</summary>
    public static string WorkDirectory(string dataDirectory, string port)
    {
        string name = new string(port.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray()).Trim('_');
        string root = string.IsNullOrEmpty(dataDirectory) ? Path.GetTempPath() : dataDirectory;
        return Path.Combine(root, "endpoint", "flash", name.Length == 0 ? "port" : name);
    }

    /// <summary>The full path on the device of a file in the endpoint's storage folder.</summary>
    public static string DevicePath(string name) => ProvisionedSettings.StorageRoot + "\\" + name;

    private static byte[] FileDeployment(IEnumerable<string> deleted, IEnumerable<string> written, string work)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("Files");
            foreach (string name in deleted)
            {
                json.WriteStartObject();
                json.WriteString("DestinationFilePath", DevicePath(name));
                json.WriteEndObject();
            }

            foreach (string name in written)
            {
                json.WriteStartObject();
                json.WriteString("DestinationFilePath", DevicePath(name));
                json.WriteString("SourceFilePath", Path.Combine(work, name));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
