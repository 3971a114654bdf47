using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace Endpoint.Host.Ble;

/// <summary>
/// The rendezvous folder of the simulated air: every listening scanner registers an empty file named
/// <c>&lt;pid&gt;-&lt;port&gt;</c> (its process id and the loopback UDP port it listens on), and advertisers send to
/// every registered port. <c>$ENDPOINT_AIR</c> overrides the folder; otherwise
/// <c>$XDG_RUNTIME_DIR/endpoint-air</c>, or <c>&lt;temp&gt;/endpoint-air-&lt;uid&gt;</c>.
/// </summary>
public static class AirDirectory
{
    /// <summary>The environment variable that overrides the folder.</summary>
    public const string EnvironmentVariable = "ENDPOINT_AIR";

    /// <summary>The folder this process uses.</summary>
    public static string Default()
    {
        string custom = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(custom))
        {
            return custom;
        }

        string runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtime) && Directory.Exists(runtime))
        {
            return Path.Combine(runtime, "endpoint-air");
        }

        return Path.Combine(Path.GetTempPath(), "endpoint-air-" + UserTag());
    }

    /// <summary>Creates the folder (owner-only on Unix) if needed.</summary>
    /// <exception cref="IOException">The folder cannot be used; one line naming it and where it came from.</exception>
    public static void Ensure(string directory)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The runtime's own message ("The file '…' already exists") does not say which folder this is.
            string from = string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable)) ? "" : $" (from ${EnvironmentVariable})";
            throw new IOException($"the simulated BLE air folder '{directory}'{from} cannot be used: {ex.Message}", ex);
        }
    }

    /// <summary>The registration file name for a listener.</summary>
    public static string EntryName(int pid, int port) => pid.ToString(CultureInfo.InvariantCulture) + "-" + port.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The ports of every live listener in <paramref name="directory"/>. Entries of processes that no
    /// longer exist (a scanner killed with -9) are deleted on the way.
    /// </summary>
    public static List<int> LivePorts(string directory)
    {
        var ports = new List<int>();
        string[] files;
        try
        {
            files = Directory.GetFiles(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ports;
        }

        foreach (string file in files)
        {
            string name = Path.GetFileName(file);
            int dash = name.IndexOf('-');
            if (dash <= 0
                || !int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                || !int.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
                || port is < 1 or > 65535)
            {
                continue;
            }

            if (!IsAlive(pid))
            {
                try
                {
                    File.Delete(file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Another advertiser pruned it first, or it is not ours: skip it either way.
                }

                continue;
            }

            ports.Add(port);
        }

        return ports;
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string UserTag()
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                return geteuid().ToString(CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // Fall back to the user name below.
            }
        }

        return Environment.UserName;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
