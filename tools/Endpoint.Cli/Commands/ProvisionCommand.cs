using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Endpoint.Cli.CommandLine;
using Endpoint.Core.Provisioning;
using Endpoint.Host.Provisioning;
using Endpoint.Host.Serial;

namespace Endpoint.Cli.Commands;

/// <summary><c>endpoint provision</c>: gives a device its Wi-Fi over Improv serial and prints where to go next.</summary>
public static class ProvisionCommand
{
    public const string Help = """
        usage: endpoint provision --serial PATH --ssid SSID --password PASSWORD [--timeout 30s]

        Gives a device its Wi-Fi network over Improv serial (improv-wifi.com) and prints the
        URL the device returns (its hub) on standard output; progress goes to standard error.

          --serial PATH      the device's Improv UART: /dev/ttyUSB0, or the other end of the pty
                             pair of 'endpoint sim … --serial'
          --ssid SSID        network name (1-32 bytes)
          --password PASS    network password (up to 64 bytes; empty for an open network);
                             never printed
          --timeout T        how long to wait for each answer: 30s (default), 2m, or seconds

        Exit status: 0 provisioned, 1 refused or no answer, 2 wrong arguments.
        """;

    private static readonly OptionSpec[] Options =
    [
        new("serial"), new("ssid"), new("password"), new("timeout"), new("help", TakesValue: false),
    ];

    public static int Run(string[] args)
    {
        var a = ParsedArgs.Parse("endpoint provision", args, Options);
        if (a.Has("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        a.AtMostPositionals(0);
        string path = Required(a, "serial");
        string ssid = Required(a, "ssid");
        string password = a.Get("password") ?? throw new UsageException("endpoint provision: --password is required (use --password '' for an open network)");
        int ssidBytes = Encoding.UTF8.GetByteCount(ssid);
        if (ssidBytes == 0 || ssidBytes > ImprovRpc.MaxSsidBytes)
        {
            throw new UsageException($"endpoint provision: --ssid must be 1 to {ImprovRpc.MaxSsidBytes} bytes");
        }

        if (Encoding.UTF8.GetByteCount(password) > ImprovRpc.MaxPasswordBytes)
        {
            throw new UsageException($"endpoint provision: --password must be at most {ImprovRpc.MaxPasswordBytes} bytes");
        }

        TimeSpan timeout = ParseTimeout(a.Get("timeout", "30s"));
        if (!File.Exists(path))
        {
            throw new UsageException($"endpoint provision: --serial: no such device '{path}'");
        }

        TtySerialPort opened;
        try
        {
            opened = TtySerialPort.Open(path);
        }
        catch (IOException ex)
        {
            // Not an argument error: the path exists, the port cannot be used (permission, not a tty).
            Console.Error.WriteLine($"endpoint provision: --serial: {ex.Message}");
            return 1;
        }

        using var port = opened;
        var client = new ImprovSerialClient(port);
        port.Start();
        return new Session(client, path, ssid, password, timeout).Run();
    }

    private static string Required(ParsedArgs a, string name) =>
        a.Get(name) is { Length: > 0 } v ? v : throw new UsageException($"endpoint provision: --{name} is required; see 'endpoint provision --help'");

    /// <summary>Parses 30s, 2m or a number of seconds (1 s to 1 h).</summary>
    public static TimeSpan ParseTimeout(string text)
    {
        string digits = text;
        int scale = 1;
        if (text.EndsWith('s'))
        {
            digits = text[..^1];
        }
        else if (text.EndsWith('m'))
        {
            digits = text[..^1];
            scale = 60;
        }

        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value * (long)scale < 1 || value * (long)scale > 3600)
        {
            throw new UsageException($"endpoint provision: --timeout must be like 30s, 2m or 45 (1 s to 1 h), not '{text}'");
        }

        return TimeSpan.FromSeconds(value * scale);
    }

    private sealed class Session(ImprovSerialClient client, string path, string ssid, string password, TimeSpan timeout)
    {
        private string Seconds => $"{timeout.TotalSeconds:0} s";

        public int Run()
        {
            // Answers meant for an earlier client may still sit in the line: skip them.
            client.Discard(TimeSpan.FromMilliseconds(150));

            int state = RequestState();
            if (state < 0)
            {
                return Fail($"no answer from the device on {path} within {Seconds} (is it running Improv serial on this port?)");
            }

            if (state == (int)ImprovState.AuthorizationRequired)
            {
                return Fail("not authorized: press the device's button, then run this again");
            }

            ShowDeviceInfo();
            Console.Error.WriteLine($"sending the credentials for '{ssid}'");
            client.Send(ImprovCommand.WifiSettings, ImprovSerialClient.WifiSettings(ssid, password));
            bool joining = false;
            while (true)
            {
                var p = client.Next(timeout);
                if (p == null)
                {
                    return Fail(joining
                        ? $"the device did not finish joining '{ssid}' within {Seconds}"
                        : $"no answer from the device on {path} within {Seconds}");
                }

                switch (p.Type)
                {
                    case ImprovSerialFramer.TypeCurrentState when p.Value == (byte)ImprovState.Provisioning && !joining:
                        joining = true;
                        Console.Error.WriteLine($"the device is joining '{ssid}'");
                        break;
                    case ImprovSerialFramer.TypeErrorState when p.Value != (byte)ImprovError.None:
                        return Fail(Describe((ImprovError)p.Value));
                    case ImprovSerialFramer.TypeRpcResult when p.ResultCommand == ImprovCommand.WifiSettings:
                        var urls = p.ResultStrings.Where(u => u.Length > 0).ToList();
                        Console.Error.WriteLine($"provisioned: the device joined '{ssid}'");
                        if (urls.Count == 0)
                        {
                            Console.Error.WriteLine("(the device returned no URL)");
                        }

                        foreach (string url in urls)
                        {
                            Console.WriteLine(url);
                        }

                        return 0;
                }
            }
        }

        // "Request current state" until the device answers (it may still be booting), as the JavaScript SDK does.
        private int RequestState()
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                client.Send(ImprovCommand.RequestState, []);
                var resend = DateTime.UtcNow.AddSeconds(1);
                while (DateTime.UtcNow < resend && DateTime.UtcNow < deadline)
                {
                    var p = client.Next(TimeSpan.FromMilliseconds(100));
                    if (p != null && p.Type == ImprovSerialFramer.TypeCurrentState)
                    {
                        // A provisioned device also sends its URLs: read them now so they are not taken for later answers.
                        if (p.Value == (byte)ImprovState.Provisioned)
                        {
                            client.Discard(TimeSpan.FromMilliseconds(150));
                        }

                        return p.Value;
                    }
                }
            }

            return -1;
        }

