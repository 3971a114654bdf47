using System;
using Endpoint.Host.Fleet;

namespace Endpoint.Cli.CommandLine;

/// <summary>Option values in people's units: durations (<c>20s</c>, <c>500ms</c>) and rates (<c>2/min</c>).</summary>
public static class ParsedArgsExtensions
{
    /// <summary>A duration option in milliseconds (see <see cref="Rate.ParseMilliseconds"/>), or <paramref name="fallback"/>.</summary>
    public static long GetDuration(this ParsedArgs a, string name, long fallback)
    {
        string text = a.Get(name);
        if (text == null)
        {
            return fallback;
        }

        try
        {
            return Rate.ParseMilliseconds(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{a.Command}: --{name}: {ex.Message}");
        }
    }

    /// <summary>A rate option in events per second (see <see cref="Rate.ParsePerSecond"/>), or <paramref name="fallback"/>.</summary>
    public static double GetRate(this ParsedArgs a, string name, double fallback)
    {
        string text = a.Get(name);
        if (text == null)
        {
            return fallback;
        }

        try
        {
            return Rate.ParsePerSecond(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{a.Command}: --{name}: {ex.Message}");
        }
    }
}
