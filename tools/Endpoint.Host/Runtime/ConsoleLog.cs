using System;
using System.IO;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Runtime;

/// <summary>
/// A readable live log for people: <c>12:00:01.234 I hub      online at 127.0.0.1:1883</c>,
/// coloured by level on a terminal. Thread-safe; one line per message.
/// </summary>
public sealed class ConsoleLog : ILog
{
    private static readonly object Gate = new();
    private readonly TextWriter _out;
    private readonly bool _color;
    private readonly string _prefix;

    /// <summary>Writes messages at <paramref name="level"/> and above to <paramref name="output"/> (stdout by default).</summary>
    public ConsoleLog(LogLevel level, TextWriter output = null, string prefix = null)
    {
        Level = level;
        _out = output ?? Console.Out;
        _color = output == null && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") == null;
        _prefix = prefix;
    }

    /// <summary>Lowest level written.</summary>
    public LogLevel Level { get; set; }

    /// <inheritdoc />
    public bool IsEnabled(LogLevel level) => level >= Level && level != LogLevel.None;

    /// <inheritdoc />
    public void Write(LogLevel level, string tag, string message)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        char letter = level switch
        {
            LogLevel.Verbose => 'V',
            LogLevel.Debug => 'D',
            LogLevel.Info => 'I',
            LogLevel.Warning => 'W',
            _ => 'E',
        };
        string line = $"{DateTime.Now:HH:mm:ss.fff} {letter} {(_prefix == null ? "" : _prefix + " ")}{tag,-8} {message}";
        lock (Gate)
        {
            if (_color)
            {
                Console.ForegroundColor = level switch
                {
                    LogLevel.Warning => ConsoleColor.Yellow,
                    LogLevel.Error => ConsoleColor.Red,
                    LogLevel.Info => ConsoleColor.Gray,
                    _ => ConsoleColor.DarkGray,
                };
                _out.WriteLine(line);
                Console.ResetColor();
            }
            else
            {
                _out.WriteLine(line);
            }
        }
    }

    /// <summary>Parses a level name (verbose, debug, info, warning, error); throws <see cref="FormatException"/>.</summary>
    public static LogLevel ParseLevel(string text) => text.ToLowerInvariant() switch
    {
        "verbose" => LogLevel.Verbose,
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Info,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw new FormatException($"unknown log level '{text}'; use verbose, debug, info, warning or error"),
    };
}