        private void ShowDeviceInfo()
        {
            client.Send(ImprovCommand.DeviceInfo, []);
            var deadline = DateTime.UtcNow.AddSeconds(3);
            while (DateTime.UtcNow < deadline)
            {
                var p = client.Next(TimeSpan.FromMilliseconds(200));
                if (p?.Type == ImprovSerialFramer.TypeRpcResult && p.ResultCommand == ImprovCommand.DeviceInfo)
                {
                    var s = p.ResultStrings;
                    if (s.Count >= 4)
                    {
                        Console.Error.WriteLine($"device '{s[3]}': {s[0]} {s[1]} on {s[2]}");
                    }

                    return;
                }

                if (p?.Type == ImprovSerialFramer.TypeErrorState && p.Value != 0)
                {
                    return; // an older device without device info: not needed to provision
                }
            }
        }

        private static string Describe(ImprovError error) => error switch
        {
            ImprovError.UnableToConnect => "unable to connect: wrong password or network out of range",
            ImprovError.NotAuthorized => "not authorized: press the device's button, then run this again",
            ImprovError.InvalidRpc => "the device rejected the request as malformed",
            ImprovError.UnknownRpc => "the device does not support sending Wi-Fi settings over serial",
            ImprovError.Unknown => "the device reported an error (it may be busy joining another network); try again",
            _ => $"the device reported error 0x{(byte)error:X2}",
        };

        private static int Fail(string message)
        {
            Console.Error.WriteLine("endpoint provision: " + message);
            return 1;
        }
    }
}
