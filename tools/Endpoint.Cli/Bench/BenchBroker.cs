using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Endpoint.Cli.Bench;

/// <summary>
/// A Mosquitto of the benchmark's own: loopback, no connection limit, its open-file limit raised as
/// far as the system allows, <c>$SYS</c> every second (its own count of received PUBLISHes).
/// </summary>
public sealed class BenchBroker : IDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private BenchBroker(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    /// <summary>The broker's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The broker's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>The broker's open-file limit as it runs.</summary>
    public string OpenFileLimit
    {
        get
        {
            try
            {
                foreach (string line in File.ReadLines($"/proc/{Pid}/limits"))
                {
                    if (line.StartsWith("Max open files", StringComparison.Ordinal))
                    {
                        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
                    }
                }
            }
            catch (IOException)
            {
            }

            return "?";
        }
    }

    /// <summary>Finds a tool in PATH or the sbin folders (mosquitto lives in /usr/sbin on Debian).</summary>
    public static string Find(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/usr/local/sbin"))
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>
    /// Starts the broker and waits until it accepts connections. <paramref name="tcpNoDelay"/> sets
    /// Mosquitto's <c>set_tcp_nodelay</c> (off by default: Nagle's algorithm then holds small packets
    /// back until the previous one is acknowledged, which adds tens of milliseconds to round trips).
    /// </summary>
    /// <exception cref="InvalidOperationException">No mosquitto, or it did not start.</exception>
    public static BenchBroker Start(bool tcpNoDelay)
    {
        string mosquitto = Find("mosquitto") ?? throw new InvalidOperationException("mosquitto not found: install it (apt-get install mosquitto mosquitto-clients)");
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        string dir = Path.Combine(Path.GetTempPath(), "endpoint-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "mosquitto.conf"),
            $"listener {port} 127.0.0.1\nallow_anonymous true\nmax_connections -1\npersistence false\nsys_interval 1\n{(tcpNoDelay ? "set_tcp_nodelay true\n" : "")}max_queued_messages 100000\nlog_dest file {Path.Combine(dir, "mosquitto.log")}\nlog_type error\nlog_type warning\nuser root\n");

        // A broker serving 10,000 clients needs more than the usual 1,024 open files.
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"ulimit -n $(ulimit -Hn) 2>/dev/null; exec {mosquitto} -c {Path.Combine(dir, "mosquitto.conf")}");
        var process = Process.Start(psi);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return new BenchBroker(process, dir, port);
            }
            catch (SocketException)
            {
                if (process.HasExited)
                {
                    break;
                }

                Thread.Sleep(100);
            }
        }

        try { process.Kill(); } catch (InvalidOperationException) { }
        throw new InvalidOperationException("mosquitto did not start: " + process.StandardError.ReadToEnd());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
