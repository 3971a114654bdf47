using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Endpoint.Core.Hub;
using Endpoint.Core.Ota;
using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;
using Endpoint.Host.Boards;
using Endpoint.Host.Flashing;
using Endpoint.Host.Ota;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Flashing;

/// <summary><see cref="FlashPlanner"/> with a bundle: Endpoint.Boot deployed, the bundle staged in slot a.</summary>
public sealed class FlashPlannerBundleTests : IDisposable
{
    private readonly FakeBuild _boot = new("mscorlib", "nanoFramework.Runtime.Native", "System.Device.Gpio", "Endpoint.Boot");
    private readonly string _dir = Directory.CreateTempSubdirectory("endpoint-flash-bundle-").FullName;

    public void Dispose()
    {
        _boot.Dispose();
        Directory.Delete(_dir, true);
    }

    private string Save(BundleFile bundle, string name = "plug.epk")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bundle.Data);
        return path;
    }

    private FlashRequest Request(string bundle, string board = "esp32-devkitc") => new()
    {
        Board = Repo.ShippedBoards().Get(board),
        Port = "/dev/ttyUSB0",
        DeviceId = "dev-1",
        Hub = new MqttConnectOptions { Host = "broker.lan", Port = 1883, Username = "u", Password = "p" },
        OtaPublicKey = OtaKit.PublicKey,
        Bundle = bundle,
        BootBuildOutput = _boot.Folder,
        RepoRoot = Repo.Root,
        WorkDirectory = "/work/flash",
    };

    /// <summary>Runs the plan's file deployment over <paramref name="device"/> as nanoff would: its entries in order, a delete where there is no source.</summary>
    private static void Deploy(FlashPlan plan, IFileStore device)
    {
        using var json = JsonDocument.Parse(plan.File("deploy.json").Contents);
        foreach (var e in json.RootElement.GetProperty("Files").EnumerateArray())
        {
            string destination = e.GetProperty("DestinationFilePath").GetString();
            Assert.StartsWith(ProvisionedSettings.StorageRoot + "\\", destination);
            string name = destination[(ProvisionedSettings.StorageRoot.Length + 1)..];
            if (e.TryGetProperty("SourceFilePath", out var source))
            {
                byte[] data = plan.Files.Single(f => f.Path == source.GetString()).Contents;
                device.Write(name, data, 0, data.Length);
            }
            else
            {
                device.Delete(name);
            }
        }
    }

    [Fact]
    public void Plan_Bundle_FlashesTargetThenSettingsAndSlotThenBoot()
    {
        var plan = FlashPlanner.Plan(Request(Save(OtaKit.Bundle(_dir, "1.0.0", 1))));

        Assert.Equal(["flash", "target", "ESP32_BLE_REV0", "serialport", "/dev/ttyUSB0"], plan.Steps[0].Arguments);
        Assert.Equal(["deploy", "file", "/work/flash/deploy.json", "serialport", "/dev/ttyUSB0"], plan.Steps[1].Arguments);
        Assert.Equal(["deploy", "target", "ESP32_BLE_REV0", "serialport", "/dev/ttyUSB0", "image", "/work/flash/endpoint-boot.bin"], plan.Steps[2].Arguments);
        Assert.Equal(3, plan.Steps.Count);
        Assert.Equal("plug", plan.App);
        Assert.Equal("Endpoint.Boot", plan.Build.AssemblyName);
        Assert.Equal(DeploymentImage.Build(DeploymentImage.Order(_boot.Folder, "Endpoint.Boot")), plan.File("endpoint-boot.bin").Contents);
        Assert.EndsWith("Endpoint.Boot.pe", plan.Build.PeFiles[^1]);
        Assert.DoesNotContain(plan.Files, f => Path.GetFileName(f.Path) == "endpoint-plug.bin");
        Assert.Equal("deploy Endpoint.Boot (the board restarts into it, and it starts the plug app 1.0.0 (build 1) from slot a)", plan.Steps[2].Purpose);
    }

    [Fact]
    public void Plan_Bundle_StagedFilesAreWhatSlotStagerStages()
    {
        var bundle = OtaKit.Bundle(_dir, "1.0.0", 1);
        string staged = Path.Combine(_dir, "staged");
        SlotStager.Stage(bundle, OtaKit.PublicKey, staged);

        var plan = FlashPlanner.Plan(Request(Save(bundle)));

        var stagedNames = Directory.GetFiles(staged).Select(Path.GetFileName).Where(n => n != SlotStager.DeploymentFile).Order(StringComparer.Ordinal).ToList();
        var planned = plan.Files.Select(f => Path.GetFileName(f.Path))
            .Where(n => n != "endpoint-boot.bin" && n != "deploy.json" && !n.StartsWith(ProvisionedSettings.StoreName + ".", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(stagedNames, planned);
        Assert.Contains("slot-a.manifest", planned);
        Assert.Contains(ProvisionedSettings.OtaPublicKeyFile, planned);
        Assert.All(stagedNames, n => Assert.Equal(File.ReadAllBytes(Path.Combine(staged, n)), plan.File(n).Contents));
        Assert.All(plan.Files.Where(f => stagedNames.Contains(Path.GetFileName(f.Path))), f => Assert.False(f.Secret));
        Assert.All(plan.Files.Where(f => Path.GetFileName(f.Path).StartsWith("settings.", StringComparison.Ordinal)), f => Assert.True(f.Secret));
    }

    [Fact]
    public void Plan_Bundle_DeviceWithAStaleInstallBootsTheBundleFromSlotAConfirmed()
    {
        // A board that ran other builds: records with higher sequence numbers than fresh ones, and an update to slot b cut short.
        var device = new MemoryFileStore();
        foreach (var f in SlotStager.Files(OtaKit.Bundle(_dir, "2.0.0", 7), OtaKit.PublicKey))
        {
            device.Write(f.Key, f.Value, 0, f.Value.Length);
        }

        var stale = new BootRecordStore(device);
        for (int i = 0; i < 5; i++)
        {
            stale.Write(stale.Read());
            stale.WriteLastKnownGood(stale.Read());
        }

        var next = OtaKit.Bundle(_dir, "3.0.0", 9);
        new OtaInstaller(device).Begin(stale.Read(), next.ManifestBytes, next.Signature, next.Manifest, next.Digest);
        Assert.True(device.Exists(SlotStore.ManifestName(BootRecord.SlotB)));
        Assert.NotEmpty(device.List(OtaInstaller.ProgressName));
        var plan = FlashPlanner.Plan(Request(Save(OtaKit.Bundle(_dir, "1.0.0", 1))));

        Deploy(plan, device);
        var decision = new BootSelector(device, BootSelector.DefaultMaxTrialBoots, false).Boot();

        Assert.Equal(BootRecord.SlotA, decision.Slot);
        Assert.False(decision.Trial);
        Assert.Equal(1, decision.Record.ActiveBuild);
        Assert.Equal(1, decision.Record.Floor);
        Assert.Equal("1.0.0", decision.Manifest.Manifest.Version);
        Assert.Equal("1.0.0", InstalledApp.Version(device, "0.0.0"));
        Assert.Null(SlotVerifier.Verify(new SlotStore(device), BootRecord.SlotA, OtaKit.PublicKey));
        Assert.False(device.Exists(SlotStore.ManifestName(BootRecord.SlotB)));
        Assert.Empty(device.List(OtaInstaller.ProgressName));
        Assert.Equal(1, new BootRecordStore(device).ReadLastKnownGood().ActiveBuild);
        Assert.Equal(OtaKit.PublicKey, TrustedKey.Read(device));
        var settings = new KeyValueStore(device, ProvisionedSettings.StoreName);
        Assert.Equal("esp32-devkitc", settings.Get(ProvisionedSettings.BoardIdKey));
        Assert.Equal("dev-1", settings.Get(ProvisionedSettings.DeviceIdKey));
    }

    [Theory]
    [InlineData("no key", "--bundle needs --ota-key FILE")]
    [InlineData("other key", "--bundle {0}: its signature does not verify with the --ota-key key")]
    [InlineData("damaged", "--bundle {0} is damaged: Endpoint.Plug does not match the SHA-256 in its signed manifest")]
    [InlineData("other board", "--bundle {0} is for esp32-s3-devkitc-1, not for esp32-devkitc")]
    [InlineData("other soc", "--bundle {0} is built for the esp32c3, board esp32-devkitc is an esp32")]
    [InlineData("app the board cannot host", "board xiao-esp32c3 cannot host the plug app: it has no 'relay1' pin")]
    [InlineData("not a bundle", "--bundle {0}: not a valid bundle: ")]
    [InlineData("newer boot", "--bundle {0} needs Endpoint.Boot 2 or newer, this clone's is 1")]
    [InlineData("other --app", "--app light, but --bundle {0} is the plug app")]
    [InlineData("--build-output", "--build-output goes without --bundle")]
    [InlineData("--boot without --bundle", "--boot goes with --bundle")]
    public void Plan_BadBundle_IsOneUsageLineBeforeAnythingIsPlanned(string problem, string expected)
    {
        var good = OtaKit.Bundle(_dir, "1.0.0", 1);
        FlashRequest request = problem switch
        {
            "no key" => Request(Save(good)) with { OtaPublicKey = null },
            "other key" => Request(Save(OtaKit.Bundle(_dir, "1.0.0", 1, seed: OtaKit.OtherSeed))),
            "damaged" => Request(Save(Damaged(good))),
            "other board" => Request(Save(OtaKit.Bundle(_dir, "1.0.0", 1, boards: ["esp32-s3-devkitc-1"], soc: "esp32s3"))),
            "other soc" => Request(Save(OtaKit.Bundle(_dir, "1.0.0", 1, soc: "esp32c3"))),
            "app the board cannot host" => Request(Save(OtaKit.Bundle(_dir, "1.0.0", 1, boards: ["xiao-esp32c3"], soc: "esp32c3")), "xiao-esp32c3"),
            "not a bundle" => Request(SaveBytes("EPK1 garbage"u8.ToArray())),
            "newer boot" => Request(Save(OtaKit.Bundle(_dir, "1.0.0", 1, minBoot: 2))),
            "other --app" => Request(Save(good)) with { App = "light" },
            "--build-output" => Request(Save(good)) with { BuildOutput = _boot.Folder },
            "--boot without --bundle" => Request(null),
            _ => throw new ArgumentException(problem),
        };

        var ex = Assert.Throws<FlashPlanException>(() => FlashPlanner.Plan(request));

        Assert.True(ex.Usage);
        Assert.StartsWith(string.Format(expected, request.Bundle), ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Plan_BundleForSeveralBoards_PlansForTheOneFlashed()
    {
        var bundle = OtaKit.Bundle(_dir, "1.0.0", 1, boards: ["esp32-c3-devkitm-1", "xiao-esp32c3"], soc: "esp32c3", app: "light");

        var plan = FlashPlanner.Plan(Request(Save(bundle), "esp32-c3-devkitm-1"));

        Assert.Equal("light", plan.App);
        Assert.Equal(["deploy", "target", "ESP32_C3_REV3", "serialport", "/dev/ttyUSB0", "image", "/work/flash/endpoint-boot.bin"], plan.Steps[2].Arguments);
    }

    [Fact]
    public void Plan_BundleInAClone_FindsBootsReleaseElseDebugOutputOrSaysHowToBuildIt()
    {
        string clone = Directory.CreateTempSubdirectory("endpoint-clone-").FullName;
        try
        {
            string boot = Path.Combine(clone, "firmware", "Endpoint.Boot");
            Directory.CreateDirectory(Path.Combine(boot, "bin", "Debug"));
            File.WriteAllText(Path.Combine(boot, "Endpoint.Boot.nfproj"), "<Project><PropertyGroup><AssemblyName>Endpoint.Boot</AssemblyName></PropertyGroup></Project>");
            var request = Request(Save(OtaKit.Bundle(_dir, "1.0.0", 1))) with { BootBuildOutput = null, RepoRoot = clone };

            var missing = Assert.Throws<FlashPlanException>(() => FlashPlanner.Plan(request));
            File.WriteAllText(Path.Combine(boot, "bin", "Debug", "Endpoint.Boot.pe"), "PE");
            File.WriteAllText(Path.Combine(boot, "bin", "Debug", "mscorlib.pe"), "PE");
            var plan = FlashPlanner.Plan(request);
            var outside = Assert.Throws<FlashPlanException>(() => FlashPlanner.Plan(request with { RepoRoot = null }));

            Assert.False(missing.Usage);
            Assert.Equal(
                "no build output for Endpoint.Boot (firmware/Endpoint.Boot/bin/Release/Endpoint.Boot.pe is missing): build firmware/Endpoint.Boot/Endpoint.Boot.nfproj first: Visual Studio with the .NET nanoFramework extension, or msbuild firmware/Endpoint.Boot/Endpoint.Boot.nfproj -p:Configuration=Release with the nanoFramework build tools",
                missing.Message);
            Assert.Equal(Path.Combine(boot, "bin", "Debug"), plan.Build.Folder);
            Assert.Equal(["mscorlib.pe", "Endpoint.Boot.pe"], plan.Build.PeFiles.Select(Path.GetFileName));
            Assert.True(outside.Usage);
            Assert.Equal("cannot find Endpoint.Boot's build output: run endpoint flash inside an Endpoint clone, or give --boot DIR (the folder with Endpoint.Boot.pe)", outside.Message);
        }
        finally
        {
            Directory.Delete(clone, true);
        }
    }

    private static BundleFile Damaged(BundleFile bundle)
    {
        byte[] data = (byte[])bundle.Data.Clone();
        data[^10] ^= 0x40; // inside the last assembly (Endpoint.Plug): the signed manifest is untouched
        return BundleFile.Parse(data);
    }

    private string SaveBytes(byte[] data)
    {
        string path = Path.Combine(_dir, "garbage.epk");
        File.WriteAllBytes(path, data);
        return path;
    }
}
