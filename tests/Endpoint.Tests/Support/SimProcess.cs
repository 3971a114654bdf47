using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace Endpoint.Tests.Support;

/// <summary>
/// Runs <c>endpoint</c> as a real process (the built CLI next to the tests), captures its output
/// lines, and can type into it, interrupt it (SIGINT) or kill it (SIGKILL).
/// </summary>
public sealed class SimProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly object _lock = new();

    public SimProcess(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "endpoint.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["NO_COLOR"] = "1";
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return string.Join("\n", _lines);
            }
        }
    }

    public int Count(Func<string, bool> predicate)
    {
        lock (_lock)
        {
            return _lines.Count(predicate);
        }
    }

    public string WaitForLine(Func<string, bool> predicate, int timeoutMs = 15000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            lock (_lock)
            {
                var hit = _lines.FirstOrDefault(predicate);
                if (hit != null)
                {
                    return hit;
                }
            }

            if (_process.HasExited)
            {
                Thread.Sleep(100);
                lock (_lock)
                {
                    var hit = _lines.FirstOrDefault(predicate);
                    if (hit != null)
                    {
                        return hit;
                    }
                }

                throw new Xunit.Sdk.XunitException($"endpoint exited ({_process.ExitCode}) before the expected line:\n{Output}");
            }

            Thread.Sleep(20);
        }

        throw new Xunit.Sdk.XunitException($"timed out waiting for a line; output so far:\n{Output}");
    }

    public void Type(string line) => _process.StandardInput.WriteLine(line);

    /// <summary>Ctrl-C.</summary>
    public void Interrupt() => Process.Start("kill", ["-INT", _process.Id.ToString()])!.WaitForExit();

    /// <summary>kill -9: no goodbye, like pulling the plug.</summary>
    public void Kill()
    {
        Process.Start("kill", ["-9", _process.Id.ToString()])!.WaitForExit();
        _process.WaitForExit(10000);
    }

    public int WaitForExit(int timeoutMs = 15000)
    {
        if (!_process.WaitForExit(timeoutMs))
        {
            throw new Xunit.Sdk.XunitException($"endpoint did not exit; output:\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Add(string line)
    {
        if (line == null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Add(line);
        }
    }
}
