using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;
using Endpoint.Host.Boards;
using Endpoint.Host.Flashing;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Flashing;

/// <summary>A folder of fake build output: a .pe file per assembly, with recognisable contents.</summary>
public sealed class FakeBuild : IDisposable
{
    public FakeBuild(params string[] assemblies)
    {
        Folder = Directory.CreateTempSubdirectory("endpoint-build-").FullName;
        foreach (string a in assemblies.Length > 0 ? assemblies : ["mscorlib", "Endpoint.Core", "Endpoint.Device", "Endpoint.Plug", "Endpoint.Light", "Endpoint.Sensor"])
        {
            File.WriteAllText(Path.Combine(Folder, a + ".pe"), "PE:" + a);
        }
    }

    public string Folder { get; }

    public void Dispose() => Directory.Delete(Folder, true);
}

public sealed class FlashPlannerTests : IDisposable
{
    private readonly FakeBuild _build = new();
    private readonly string _clr = Path.GetTempFileName();

    public void Dispose()
    {
        _build.Dispose();
        File.Delete(_clr);
    }

    private FlashRequest Request(BoardFile board, string app = null) => new()
    {
        Board = board,
        App = app,
        Port = "/dev/ttyUSB0",
        DeviceId = "dev-1",
        Hub = new MqttConnectOptions { Host = "broker.lan", Port = 1883, Username = "u", Password = "p" },
        OtaPublicKey = new byte[32],
        ClrFile = board.Custom != null ? _clr : null,
        BuildOutput = _build.Folder,
        RepoRoot = Repo.Root,
        WorkDirectory = "/work/flash",
    };

    [Fact]
    public void Plan_EveryBoardAndEveryAppItCanHost_FlashesTargetThenSettingsThenApp()
    {
        var plans = new System.Collections.Generic.List<string>();
        foreach (var board in Repo.ShippedBoards().All)
        {
            foreach (string app in AppRequirements.Hostable(board))
            {
                var plan = FlashPlanner.Plan(Request(board, app));
                string target = board.NanoFrameworkTarget;
                string[] flash = board.Custom == null
                    ? ["flash", "target", target, "serialport", "/dev/ttyUSB0"]
                    : ["flash", "target", target, "serialport", "/dev/ttyUSB0", "image", _clr];

                Assert.Equal(flash, plan.Steps[0].Arguments);
                Assert.Equal(["deploy", "file", "/work/flash/deploy.json", "serialport", "/dev/ttyUSB0"], plan.Steps[1].Arguments);
                Assert.Equal(["deploy", "target", target, "serialport", "/dev/ttyUSB0", "image", $"/work/flash/endpoint-{app}.bin"], plan.Steps[2].Arguments);
                Assert.Equal(3, plan.Steps.Count);

                var order = DeploymentImage.Order(_build.Folder, "Endpoint." + char.ToUpperInvariant(app[0]) + app[1..]);
                Assert.Equal(DeploymentImage.Build(order), plan.File($"endpoint-{app}.bin").Contents);
                Assert.EndsWith($"Endpoint.{char.ToUpperInvariant(app[0])}{app[1..]}.pe", plan.Build.PeFiles[^1]);

                var device = new MemoryFileStore();
                foreach (var f in plan.Files.Where(f => f.Path.Contains("settings.") || f.Path.EndsWith("ota.pub")))
                {
                    device.Write(Path.GetFileName(f.Path), f.Contents, 0, f.Contents.Length);
                }

                Assert.Equal(board.Id, new KeyValueStore(device, ProvisionedSettings.StoreName).Get(ProvisionedSettings.BoardIdKey));
                plans.Add($"{board.Id} {app}");
            }
        }

        Assert.Equal(
            [
                "esp32-c3-devkitm-1 plug", "esp32-c3-devkitm-1 light", "esp32-devkitc plug", "esp32-devkitc light", "esp32-devkitc sensor",
                "esp32-s3-devkitc-1 plug", "esp32-s3-devkitc-1 light", "m5stack-atom-lite light", "shelly-plus-1 plug",
                "shelly-plus-plug-s plug", "shelly-plus-plug-s light", "xiao-esp32c3 sensor",
            ],
            plans);
    }

    [Fact]
    public void Plan_FileDeployment_DeletesBothRecordGenerationsThenWritesEveryGeneratedFile()
    {
        var plan = FlashPlanner.Plan(Request(Repo.ShippedBoards().Get("esp32-devkitc"), "plug"));
        using var json = JsonDocument.Parse(plan.File("deploy.json").Contents);

        var entries = json.RootElement.GetProperty("Files").EnumerateArray()
            .Select(e => (e.GetProperty("DestinationFilePath").GetString(), e.TryGetProperty("SourceFilePath", out var s) ? s.GetString() : null))
            .ToList();
        var written = plan.Files.Where(f => f.Path.Contains("settings.") || f.Path.EndsWith("ota.pub")).Select(f => f.Path).ToList();

        Assert.Equal(
            [("I:\\endpoint\\settings.a", null), ("I:\\endpoint\\settings.b", null), ("I:\\endpoint\\ota.pub", null)],
            entries.Take(3));
        Assert.Equal(written, entries.Skip(3).Select(e => e.Item2));
        Assert.Equal(written.Select(p => "I:\\endpoint\\" + Path.GetFileName(p)), entries.Skip(3).Select(e => e.Item1));
        Assert.All(plan.Files.Where(f => f.Path.Contains("settings.")), f => Assert.True(f.Secret));
    }

