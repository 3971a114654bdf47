using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Endpoint.Tests.Integration;

namespace Endpoint.Benchmarks;

/// <summary>CPU time of another process from <c>/proc/&lt;pid&gt;/stat</c> (Linux; clock-tick resolution).</summary>
internal static class ProcessCpu
{
    private static readonly Lazy<double> MsPerTick = new(() =>
    {
        var getconf = MosquittoBroker.FindTool("getconf");
        if (getconf != null)
        {
            var r = MosquittoClients.Run(getconf, new[] { "CLK_TCK" }, TimeSpan.FromSeconds(5));
            if (int.TryParse(r.Stdout.Trim(), out int hz) && hz > 0)
            {
                return 1000.0 / hz;
            }
        }

        return 10.0;
    });

    /// <summary>User + system CPU milliseconds of the calling thread so far, or NaN when unreadable.</summary>
    public static double CurrentThreadMilliseconds() => FromStat("/proc/thread-self/stat");

    /// <summary>User + system CPU milliseconds so far, or NaN when unreadable.</summary>
    public static double Milliseconds(int pid) => FromStat($"/proc/{pid}/stat");

    private static double FromStat(string file)
    {
        try
        {
            var stat = File.ReadAllText(file);
            // Fields after the command name in parentheses: state is field 3, utime 14, stime 15.
            var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks * MsPerTick.Value;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }
}

/// <summary>
/// Runs a tool under <c>/bin/sh</c>, which prints the tool's CPU time with the POSIX <c>times</c>
/// builtin when it exits: the only portable way to get the CPU time of a child that exits by
/// itself (<c>mosquitto_sub -C N</c>) before anyone can read its <c>/proc</c> entry.
/// </summary>
internal sealed class ShellWithTimes : IDisposable
{
    private static readonly Regex TimesLine = new(@"(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s", RegexOptions.Compiled);
    private readonly Task<string> _stderr;

    private ShellWithTimes(Process process, long launchedAt)
    {
        Process = process;
        LaunchedAt = launchedAt;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public Process Process { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the launch.</summary>
    public long LaunchedAt { get; }

    public sealed record Exit(int ExitCode, string Stderr, double ChildCpuMs);

    public static ShellWithTimes Start(string exe, bool redirectStdin, params string[] args)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = redirectStdin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("\"$0\" \"$@\"; rc=$?; times >&2; exit $rc");
        psi.ArgumentList.Add(exe);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        long t0 = Stopwatch.GetTimestamp();
        return new ShellWithTimes(Process.Start(psi), t0);
    }

    /// <summary>Waits for the exit; null (and the tool killed) on time-out.</summary>
    public Exit WaitForExit(TimeSpan timeout)
    {
        if (!Process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            try { Process.Kill(true); } catch (InvalidOperationException) { }
            Process.WaitForExit(5000);
            return null;
        }

        Process.WaitForExit();
        string err = _stderr.Wait(5000) ? _stderr.Result : "";
        double cpu = double.NaN;
        var matches = TimesLine.Matches(err);
        if (matches.Count >= 2)
        {
            // The second line of `times` is the children's user and system time.
            var m = matches[matches.Count - 1];
            cpu = (int.Parse(m.Groups[1].Value) * 60 + double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)
                 + int.Parse(m.Groups[3].Value) * 60 + double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)) * 1000;
            err = err.Substring(0, matches[matches.Count - 2].Index);
        }

        return new Exit(Process.ExitCode, err, cpu);
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        Process.Dispose();
    }
}
