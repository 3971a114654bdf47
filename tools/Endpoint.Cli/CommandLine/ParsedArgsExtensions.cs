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

    /// <summary>
    /// The <c>--prefix</c> topic prefix, or <c>endpoint</c>: one or more topic levels with no MQTT wildcard
    /// (<c>+</c>, <c>#</c>: MQTT 3.1.1 §4.7.1, they make the subscription filter invalid), no empty level and no NUL.
    /// </summary>
    public static string GetTopicPrefix(this ParsedArgs a)
    {
        string prefix = a.Get("prefix", "endpoint");
        bool bad = prefix.Length == 0 || prefix.Length > 128 || prefix.IndexOfAny(['+', '#', '\0']) >= 0
            || prefix.StartsWith('/') || prefix.EndsWith('/') || prefix.Contains("//", StringComparison.Ordinal);
        if (bad)
        {
            throw new UsageException($"{a.Command}: --prefix '{prefix}' is not a topic prefix: use topic levels such as 'endpoint' or 'lab/endpoint', without '+', '#' or empty levels");
        }

        return prefix;
    }
}
