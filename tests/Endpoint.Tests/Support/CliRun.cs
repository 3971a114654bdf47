using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace Endpoint.Tests.Support;

/// <summary>Runs the built <c>endpoint</c> to completion with stdout and stderr kept apart.</summary>
public static class CliRun
{
    public sealed record Result(int Exit, string Out, string Err);

    public static Result Run(int timeoutMs, params string[] args) => RunIn(null, timeoutMs, args);

    /// <summary>Runs <c>endpoint ARGS</c> with <paramref name="directory"/> as its working directory (null: the tests').</summary>
    public static Result RunIn(string directory, int timeoutMs, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory ?? Environment.CurrentDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "endpoint.dll"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(true);
            throw new Xunit.Sdk.XunitException($"endpoint {string.Join(' ', args)} did not exit within {timeoutMs} ms; stderr:\n{stderr}");
        }

        p.WaitForExit();
        return new Result(p.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
