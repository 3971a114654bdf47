using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Endpoint.Tests.Support;

/// <summary>
/// Two connected pseudo-terminals, as a null-modem cable: <c>socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B</c>.
/// Bytes written to <see cref="A"/> come out of <see cref="B"/> and back. Disposing stops socat.
/// </summary>
public sealed class PtyPair : IDisposable
{
    private readonly Process _socat;
    private readonly string _dir;

    public PtyPair()
    {
        _dir = Path.Combine(Path.GetTempPath(), "endpoint-pty-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        A = Path.Combine(_dir, "A");
        B = Path.Combine(_dir, "B");
        var psi = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "-d", "-d", $"pty,raw,echo=0,link={A}", $"pty,raw,echo=0,link={B}" })
        {
            psi.ArgumentList.Add(arg);
        }

        try
        {
            _socat = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("socat is needed for the pty tests (apt-get install socat, brew install socat): " + ex.Message);
        }

        _socat.ErrorDataReceived += (_, _) => { };
        _socat.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(File.Exists(A) && File.Exists(B)))
        {
            if (DateTime.UtcNow > deadline || _socat.HasExited)
            {
                throw new InvalidOperationException("socat did not create the pty pair");
            }

            Thread.Sleep(20);
        }
    }

    public string A { get; }

    public string B { get; }

    public void Dispose()
    {
        try
        {
            if (!_socat.HasExited)
            {
                _socat.Kill();
                _socat.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _socat.Dispose();
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }
}
