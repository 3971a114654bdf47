using System;
using System.IO;
using Endpoint.Cli.CommandLine;
using Endpoint.Cli.Commands;

namespace Endpoint.Cli;

/// <summary>The <c>endpoint</c> command.</summary>
public static class Program
{
    public const string Usage = """
        usage: endpoint <command> [options]

        commands:
          demo             a small mixed fleet and the dashboard in your browser: start here
          sim <app>        run one simulated endpoint (plug, light, sensor) with a live log
          fleet            run many simulated endpoints in one process, with optional chaos
          monitor          every endpoint on a hub in a live table; --csv records every reading
          dashboard        a web page with every endpoint on a hub: live plots, switches, OTA progress
          board            list, show, validate boards; regenerate the compiled board catalog
          flash            nanoFramework firmware, an app and its settings onto a board (with nanoff)
          scan             list BLE advertisements on the simulated air (BTHome readings, Improv state)
          ota              signing keys, update bundles, over-the-air updates through the hub
          bench            measurements: power model, allocation, OTA and fleet figures
          provision        give a device its Wi-Fi over Improv serial and print its redirect URL
          version          print the version

        'endpoint <command> --help' explains a command.
        """;

    public static int Main(string[] args)
    {
        try
        {
            if (args.Length == 2 && args[0] == "help")
            {
                args = [args[1], "--help"]; // 'endpoint help sim' is 'endpoint sim --help'
            }

            if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
            {
                Console.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }

            string[] rest = args[1..];
            return args[0] switch
            {
                "sim" => SimCommand.Run(rest),
                "fleet" => FleetCommand.Run(rest),
                "monitor" => MonitorCommand.Run(rest),
                "dashboard" => DashboardCommand.Run(rest),
                "demo" => DemoCommand.Run(rest),
                "board" => BoardCommand.Run(rest),
                "flash" => FlashCommand.Run(rest),
                "scan" => ScanCommand.Run(rest),
                "bench" => BenchCommand.Run(rest),
                "ota" => OtaCommand.Run(rest),
                "provision" => ProvisionCommand.Run(rest),
                "version" or "--version" => Version(),
                _ => throw new UsageException($"endpoint: unknown command '{args[0]}'; see 'endpoint --help'"),
            };
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine("endpoint: " + ex.Message);
            return 1;
        }
    }

    private static int Version()
    {
        Console.WriteLine("endpoint " + typeof(Program).Assembly.GetName().Version?.ToString(3));
        return 0;
    }
}
