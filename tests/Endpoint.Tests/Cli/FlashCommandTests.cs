using System;
using System.IO;
using System.Linq;
using Endpoint.Cli.CommandLine;
using Endpoint.Cli.Commands;
using Endpoint.Tests.Host.Flashing;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

public sealed class FlashCommandTests : IDisposable
{
    private readonly FakeBuild _build = new();
    private readonly string _home = Directory.CreateTempSubdirectory("endpoint-home-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _build.Dispose();
        Directory.Delete(_home, true);
    }

    private FlashEnvironment Env(string path = "") => new()
    {
        Out = _out,
        Error = _error,
        PathVariable = path,
        Home = _home,
        DataDirectory = Path.Combine(_home, "data"),
        CurrentDirectory = Repo.Root,
    };

    private int Flash(FlashEnvironment env, params string[] args) => FlashCommand.Run(["--build-output", _build.Folder, .. args], env);

    [Fact]
    public void DryRun_PrintsEveryCommandAndFileMasksThePasswordAndWritesNothing()
    {
        int code = Flash(Env(), "--board", "esp32-devkitc", "--port", "/dev/ttyUSB0", "--id", "kitchen-plug", "--hub", "mqtt://alice:s3cret@broker.lan:1884", "--dry-run");

        string work = Path.Combine(_home, "data", "endpoint", "flash", "dev_ttyUSB0");
        string output = _out.ToString();
        Assert.Equal(0, code);
        Assert.Contains("  1. nanoff flash target ESP32_BLE_REV0 serialport /dev/ttyUSB0\n", output.ReplaceLineEndings("\n"));
        Assert.Contains($"  2. nanoff deploy file {work}/deploy.json serialport /dev/ttyUSB0\n", output.ReplaceLineEndings("\n"));
        Assert.Contains($"  3. nanoff deploy target ESP32_BLE_REV0 serialport /dev/ttyUSB0 image {work}/endpoint-plug.bin\n", output.ReplaceLineEndings("\n"));
        Assert.Contains(Path.Combine(_build.Folder, "Endpoint.Plug.pe"), output);
        Assert.Contains("\"DestinationFilePath\": \"I:\\\\endpoint\\\\settings.a\"", output);
        Assert.Contains("hub.password   ********", output);
        Assert.Contains("device.id      kitchen-plug", output);
        Assert.Contains("hub.port       1884", output);
        Assert.DoesNotContain("s3cret", output);
        Assert.False(Directory.Exists(work));
    }

    [Fact]
    public void UnknownBoard_IsAUsageErrorListingTheBoards()
    {
        var ex = Assert.Throws<UsageException>(() => Flash(Env(), "--board", "esp8266-nodemcu", "--port", "/dev/ttyUSB0", "--dry-run"));

        Assert.Equal("endpoint flash: unknown board 'esp8266-nodemcu'; known boards: esp32-c3-devkitm-1, esp32-devkitc, esp32-s3-devkitc-1, m5stack-atom-lite, shelly-plus-1, shelly-plus-plug-s, xiao-esp32c3", ex.Message);
    }

    [Fact]
    public void AppTheBoardCannotHost_IsAUsageErrorSayingWhy()
    {
        var ex = Assert.Throws<UsageException>(() => Flash(Env(), "--board", "m5stack-atom-lite", "--port", "COM3", "--app", "sensor", "--dry-run"));

        Assert.Equal("endpoint flash: board m5stack-atom-lite cannot host the sensor app: it has no sensor part (sensirion,sht4x, sensirion,sht3x, bosch,bme280)", ex.Message);
    }

    [Fact]
    public void MissingBuildOutput_FailsWithOneLineSayingHowToBuild()
    {
        using var empty = new FakeBuild("mscorlib");

        int code = FlashCommand.Run(["--board", "esp32-devkitc", "--port", "COM3", "--build-output", empty.Folder, "--dry-run"], Env());

        Assert.Equal(1, code);
        string line = Assert.Single(_error.ToString().TrimEnd().Split('\n'));
        Assert.StartsWith($"endpoint flash: no build output for the plug app in {empty.Folder} (Endpoint.Plug.pe is missing): build firmware/apps/Plug/Endpoint.Plug.nfproj first", line);
    }

