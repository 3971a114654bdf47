using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace Endpoint.Cli.Bench;

/// <summary>CPU time, resident memory and file limits of processes, from Linux /proc and getrlimit.</summary>
public static class ProcessStats
{
    private const int RlimitNoFile = 7;

    /// <summary>CPU seconds (user + system) the process used so far; 0 when unknown.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            // /proc/<pid>/stat: fields after the ")" of the command name; utime and stime are the 14th and 15th fields.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Resident set size in bytes (VmRSS); 0 when unknown.</summary>
    public static long RssBytes(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
        }

        return 0;
    }

    /// <summary>The 1, 5 and 15 minute load averages as text.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]);
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>Raises this process's open-file limit to its hard limit (a fleet needs a socket per endpoint); returns the new soft limit.</summary>
    public static long RaiseOpenFileLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return -1;
        }

        if (getrlimit(RlimitNoFile, out var limit) != 0)
        {
            return -1;
        }

        if (limit.Current < limit.Maximum)
        {
            var raised = new RLimit { Current = limit.Maximum, Maximum = limit.Maximum };
            if (setrlimit(RlimitNoFile, ref raised) == 0)
            {
                return (long)raised.Current;
            }
        }

        return (long)limit.Current;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref RLimit limit);
}
