using System;
using System.Diagnostics;
using System.IO;

namespace Endpoint.Tests.Support;

/// <summary>Runs the built <c>endpoint</c> CLI as a process to completion.</summary>
public static class CliRun
{
    /// <summary>Runs <c>endpoint ARGS</c> in <paramref name="directory"/>; returns its exit code and output.</summary>
    public static (int ExitCode, string Out, string Error) Run(string directory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "endpoint.dll"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException("endpoint " + string.Join(" ", args) + " did not finish");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
