using System;
using System.Globalization;
using System.Threading;

namespace Endpoint.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Endpoint.Benchmarks -- &lt;mqtt|roundtrip|alloc|all&gt; [--count N] [--reps R]</c>.
/// Prints the environment and one table per benchmark. Figures are reported, never asserted: a
/// missed target is printed as MISS and the exit code stays 0 (DESIGN.md §8); 1 only when a
/// benchmark could not run at all.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;

        string which = null;
        int count = 0;
        int reps = 3;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--count" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0:
                    count = n;
                    i++;
                    break;
                case "--reps" when i + 1 < args.Length && int.TryParse(args[i + 1], out var r) && r > 0:
                    reps = r;
                    i++;
                    break;
                case "-h" or "--help":
                    Usage();
                    return 0;
                case "mqtt" or "roundtrip" or "alloc" or "all" when which == null:
                    which = args[i];
                    break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'");
                    Usage();
                    return 2;
            }
        }

        if (which == null)
        {
            Usage();
            return 2;
        }

        Report.Environment();
        bool ok = true;
        if (which is "mqtt" or "all")
        {
            ok &= Guard("mqtt", () => MqttThroughput.Run(count > 0 ? count : 200_000, reps));
        }

        if (which is "roundtrip" or "all")
        {
            ok &= Guard("roundtrip", () => RoundTrip.Run(count > 0 ? count : 10_000, warmup: 500));
        }

        if (which is "alloc" or "all")
        {
            ok &= Guard("alloc", () => Alloc.Run(count > 0 ? count : 10_000, warmup: 1_000));
        }

        // A missed target is a figure, not a failure; only a benchmark that could not run fails.
        return ok ? 0 : 1;
    }

    private static bool Guard(string name, Action run)
    {
        try
        {
            run();
            return true;
        }
        catch (Exception e)
        {
            Console.WriteLine($"== {name}: FAILED, no figures: {e.GetType().Name}: {e.Message}");
            Console.WriteLine();
            return false;
        }
    }

    private static void Usage()
    {
        Console.Error.WriteLine(
            """
            usage: dotnet run -c Release --project tests/Endpoint.Benchmarks -- <mqtt|roundtrip|alloc|all> [--count N] [--reps R]

              mqtt       host MQTT client throughput vs mosquitto_pub/mosquitto_sub (N messages, default 200,000; R repetitions, default 3)
              roundtrip  command round trip through Mosquitto: simulated plug vs bare MQTT echo (N commands, default 10,000)
              alloc      bytes allocated in the portable core per telemetry publish and per handled command (N operations, default 10,000)
              all        all three

            --count N overrides the measured count of every benchmark that runs.
            """);
    }
}
