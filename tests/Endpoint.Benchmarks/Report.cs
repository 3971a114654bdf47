using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Endpoint.Tests.Integration;

namespace Endpoint.Benchmarks;

/// <summary>Console output: the environment block and plain-text tables.</summary>
internal static class Report
{
    public static void Environment()
    {
        Console.WriteLine("== Environment");
        Console.WriteLine($"date (UTC)     {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}");
        Console.WriteLine($"CPU count      {System.Environment.ProcessorCount} ({CpuModel()})");
        Console.WriteLine($"OS             {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}");
        Console.WriteLine($".NET           {RuntimeInformation.FrameworkDescription} ({Configuration()}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {GCSettings.LatencyMode})");
        Console.WriteLine($"mosquitto      {ToolVersion("mosquitto", "-h")}");
        Console.WriteLine($"mosquitto_pub  {ToolVersion("mosquitto_pub", "--help")}");
        Console.WriteLine($"git commit     {Git()}");
        Console.WriteLine($"load average   {LoadAverage()} (1/5/15 min; other work on the machine skews the figures)");
        Console.WriteLine($"priority       nice {Nice()} (children inherit it: broker, mosquitto_pub/sub)");
        Console.WriteLine();
    }

    private static string Configuration()
    {
#if DEBUG
        return "Debug build: figures are NOT representative, run with -c Release";
#else
        return "Release";
#endif
    }

    private static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line.Substring(line.IndexOf(':') + 1).Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The first line of a mosquitto tool's help that names its version, or "not found".</summary>
    public static string ToolVersion(string tool, string arg)
    {
        var exe = MosquittoBroker.FindTool(tool);
        if (exe == null)
        {
            return "not found";
        }

        var r = MosquittoClients.Run(exe, new[] { arg }, TimeSpan.FromSeconds(10));
        var line = r.Output.Split('\n').FirstOrDefault(l => l.Contains("version", StringComparison.OrdinalIgnoreCase));
        return line?.Trim() ?? "unknown";
    }

    private static string Git()
    {
        try
        {
            var git = MosquittoBroker.FindTool("git");
            if (git == null)
            {
                return "unknown";
            }

            var head = MosquittoClients.Run(git, new[] { "rev-parse", "--short", "HEAD" }, TimeSpan.FromSeconds(10));
            var dirty = MosquittoClients.Run(git, new[] { "status", "--porcelain", "--untracked-files=no" }, TimeSpan.FromSeconds(10));
            if (head.ExitCode != 0)
            {
                return "unknown";
            }

            return head.Stdout.Trim() + (dirty.Stdout.Trim().Length > 0 ? " (with uncommitted changes)" : "");
        }
        catch (Exception)
        {
            return "unknown";
        }
    }

    /// <summary>This process's nice value from /proc/self/stat, or "?".</summary>
    private static string Nice()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            // Field 19 is nice; fields after the command name start at field 3.
            return stat.Substring(stat.LastIndexOf(')') + 2).Split(' ')[16];
        }
        catch (Exception)
        {
            return "?";
        }
    }

    /// <summary>The 1/5/15-minute load averages from /proc/loadavg, or "n/a".</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return parts[0] + " " + parts[1] + " " + parts[2];
        }
        catch (Exception)
        {
            return "n/a";
        }
    }

    /// <summary>"tmpfs /dev/shm" or "ext4 /tmp": the file system type holding <paramref name="path"/> and the path.</summary>
    public static string FileSystem(string path)
    {
        string full = Path.GetFullPath(path).TrimEnd('/');
        string type = "?";
        int best = -1;
        try
        {
            foreach (var line in File.ReadLines("/proc/mounts"))
            {
                var f = line.Split(' ');
                if (f.Length < 3)
                {
                    continue;
                }

                string mount = f[1].TrimEnd('/');
                bool under = full == mount || full.StartsWith(mount + "/", StringComparison.Ordinal) || mount.Length == 0;
                if (under && mount.Length > best)
                {
                    best = mount.Length;
                    type = f[2];
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return type + " " + full;
    }

    public static void Heading(string title)
    {
        Console.WriteLine("== " + title);
    }

    public static void Note(string text)
    {
        Console.WriteLine("   " + text);
    }

    /// <summary>A plain-text table: first column left-aligned, the others right-aligned.</summary>
    public sealed class Table
    {
        private readonly string[] _headers;
        private readonly List<string[]> _rows = new();

        public Table(params string[] headers) => _headers = headers;

        public void Add(params string[] cells) => _rows.Add(cells);

        public void Print()
        {
            var widths = new int[_headers.Length];
            for (int c = 0; c < widths.Length; c++)
            {
                widths[c] = _headers[c].Length;
                foreach (var r in _rows)
                {
                    widths[c] = Math.Max(widths[c], c < r.Length ? r[c].Length : 0);
                }
            }

            var sb = new StringBuilder();
            Line(sb, _headers, widths);
            sb.Append("   ").Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
            foreach (var r in _rows)
            {
                Line(sb, r, widths);
            }

            Console.Write(sb.ToString());
        }

        private static void Line(StringBuilder sb, string[] cells, int[] widths)
        {
            sb.Append("   ");
            for (int c = 0; c < widths.Length; c++)
            {
                string v = c < cells.Length ? cells[c] : "";
                if (c > 0)
                {
                    sb.Append("  ");
                }

                sb.Append(c == 0 ? v.PadRight(widths[c]) : v.PadLeft(widths[c]));
            }

            sb.Append('\n');
        }
    }

    public static string Rate(double perSecond) => perSecond.ToString("#,0");

    public static string Verdict(bool met) => met ? "met" : "MISS";
}
