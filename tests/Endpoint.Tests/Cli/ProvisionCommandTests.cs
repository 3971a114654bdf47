using System;
using System.Collections.Generic;
using System.IO;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

public class ProvisionCommandTests
{
    private const byte RequestState = 0x02, DeviceInfo = 0x03, WifiSettings = 0x01;

    [Theory]
    [InlineData("--ssid Lab --password p", "--serial is required")]
    [InlineData("--serial /dev/null --password p", "--ssid is required")]
    [InlineData("--serial /dev/null --ssid Lab", "--password is required (use --password '' for an open network)")]
    [InlineData("--serial /dev/null --ssid 0123456789abcdef0123456789abcdefX --password p", "--ssid must be 1 to 32 bytes")]
    [InlineData("--serial /dev/null --ssid Lab --password p --timeout fast", "--timeout must be like 30s, 2m or 45")]
    [InlineData("--serial /dev/null --ssid Lab --password p --timeout 0s", "--timeout must be like 30s, 2m or 45")]
    [InlineData("--serial /dev/no-such-tty --ssid Lab --password p", "--serial: no such device '/dev/no-such-tty'")]
    [InlineData("--serial /dev/null --ssid Lab --password p extra", "unexpected argument 'extra'")]
    public void WrongArguments_OneLineAndExit2(string args, string message)
    {
        var r = CliRun.Run(30_000, ["provision", .. args.Split(' ')]);
        Assert.Equal(2, r.Exit);
        Assert.Contains(message, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    [Fact]
    public void SerialIsNotATerminal_OneLineNamingTheOptionExit1()
    {
        string file = System.IO.Path.GetTempFileName();
        try
        {
            var r = CliRun.Run(30_000, "provision", "--serial", file, "--ssid", "Lab", "--password", "hunter22");
            Assert.Equal(1, r.Exit);
            Assert.StartsWith($"endpoint provision: --serial: {file} is not a serial port or terminal", r.Err.Trim());
            Assert.Single(r.Err.Trim().Split('\n'));
            Assert.DoesNotContain("hunter22", r.Out + r.Err);
        }
        finally
        {
            System.IO.File.Delete(file);
        }
    }

    [Fact]
    public void PasswordLongerThan64Bytes_Exit2WithoutEchoingIt()
    {
        string password = new string('q', 65);
        var r = CliRun.Run(30_000, "provision", "--serial", "/dev/null", "--ssid", "Lab", "--password", password);
        Assert.Equal(2, r.Exit);
        Assert.Contains("--password must be at most 64 bytes", r.Err);
        Assert.DoesNotContain(password, r.Err);
    }

    [Fact]
    public void SilentDevice_NoAnswerWithinTheTimeout()
    {
        using var pair = new PtyPair();
        var r = CliRun.Run(30_000, "provision", "--serial", pair.B, "--ssid", "Lab", "--password", "secret", "--timeout", "2s");
        Assert.Equal(1, r.Exit);
        Assert.Equal($"endpoint provision: no answer from the device on {pair.B} within 2 s (is it running Improv serial on this port?)", r.Err.Trim());
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void DeviceAwaitingAuthorization_TellsToPressTheButton()
    {
        using var pair = new PtyPair();
        using var device = new ScriptedImprovDevice(pair.A, (cmd, data) => cmd == RequestState ? [ScriptedImprovDevice.State(0x01)] : []);
        var r = CliRun.Run(30_000, "provision", "--serial", pair.B, "--ssid", "Lab", "--password", "secret");
        Assert.Equal(1, r.Exit);
        Assert.Contains("not authorized: press the device's button", r.Err);
        Assert.DoesNotContain(WifiSettings, device.Commands);
    }

    [Fact]
    public void DeviceRefusesWithNotAuthorized_SameMessage()
    {
        using var pair = new PtyPair();
        using var device = new ScriptedImprovDevice(pair.A, (cmd, data) => cmd switch
        {
            RequestState => [ScriptedImprovDevice.State(0x02)],
            WifiSettings => [ScriptedImprovDevice.Error(0x04)],
            _ => [ScriptedImprovDevice.Error(0x02)],
        });
        var r = CliRun.Run(30_000, "provision", "--serial", pair.B, "--ssid", "Lab", "--password", "secret");
        Assert.Equal(1, r.Exit);
        Assert.Contains("endpoint provision: not authorized: press the device's button", r.Err);
    }

    [Fact]
    public void UnableToConnect_ClearMessageExit1AndThePasswordNeverShown()
    {
        using var pair = new PtyPair();
        using var device = new ScriptedImprovDevice(pair.A, (cmd, data) => cmd switch
        {
            RequestState => [ScriptedImprovDevice.State(0x02)],
            DeviceInfo => [ScriptedImprovDevice.Result(DeviceInfo, "Firmware", "9.9", "esp32", "Test device")],
            WifiSettings => [ScriptedImprovDevice.Error(0x00), ScriptedImprovDevice.State(0x03), ScriptedImprovDevice.Error(0x03), ScriptedImprovDevice.State(0x02)],
            _ => [],
        });
        var r = CliRun.Run(30_000, "provision", "--serial", pair.B, "--ssid", "Lab", "--password", "p4ssw0rd-secret");
        Assert.Equal(1, r.Exit);
        Assert.EndsWith("endpoint provision: unable to connect: wrong password or network out of range", r.Err.Trim());
        Assert.Contains("device 'Test device': Firmware 9.9 on esp32", r.Err);
        Assert.DoesNotContain("p4ssw0rd-secret", r.Out + r.Err);
    }

    [Fact]
    public void Success_PrintsOnlyTheUrlOnStandardOutput()
    {
        using var pair = new PtyPair();
        byte[] received = null;
        using var device = new ScriptedImprovDevice(pair.A, (cmd, data) =>
        {
            if (cmd == WifiSettings)
            {
                received = data;
                return [ScriptedImprovDevice.State(0x03), ScriptedImprovDevice.State(0x04), ScriptedImprovDevice.Result(WifiSettings, "mqtt://hub.lan:1883")];
            }

            return cmd == RequestState ? [ScriptedImprovDevice.State(0x02)] : [ScriptedImprovDevice.Error(0x02)];
        });
        var r = CliRun.Run(30_000, "provision", "--serial", pair.B, "--ssid", "Café", "--password", "secret");
        Assert.Equal(0, r.Exit);
        Assert.Equal("mqtt://hub.lan:1883\n", r.Out);
        Assert.Equal(ImprovSpec.WifiData("Café", "secret"), received);
        Assert.Equal(new List<byte> { RequestState, DeviceInfo, WifiSettings }, device.Commands);
    }

    [Fact]
    public void StaleAnswersInTheLine_IgnoredBeforeAskingForTheState()
    {
        using var pair = new PtyPair();
        using var device = new ScriptedImprovDevice(pair.A, (cmd, data) => cmd switch
        {
            RequestState => [ScriptedImprovDevice.State(0x02)],
            WifiSettings => [ScriptedImprovDevice.State(0x04), ScriptedImprovDevice.Result(WifiSettings, "mqtt://fresh:1883")],
            _ => [],
        });

        // What an earlier client left unread: a failure that must not be taken for this run's answer.
        device.Send(ScriptedImprovDevice.Error(0x03));
        device.Send(ScriptedImprovDevice.State(0x02));
        System.Threading.Thread.Sleep(200);

        var r = CliRun.Run(30_000, "provision", "--serial", pair.B, "--ssid", "Lab", "--password", "secret");
        Assert.Equal(0, r.Exit);
        Assert.Equal("mqtt://fresh:1883", r.Out.Trim());
    }

    [Fact]
    public void DeviceStartsJoiningButNeverFinishes_SaysSoAfterTheTimeout()
    {
        using var pair = new PtyPair();
        using var device = new ScriptedImprovDevice(pair.A, (cmd, data) => cmd switch
        {
            RequestState => [ScriptedImprovDevice.State(0x02)],
            WifiSettings => [ScriptedImprovDevice.State(0x03)],
            _ => [],
        });
        var r = CliRun.Run(30_000, "provision", "--serial", pair.B, "--ssid", "Lab", "--password", "secret", "--timeout", "2s");
        Assert.Equal(1, r.Exit);
        Assert.Contains("the device did not finish joining 'Lab' within 2 s", r.Err);
    }
}