    [Fact]
    public void Plan_NoApp_UsesTheBoardsDefault()
    {
        var boards = Repo.ShippedBoards();

        Assert.Equal("plug", FlashPlanner.Plan(Request(boards.Get("esp32-devkitc"))).App);
        Assert.Equal("light", FlashPlanner.Plan(Request(boards.Get("m5stack-atom-lite"))).App);
        Assert.Equal("sensor", FlashPlanner.Plan(Request(boards.Get("xiao-esp32c3"))).App);
    }

    [Fact]
    public void Plan_AppTheBoardCannotHost_IsAUsageErrorSayingWhy()
    {
        var ex = Assert.Throws<FlashPlanException>(() => FlashPlanner.Plan(Request(Repo.ShippedBoards().Get("xiao-esp32c3"), "plug")));

        Assert.True(ex.Usage);
        Assert.Equal("board xiao-esp32c3 cannot host the plug app: it has no 'relay1' pin", ex.Message);
    }

    [Fact]
    public void Plan_CustomTargetBoardWithoutClr_SaysWhatToBuild()
    {
        var board = Repo.ShippedBoards().Get("shelly-plus-plug-s");

        var ex = Assert.Throws<FlashPlanException>(() => FlashPlanner.Plan(Request(board, "plug") with { ClrFile = null }));

        Assert.True(ex.Usage);
        Assert.StartsWith("board shelly-plus-plug-s needs a custom nanoFramework firmware: the ESP32-U4WDH is single-core", ex.Message);
        Assert.Contains("build nf-interpreter's ESP32_BLE_REV0 with CONFIG_FREERTOS_UNICORE=y and pass its nanoCLR.bin with --clr FILE", ex.Message);
    }

    [Fact]
    public void Plan_MissingBuildOutput_SaysHowToBuild()
    {
        using var empty = new FakeBuild("mscorlib");

        var ex = Assert.Throws<FlashPlanException>(() => FlashPlanner.Plan(Request(Repo.ShippedBoards().Get("esp32-devkitc"), "plug") with { BuildOutput = empty.Folder }));

        Assert.False(ex.Usage);
        Assert.Equal(
            $"no build output for the plug app in {empty.Folder} (Endpoint.Plug.pe is missing): build firmware/apps/Plug/Endpoint.Plug.nfproj first: Visual Studio with the .NET nanoFramework extension, or msbuild firmware/apps/Plug/Endpoint.Plug.nfproj -p:Configuration=Release with the nanoFramework build tools",
            ex.Message);
    }

    [Fact]
    public void Plan_InAClone_FindsReleaseElseDebugOutputOfTheAppsNfproj()
    {
        string clone = Directory.CreateTempSubdirectory("endpoint-clone-").FullName;
        try
        {
            string app = Path.Combine(clone, "firmware", "apps", "Light");
            Directory.CreateDirectory(Path.Combine(app, "bin", "Debug"));
            File.WriteAllText(Path.Combine(app, "Lights.nfproj"), "<Project><PropertyGroup><AssemblyName>My.Lights</AssemblyName></PropertyGroup></Project>");
            var request = Request(Repo.ShippedBoards().Get("m5stack-atom-lite"), "light") with { BuildOutput = null, RepoRoot = clone };

            var missing = Assert.Throws<FlashPlanException>(() => FlashPlanner.Plan(request));
            File.WriteAllText(Path.Combine(app, "bin", "Debug", "My.Lights.pe"), "PE");
            File.WriteAllText(Path.Combine(app, "bin", "Debug", "mscorlib.pe"), "PE");
            var plan = FlashPlanner.Plan(request);

            Assert.StartsWith("no build output for the light app (firmware/apps/Light/bin/Release/My.Lights.pe is missing): build firmware/apps/Light/Lights.nfproj first", missing.Message);
            Assert.Equal(Path.Combine(app, "bin", "Debug"), plan.Build.Folder);
            Assert.Equal(["mscorlib.pe", "My.Lights.pe"], plan.Build.PeFiles.Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(clone, true);
        }
    }

    [Fact]
    public void Plan_OutsideACloneWithoutBuildOutput_IsAUsageError()
    {
        var ex = Assert.Throws<FlashPlanException>(() => FlashPlanner.Plan(Request(Repo.ShippedBoards().Get("esp32-devkitc"), "plug") with { BuildOutput = null, RepoRoot = null }));

        Assert.True(ex.Usage);
        Assert.Contains("give --build-output DIR", ex.Message);
    }

    [Theory]
    [InlineData("/dev/ttyUSB0", "dev_ttyUSB0")]
    [InlineData("COM3", "COM3")]
    [InlineData("/dev/cu.usbserial-1420", "dev_cu_usbserial_1420")]
    [InlineData("///", "port")]
    public void WorkDirectory_OneFolderPerPortInTheUsersDataFolder(string port, string folder)
    {
        Assert.Equal(Path.Combine("/home/u/.local/share", "endpoint", "flash", folder), FlashPlanner.WorkDirectory("/home/u/.local/share", port));
    }
}
