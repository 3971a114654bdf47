using System;
using System.Collections.Generic;
using System.Linq;
using Endpoint.Host.Boards;

namespace Endpoint.Host.Flashing;

/// <summary>A flash problem: one line. <see cref="Usage"/> when the command line asked for something impossible (exit 2), else a failure (exit 1).</summary>
public sealed class FlashPlanException(string message, bool usage = false) : Exception(message)
{
    /// <summary>True for a bad request (unknown app for the board, missing --clr), false for a missing build.</summary>
    public bool Usage { get; } = usage;
}

/// <summary>One command of a flash: a nanoff invocation.</summary>
/// <param name="Purpose">What it does, for people.</param>
/// <param name="Arguments">nanoff's arguments (the current nanoff verb syntax: <c>flash …</c>, <c>deploy …</c>).</param>
public sealed record FlashStep(string Purpose, IReadOnlyList<string> Arguments)
{
    /// <summary>The program every step runs.</summary>
    public const string Program = "nanoff";

    /// <summary>The command line, quoted for a POSIX shell where needed.</summary>
    public string CommandLine => Program + " " + string.Join(" ", Arguments.Select(Quote));

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./:=,@+%".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";
}

/// <summary>A file the flash writes before running its steps.</summary>
/// <param name="Path">Where on this machine.</param>
/// <param name="Contents">The bytes.</param>
/// <param name="Purpose">What it is.</param>
/// <param name="Secret">True when it holds secrets (the hub password): written owner-only and deleted after the flash.</param>
public sealed record PlannedFile(string Path, byte[] Contents, string Purpose, bool Secret);

/// <summary>
/// Everything <c>endpoint flash</c> will do, as data: the files it writes and the nanoff commands it runs,
/// so <c>--dry-run</c> prints exactly this and tests inspect it for every board without a device.
/// </summary>
public sealed record FlashPlan
{
    /// <summary>The board.</summary>
    public required BoardFile Board { get; init; }

    /// <summary>The app (plug, light, sensor).</summary>
    public required string App { get; init; }

    /// <summary>The serial port.</summary>
    public required string Port { get; init; }

    /// <summary>The folder the planned files go to.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>The build output the image is made of: the app's, or Endpoint.Boot's with a <see cref="Bundle"/>.</summary>
    public required AppBuildOutput Build { get; init; }

    /// <summary>The bundle installed in slot a behind Endpoint.Boot, or null when the app is deployed directly.</summary>
    public Ota.BundleFile Bundle { get; init; }

    /// <summary>The settings written to the device (secrets masked).</summary>
    public required IReadOnlyList<SettingLine> Settings { get; init; }

    /// <summary>Files to write, in order.</summary>
    public required IReadOnlyList<PlannedFile> Files { get; init; }

    /// <summary>Commands to run, in order.</summary>
    public required IReadOnlyList<FlashStep> Steps { get; init; }

    /// <summary>The planned file whose name is <paramref name="name"/>.</summary>
    public PlannedFile File(string name) => Files.First(f => System.IO.Path.GetFileName(f.Path) == name);
}