    [Theory]
    [InlineData("http://alice:s3cret@broker.lan", "--hub: The broker URI scheme 'http' is not supported")]
    [InlineData("mqtt://alice:s3cret@broker.lan:99999", "--hub: The port in the broker URI must be a number from 1 to 65535.")]
    [InlineData("mqtt://:s3cret@broker.lan", "--hub: The broker URI has a password but no user name")]
    public void BadHubUri_IsAUsageErrorWithoutThePassword(string uri, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => Flash(Env(), "--board", "esp32-devkitc", "--port", "COM3", "--hub", uri, "--dry-run"));

        Assert.StartsWith("endpoint flash: " + expected, ex.Message);
        Assert.DoesNotContain("s3cret", ex.Message);
    }

    [Theory]
    [InlineData(new[] { "--port", "COM3" }, "endpoint flash: --board is required")]
    [InlineData(new[] { "--board", "esp32-devkitc" }, "endpoint flash: --port is required")]
    [InlineData(new[] { "--board", "esp32-devkitc", "--port", "COM3", "--id", "Kitchen Plug" }, "endpoint flash: invalid --id 'Kitchen Plug'")]
    [InlineData(new[] { "--board", "esp32-devkitc", "--port", "COM3", "--app", "toaster" }, "endpoint flash: unknown app 'toaster'; apps are plug, light, sensor")]
    [InlineData(new[] { "--board", "esp32-devkitc", "--port", "COM3", "--ca", "ca.pem" }, "endpoint flash: --ca goes with an mqtts:// --hub")]
    [InlineData(new[] { "--board", "esp32-devkitc", "--port", "COM3", "--ota-key", "/no/such/key.pub" }, "endpoint flash: --ota-key /no/such/key.pub: no such file")]
    [InlineData(new[] { "--board", "esp32-devkitc", "--port", "COM3", "--hub", "mqtts://h", "--ca", "/no/such/ca.pem" }, "endpoint flash: --ca /no/such/ca.pem: no such file")]
    [InlineData(new[] { "--board", "esp32-devkitc", "--port", "" }, "endpoint flash: --port is empty")]
    [InlineData(new[] { "--board", "esp32-devkitc", "--port", "COM3", "--ota-key", "/" }, "endpoint flash: --ota-key /: a folder, not a file")]
    [InlineData(new[] { "--board", "shelly-plus-1", "--port", "COM3" }, "endpoint flash: board shelly-plus-1 needs a custom nanoFramework firmware")]
    [InlineData(new[] { "--board", "shelly-plus-1", "--port", "COM3", "--clr", "/no/such/nanoCLR.bin" }, "endpoint flash: --clr /no/such/nanoCLR.bin: no such file")]
    public void BadArguments_AreOneLineUsageErrors(string[] args, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => Flash(Env(), [.. args, "--dry-run"]));

        Assert.StartsWith(expected, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void BadOtaKey_IsAUsageErrorNamingTheFile()
    {
        string key = Path.Combine(_home, "ota.pub");
        File.WriteAllText(key, "not a key");

        var ex = Assert.Throws<UsageException>(() => Flash(Env(), "--board", "esp32-devkitc", "--port", "COM3", "--ota-key", key, "--dry-run"));

        Assert.Equal($"endpoint flash: --ota-key {key}: not an Ed25519 public key (expected 32 raw bytes, 64 hex digits, base64 of 32 bytes, or a PEM PUBLIC KEY)", ex.Message);
    }

    [Fact]
    public void NanoffMissing_SaysHowToInstallItAndExits1()
    {
        int code = Flash(Env(path: Path.Combine(_home, "empty-bin")), "--board", "esp32-devkitc", "--port", "COM3");

        Assert.Equal(1, code);
        Assert.Equal("nanoff is not installed: dotnet tool install -g nanoff", _error.ToString().TrimEnd());
        Assert.False(Directory.Exists(Path.Combine(_home, "data", "endpoint", "flash", "COM3")));
    }

    [Fact]
    public void Flash_WithNanoff_RunsTheThreeStepsWithTheFilesInPlaceThenDeletesTheSecrets()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the stand-in nanoff is a POSIX shell script
        }

        string log = Path.Combine(_home, "nanoff.log");
        string seen = Path.Combine(_home, "seen");
        Directory.CreateDirectory(seen);
        string bin = Path.Combine(_home, "tools");
        Directory.CreateDirectory(bin);
        // Stands in for nanoff: records each call, and keeps what the file deployment points at while it exists.
        File.WriteAllText(Path.Combine(bin, "nanoff"), $"""
            #!/bin/sh
            echo "$*" >> '{log}'
            if [ "$1 $2" = "deploy file" ]; then cp "$3" '{seen}/deploy.json'; cp "$(dirname "$3")"/settings.* '{seen}/'; fi
            exit 0
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(Path.Combine(bin, "nanoff"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        int code = Flash(Env(path: bin), "--board", "esp32-c3-devkitm-1", "--port", "/dev/ttyACM0", "--id", "desk-lamp", "--hub", "mqtt://alice:s3cret@broker.lan");

        string work = Path.Combine(_home, "data", "endpoint", "flash", "dev_ttyACM0");
        Assert.Equal(0, code);
        Assert.Equal(
            [
                "flash target ESP32_C3_REV3 serialport /dev/ttyACM0",
                $"deploy file {work}/deploy.json serialport /dev/ttyACM0",
                $"deploy target ESP32_C3_REV3 serialport /dev/ttyACM0 image {work}/endpoint-light.bin",
            ],
            File.ReadAllLines(log));
        Assert.Contains("s3cret", File.ReadAllText(Path.Combine(seen, "settings.b"))); // the record really carried the password
        Assert.Equal(["deploy.json", "settings.a", "settings.b"], Directory.GetFiles(seen).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFiles(work, "settings.*"));
        Assert.True(File.Exists(Path.Combine(work, "endpoint-light.bin")));
        Assert.DoesNotContain("s3cret", _out.ToString());
    }

    [Fact]
    public void Flash_StepFails_StopsWithOneLineAndStillDeletesTheSecrets()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string bin = Path.Combine(_home, "tools");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "nanoff"), "#!/bin/sh\nif [ \"$1 $2\" = \"deploy file\" ]; then exit 3; fi\nexit 0\n");
        File.SetUnixFileMode(Path.Combine(bin, "nanoff"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        int code = Flash(Env(path: bin), "--board", "esp32-devkitc", "--port", "COM7", "--hub", "mqtt://alice:s3cret@broker.lan");

        Assert.Equal(1, code);
        Assert.Equal("endpoint flash: step 2 (write the device's settings to I:\\endpoint) failed: nanoff exited with code 3", _error.ToString().TrimEnd());
        Assert.Empty(Directory.GetFiles(Path.Combine(_home, "data", "endpoint", "flash", "COM7"), "settings.*"));
    }

    [Fact]
    public void Flash_FindsNanoffInTheDotnetToolsFolderWhenNotOnPath()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string tools = Path.Combine(_home, ".dotnet", "tools");
        Directory.CreateDirectory(tools);
        File.WriteAllText(Path.Combine(tools, "nanoff"), "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(Path.Combine(tools, "nanoff"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.Equal(Path.Combine(tools, "nanoff"), Env(path: "/nonexistent").FindNanoff());
        File.Delete(Path.Combine(tools, "nanoff"));
        Assert.Null(Env(path: "/nonexistent").FindNanoff());
    }

    private string SaveBundle(Endpoint.Host.Ota.BundleFile bundle)
    {
        string path = Path.Combine(_home, "plug-1.0.0.epk");
        File.WriteAllBytes(path, bundle.Data);
        return path;
    }

    private string SaveKey()
    {
        string path = Path.Combine(_home, "ota.pub");
        File.WriteAllText(path, Convert.ToHexString(OtaKit.PublicKey).ToLowerInvariant() + "\n");
        return path;
    }

    [Fact]
    public void DryRun_Bundle_PrintsBootTheSlotAndEveryCommandMasksThePasswordAndWritesNothing()
    {
        using var boot = new FakeBuild("mscorlib", "Endpoint.Boot");
        var bundle = OtaKit.Bundle(_home, "1.0.0", 1);

        int code = FlashCommand.Run(
            ["--board", "esp32-devkitc", "--port", "/dev/ttyUSB0", "--bundle", SaveBundle(bundle), "--ota-key", SaveKey(), "--boot", boot.Folder,
             "--hub", "mqtt://alice:s3cret@broker.lan", "--dry-run"],
            Env());

        string work = Path.Combine(_home, "data", "endpoint", "flash", "dev_ttyUSB0");
        string output = _out.ToString().ReplaceLineEndings("\n");
        Assert.Equal(0, code);
        Assert.StartsWith($"endpoint flash --dry-run: Endpoint.Boot and the plug app 1.0.0 (build 1, bundle {bundle.BundleIdHex}) in slot a on esp32-devkitc", output);
        Assert.Contains("  1. nanoff flash target ESP32_BLE_REV0 serialport /dev/ttyUSB0\n", output);
        Assert.Contains($"  2. nanoff deploy file {work}/deploy.json serialport /dev/ttyUSB0\n", output);
        Assert.Contains("     # write the device's settings, the OTA key and the plug app 1.0.0 (build 1) in slot a to I:\\endpoint\n", output);
        Assert.Contains($"  3. nanoff deploy target ESP32_BLE_REV0 serialport /dev/ttyUSB0 image {work}/endpoint-boot.bin\n", output);
        Assert.Contains(Path.Combine(boot.Folder, "Endpoint.Boot.pe"), output);
        Assert.Contains($"  {work}/slot-a.manifest  (", output);
        Assert.Contains("slot a: Endpoint.Plug 1.0.0.0", output);
        Assert.Contains("boot record: slot a, confirmed", output);
        Assert.Contains("\"DestinationFilePath\": \"I:\\\\endpoint\\\\boot-lkg.b\"", output);
        Assert.Contains("hub.password   ********", output);
        Assert.DoesNotContain("s3cret", output);
        Assert.DoesNotContain("endpoint-plug.bin", output);
        Assert.False(Directory.Exists(work));
    }

    [Fact]
    public void Flash_Bundle_RunsTheThreeStepsWithEveryDeployedFileInPlace()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the stand-in nanoff is a POSIX shell script
        }

        using var boot = new FakeBuild("mscorlib", "Endpoint.Boot");
        string log = Path.Combine(_home, "nanoff.log");
        string missing = Path.Combine(_home, "missing");
        string bin = Path.Combine(_home, "tools");
        Directory.CreateDirectory(bin);
        // Stands in for nanoff: records each call and every source file of the file deployment that is not there.
        File.WriteAllText(Path.Combine(bin, "nanoff"), $"""
            #!/bin/sh
            echo "$*" >> '{log}'
            if [ "$1 $2" = "deploy file" ]; then
              grep -o '"SourceFilePath": "[^"]*"' "$3" | cut -d'"' -f4 | while read f; do [ -f "$f" ] || echo "$f" >> '{missing}'; done
              grep -c SourceFilePath "$3" >> '{log}'
            fi
            exit 0
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(Path.Combine(bin, "nanoff"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        int code = FlashCommand.Run(
            ["--board", "esp32-devkitc", "--port", "/dev/ttyUSB0", "--bundle", SaveBundle(OtaKit.Bundle(_home, "1.0.0", 1)), "--ota-key", SaveKey(), "--boot", boot.Folder],
            Env(path: bin));

        string work = Path.Combine(_home, "data", "endpoint", "flash", "dev_ttyUSB0");
        var calls = File.ReadAllLines(log);
        Assert.Equal(0, code);
        Assert.Equal("flash target ESP32_BLE_REV0 serialport /dev/ttyUSB0", calls[0]);
        Assert.Equal($"deploy file {work}/deploy.json serialport /dev/ttyUSB0", calls[1]);
        Assert.True(int.Parse(calls[2]) > 6); // settings, key, slot manifest, assemblies, records
        Assert.Equal($"deploy target ESP32_BLE_REV0 serialport /dev/ttyUSB0 image {work}/endpoint-boot.bin", calls[3]);
        Assert.False(File.Exists(missing));
        Assert.Contains("done: esp32-devkitc runs Endpoint.Boot, which starts the plug app 1.0.0 from slot a", _out.ToString());
    }

    [Fact]
    public void Help_DescribesTheBundleAndTheBootFolder()
    {
        Assert.Equal(0, FlashCommand.Run(["--help"], Env()));

        string help = _out.ToString();
        Assert.Contains("--bundle FILE.epk", help);
        Assert.Contains("--boot DIR", help);
        Assert.Contains("refuses updates", help);
    }

    [Fact]
    public void Bundle_MissingFile_IsAUsageError()
    {
        var ex = Assert.Throws<UsageException>(() => Flash(Env(), "--board", "esp32-devkitc", "--port", "COM3", "--bundle", "/no/such.epk", "--ota-key", SaveKey(), "--dry-run"));

        Assert.Equal("endpoint flash: --bundle /no/such.epk: no such file", ex.Message);
    }

    [Theory]
    [InlineData("no key", "endpoint flash: --bundle needs --ota-key FILE")]
    [InlineData("other key", "endpoint flash: --bundle {0}: its signature does not verify with the --ota-key key")]
    [InlineData("other board", "endpoint flash: --bundle {0} is for esp32-c3-devkitm-1, not for esp32-devkitc")]
    [InlineData("damaged", "endpoint flash: --bundle {0} is damaged: Endpoint.Plug does not match the SHA-256 in its signed manifest")]
    [InlineData("app the board cannot host", "endpoint flash: board m5stack-atom-lite cannot host the plug app: it has no 'relay1' pin")]
    public void Bundle_BadInput_ExitsWithUsageCode2AndOneLine(string problem, string expected)
    {
        using var boot = new FakeBuild("mscorlib", "Endpoint.Boot");
        var bundle = problem switch
        {
            "other key" => OtaKit.Bundle(_home, "1.0.0", 1, seed: OtaKit.OtherSeed),
            "other board" => OtaKit.Bundle(_home, "1.0.0", 1, boards: ["esp32-c3-devkitm-1"], soc: "esp32c3"),
            "app the board cannot host" => OtaKit.Bundle(_home, "1.0.0", 1, boards: ["m5stack-atom-lite"]),
            _ => OtaKit.Bundle(_home, "1.0.0", 1),
        };
        byte[] data = (byte[])bundle.Data.Clone();
        if (problem == "damaged")
        {
            data[^1] ^= 1; // the last byte of Endpoint.Plug; the signed manifest is untouched
        }

        string file = Path.Combine(_home, "bad.epk");
        File.WriteAllBytes(file, data);
        string board = problem == "app the board cannot host" ? "m5stack-atom-lite" : "esp32-devkitc";
        string[] key = problem == "no key" ? [] : ["--ota-key", SaveKey()];

        var run = CliRun.RunIn(Repo.Root, 60_000, ["flash", "--board", board, "--port", "COM3", "--bundle", file, .. key, "--boot", boot.Folder, "--dry-run"]);

        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Out);
        Assert.StartsWith(string.Format(expected, file), Assert.Single(run.Err.TrimEnd().Split('\n')));
    }
}
