using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Endpoint.Cli.CommandLine;

/// <summary>One option a command accepts.</summary>
/// <param name="Name">Long name without dashes.</param>
/// <param name="TakesValue">True for <c>--name VALUE</c> (also <c>--name=VALUE</c>), false for a flag.</param>
/// <param name="Repeatable">True when it may be given several times.</param>
public sealed record OptionSpec(string Name, bool TakesValue = true, bool Repeatable = false);

/// <summary>
/// A parsed command line: positionals and options, checked against the command's specs so every
/// mistake is one clear sentence naming the command.
/// </summary>
public sealed class ParsedArgs
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);

    private ParsedArgs(string command) => Command = command;

    /// <summary>The command, for messages ("endpoint sim").</summary>
    public string Command { get; }

    /// <summary>Positional arguments.</summary>
    public List<string> Positionals { get; } = new();

    /// <summary>True when the flag or option was given.</summary>
    public bool Has(string name) => _options.ContainsKey(name);

    /// <summary>The option's value, or <paramref name="fallback"/>.</summary>
    public string Get(string name, string fallback = null) => _options.TryGetValue(name, out var v) ? v[^1] : fallback;

    /// <summary>All values of a repeatable option.</summary>
    public IReadOnlyList<string> GetAll(string name) => _options.TryGetValue(name, out var v) ? v : Array.Empty<string>();

    /// <summary>An integer option within [min, max].</summary>
    public int GetInt(string name, int fallback, int min, int max)
    {
        string text = Get(name);
        if (text == null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            throw new UsageException($"{Command}: --{name} must be a whole number from {min} to {max}, not '{text}'");
        }

        return v;
    }

    /// <summary>The single required positional at <paramref name="index"/>.</summary>
    public string Positional(int index, string what)
    {
        if (Positionals.Count <= index)
        {
            throw new UsageException($"{Command}: missing {what}; see '{Command} --help'");
        }

        return Positionals[index];
    }

    /// <summary>Fails when more than <paramref name="max"/> positionals were given.</summary>
    public void AtMostPositionals(int max)
    {
        if (Positionals.Count > max)
        {
            throw new UsageException($"{Command}: unexpected argument '{Positionals[max]}'; see '{Command} --help'");
        }
    }

    /// <summary>Parses <paramref name="args"/> for <paramref name="command"/>.</summary>
    public static ParsedArgs Parse(string command, IEnumerable<string> args, params OptionSpec[] specs)
    {
        var known = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var parsed = new ParsedArgs(command);
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string arg = list[i];
            if (arg == "--")
            {
                parsed.Positionals.AddRange(list.Skip(i + 1));
                break;
            }

            if (arg == "-h" && known.ContainsKey("help"))
            {
                // The short form everyone tries first.
                parsed._options["help"] = new List<string> { "" };
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                if (arg.StartsWith('-') && arg.Length > 1)
                {
                    throw new UsageException($"{command}: unknown option '{arg}'; options are written --name, see '{command} --help'");
                }

                parsed.Positionals.Add(arg);
                continue;
            }

            string name = arg[2..];
            string value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (!known.TryGetValue(name, out var spec))
            {
                throw new UsageException($"{command}: unknown option '--{name}'; see '{command} --help'");
            }

            if (spec.TakesValue && value == null)
            {
                if (i + 1 >= list.Count || (list[i + 1].StartsWith("--", StringComparison.Ordinal) && list[i + 1].Length > 2))
                {
                    throw new UsageException($"{command}: --{name} needs a value");
                }

                value = list[++i];
            }
            else if (!spec.TakesValue && value != null)
            {
                throw new UsageException($"{command}: --{name} takes no value");
            }

            if (parsed._options.TryGetValue(name, out var values))
            {
                if (!spec.Repeatable)
                {
                    throw new UsageException($"{command}: --{name} given more than once");
                }

                values.Add(value ?? "");
            }
            else
            {
                parsed._options[name] = new List<string> { value ?? "" };
            }
        }

        return parsed;
    }
}
