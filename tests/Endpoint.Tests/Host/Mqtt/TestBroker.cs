using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Endpoint.Tests.Host.Mqtt;

/// <summary>
/// A real Mosquitto for the MQTT tests, on free loopback ports: plain MQTT on <see cref="Port"/>
/// and, when asked, TLS on <see cref="TlsPort"/> with a certificate for "localhost" signed by a
/// throw-away CA that openssl makes (<see cref="CaPem"/>). <see cref="OtherCaPem"/> is a second CA
/// that signed nothing. Killed on dispose.
/// </summary>
internal sealed class TestBroker : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new StringBuilder();
    private readonly string _dir;

    public int Port { get; }
    public int TlsPort { get; }
    public string CaPem { get; }
    public string OtherCaPem { get; }

    /// <summary>What Mosquitto printed, for failure messages.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    private TestBroker(bool tls)
    {
        _dir = Directory.CreateTempSubdirectory("endpoint-mosquitto-").FullName;
        // Mosquitto started as root drops to the "mosquitto" user: it must be able to read the files.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_dir, (UnixFileMode)0x1ED); // 0755
        Port = FreePort();
        var conf = new StringBuilder();
        conf.AppendLine($"listener {Port} 127.0.0.1");
        conf.AppendLine("allow_anonymous true");
        if (tls)
        {
            TlsPort = FreePort();
            MakeCertificates();
            CaPem = File.ReadAllText(Path.Combine(_dir, "ca.crt"));
            OtherCaPem = File.ReadAllText(Path.Combine(_dir, "other-ca.crt"));
            conf.AppendLine($"listener {TlsPort} 127.0.0.1");
            conf.AppendLine($"cafile {Path.Combine(_dir, "ca.crt")}");
            conf.AppendLine($"certfile {Path.Combine(_dir, "server.crt")}");
            conf.AppendLine($"keyfile {Path.Combine(_dir, "server.key")}");
        }
        string confPath = Path.Combine(_dir, "mosquitto.conf");
        File.WriteAllText(confPath, conf.ToString());
        MakeReadable(confPath);

        var psi = new ProcessStartInfo(FindMosquitto(), $"-c \"{confPath}\"")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitForPort(Port);
        if (tls) WaitForPort(TlsPort);
    }

    public static TestBroker Start(bool tls = false) => new TestBroker(tls);

    private static string FindMosquitto()
    {
        foreach (var p in new[] { "/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto", "/opt/homebrew/sbin/mosquitto" })
            if (File.Exists(p)) return p;
        return "mosquitto";
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private void WaitForPort(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"mosquitto exited with code {_process.ExitCode}:\n{Log}");
            try
            {
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"mosquitto did not open port {port}:\n{Log}");
                Thread.Sleep(50);
            }
        }
    }

    private void MakeCertificates()
    {
        // A CA, a server certificate for "localhost" only (so 127.0.0.1 is a name mismatch), and an unrelated CA.
        File.WriteAllText(Path.Combine(_dir, "server.ext"), "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        OpenSsl("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=Endpoint-Test-CA " +
                "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
        OpenSsl("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout other-ca.key -out other-ca.crt -days 2 -subj /CN=Endpoint-Other-CA " +
                "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
        OpenSsl("req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr -subj /CN=localhost");
        OpenSsl("x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile server.ext");
        foreach (var f in Directory.GetFiles(_dir)) MakeReadable(f);
    }

    private void OpenSsl(string args)
    {
        var psi = new ProcessStartInfo("openssl", args)
        {
            WorkingDirectory = _dir,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var p = Process.Start(psi);
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(30_000) || p.ExitCode != 0)
            throw new InvalidOperationException($"openssl {args} failed: {err}");
    }

    private static void MakeReadable(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)0x1A4); // 0644: test keys only
    }

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
        catch
        {
        }
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch { }
    }
}
