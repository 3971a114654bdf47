using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Host.Boards;

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
/// </summary>
public static class FlashPlanner
{
    /// <summary>The plan for <paramref name="request"/>; throws <see cref="FlashPlanException"/> with one line when it cannot be done.</summary>
    public static FlashPlan Plan(FlashRequest request)
    {
        var board = request.Board;
        string app = request.App ?? AppRequirements.DefaultApp(board)
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

        var build = AppBuildOutput.Find(app, request.RepoRoot, request.BuildOutput);
        var settings = DeviceSettings.Build(board.Id, request.DeviceId, request.Hub, request.OtaPublicKey);
        string work = request.WorkDirectory ?? DefaultWorkDirectory(request.Port);

        var files = new List<PlannedFile>
        {
            new(Path.Combine(work, $"endpoint-{app}.bin"), DeploymentImage.Build(build.PeFiles),
                $"deployment image of the {app} app: {build.PeFiles.Count} assemblies from {build.Folder}", Secret: false),
        };
        files.AddRange(settings.Files.Select(f => new PlannedFile(
            Path.Combine(work, f.Key),
            f.Value,
            f.Key == ProvisionedSettings.OtaPublicKeyFile ? $"OTA public key for {DevicePath(f.Key)}" : $"settings record for {DevicePath(f.Key)}",
            Secret: f.Key != ProvisionedSettings.OtaPublicKeyFile)));
        string deployJson = Path.Combine(work, "deploy.json");
        files.Add(new PlannedFile(deployJson, FileDeployment(settings, request.OtaPublicKey != null, work),
            "nanoff file deployment: replaces the settings on the device's storage", Secret: false));

        string target = board.NanoFrameworkTarget;
        var flash = new List<string> { "flash", "target", target, "serialport", request.Port };
        if (request.ClrFile != null)
        {
            flash.AddRange(["image", Path.GetFullPath(request.ClrFile)]);
        }

        var steps = new List<FlashStep>
        {
            new(request.ClrFile == null ? $"install the nanoFramework firmware {target}" : $"install the nanoFramework firmware built for {board.Id}", flash),
            new($"write the device's settings to {ProvisionedSettings.StorageRoot}", ["deploy", "file", deployJson, "serialport", request.Port]),
            new($"deploy the {app} app (the board restarts into it)", ["deploy", "target", target, "serialport", request.Port, "image", files[0].Path]),
        };

        return new FlashPlan
        {
            Board = board,
            App = app,
            Port = request.Port,
            WorkDirectory = work,
            Build = build,
            Settings = settings.Lines,
            Files = files,
            Steps = steps,
        };
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

    private static byte[] FileDeployment(DeviceSettings settings, bool otaKey, string work)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("Files");
            foreach (string name in DeviceSettings.Replaced(otaKey))
            {
                json.WriteStartObject();
                json.WriteString("DestinationFilePath", DevicePath(name));
                json.WriteEndObject();
            }

            foreach (string name in settings.Files.Keys)
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
