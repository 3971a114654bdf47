using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Endpoint.Cli.CommandLine;
using Endpoint.Host.Boards;

namespace Endpoint.Cli.Commands;

/// <summary><c>endpoint board list | show ID | validate [--app APP] [FILE…] | codegen</c>.</summary>
public static class BoardCommand
{
    public const string Help = """
        usage: endpoint board list
               endpoint board show ID
               endpoint board validate [--app plug|light|sensor] [FILE...]
               endpoint board codegen [--out FILE]

          list       the shipped boards
          show       a board's pins, parts, capabilities and nanoFramework target
          validate   checks board.json files (no FILE: every shipped board, from boards/ when run
                     inside an Endpoint clone): schema, pins on the SoC, flash, input-only and strapping
                     pins, duplicate pins, parts on undeclared buses, the nanoFramework target, and with
                     --app whether the board can host that app. One line per problem; exit 1 on errors
                     (warnings alone exit 0)
          codegen    regenerates firmware/Endpoint.Core/Boards/BoardCatalog.g.cs from boards/ (the
                     compiled-in board table the device uses instead of parsing JSON at boot)
        """;

    public static int Run(string[] args)
    {
        var a = ParsedArgs.Parse("endpoint board", args, new OptionSpec("help", TakesValue: false), new OptionSpec("out"), new OptionSpec("app"));
        if (a.Has("help") || a.Positionals.Count == 0)
        {
            Console.WriteLine(Help);
            return a.Has("help") ? 0 : 2;
        }

        switch (a.Positionals[0])
        {
            case "list":
                a.AtMostPositionals(1);
                foreach (var b in Boards.Shipped().All)
                {
                    Console.WriteLine($"{b.Id,-20} {b.Soc,-8} {Target(b),-24} {b.Name}");
                }

                return 0;
            case "show":
                a.AtMostPositionals(2);
                return Show(a.Positional(1, "the board id"));
            case "validate":
                string app = a.Get("app");
                if (app != null && !AppRequirements.Apps.Contains(app))
                {
                    throw new UsageException($"endpoint board validate: unknown app '{app}'; apps are {string.Join(", ", AppRequirements.Apps)}");
                }

                return Validate(a.Positionals.Skip(1).ToList(), app);
            case "codegen":
                a.AtMostPositionals(1);
                return Codegen(a.Get("out"));
            default:
                throw new UsageException($"endpoint board: unknown subcommand '{a.Positionals[0]}'; use list, show, validate or codegen");
        }
    }

    private static string Target(BoardFile b) => b.Custom == null ? b.NanoFrameworkTarget : b.NanoFrameworkTarget + " (custom)";

    private static int Show(string id)
    {
        BoardFile b;
        try
        {
            b = Boards.Shipped().Get(id);
        }
        catch (KeyNotFoundException ex)
        {
            throw new UsageException("endpoint board show: " + ex.Message);
        }

        Console.WriteLine($"{b.Id}: {b.Name}");
        string memory = b.PsramMb > 0 ? $", {b.PsramMb} MB {b.PsramMode ?? "quad"} PSRAM" : "";
        Console.WriteLine($"  soc            {b.Soc}{(b.Package != null ? " (" + b.Package + ")" : "")}, {b.FlashMb} MB flash{memory}");
        if (b.Custom == null)
        {
            Console.WriteLine($"  nanoFramework  {b.NanoFrameworkTarget}   (nanoff flash target {b.NanoFrameworkTarget} serialport PORT)");
        }
        else
        {
            Console.WriteLine($"  nanoFramework  custom build of {b.NanoFrameworkTarget} with {string.Join(" ", b.Custom.Sdkconfig)}");
            Console.WriteLine($"                 needed because {b.Custom.Reason}");
        }

        Console.WriteLine($"  capabilities   {string.Join(", ", b.Capabilities)}");
        var apps = AppRequirements.Hostable(b).ToList();
        Console.WriteLine($"  apps           {(apps.Count == 0 ? "none" : string.Join(", ", apps))} (default {AppRequirements.DefaultApp(b) ?? "none"})");
        Console.WriteLine("  pins");
        foreach (var p in b.Pins)
        {
            string flags = string.Join(", ", new[] { p.ActiveLow ? "active low" : null, p.Shared ? "shared" : null }.Where(f => f != null));
            Console.WriteLine($"    {p.Role,-16} {"GPIO" + p.Gpio,-7} {flags,-18} {p.Note}".TrimEnd());
        }

        if (b.Parts.Count > 0)
        {
            Console.WriteLine("  parts");
            foreach (var part in b.Parts)
            {
                string bus = part.Bus != null ? $" on {part.Bus} at {BoardFile.Hex([part.Address])}" : "";
                string props = string.Join(", ", part.Properties.Select(kv => $"{kv.Key} {kv.Value}"));
                Console.WriteLine($"    {part.Compatible}{bus}{(props.Length > 0 ? "  " + props : "")}");
            }
        }

        return 0;
    }

    private static int Validate(List<string> files, string app)
    {
        var boards = new List<(string File, Func<BoardFile> Load)>();
        if (files.Count > 0)
        {
            boards.AddRange(files.Select(f => (f, (Func<BoardFile>)(() => File.Exists(f) ? BoardFile.Load(f) : throw new FormatException(Directory.Exists(f) ? $"{f}: a folder, not a file; give its board.json" : $"{f}: no such file")))));
        }
        else if (BoardRepository.FindBoardsFolder(Directory.GetCurrentDirectory()) is string folder)
        {
            boards.AddRange(Directory.GetFiles(folder, "board.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (f, (Func<BoardFile>)(() => BoardFile.Load(f)))));
        }
        else
        {
            boards.AddRange(Boards.Shipped().All.Select(b => (b.Source, (Func<BoardFile>)(() => b))));
        }

        int bad = 0;
        foreach (var (file, load) in boards)
        {
            BoardFile board;
            try
            {
                board = load();
            }
            catch (FormatException ex)
            {
                bad++;
                Console.Error.WriteLine(ex.Message);
                continue;
            }
            catch (IOException ex)
            {
                bad++;
                Console.Error.WriteLine($"{file}: cannot read: {ex.Message}");
                continue;
            }

            var found = BoardValidator.Validate(board, app);
            foreach (var d in found)
            {
                Console.Error.WriteLine(d.ToString());
            }

            if (found.Any(d => d.Severity == Severity.Error))
            {
                bad++;
            }
            else
            {
                Console.WriteLine($"ok   {file} ({board.Id})");
            }
        }

        return bad == 0 ? 0 : 1;
    }

    private static int Codegen(string output)
    {
        string folder = BoardRepository.FindBoardsFolder(Directory.GetCurrentDirectory())
            ?? throw new UsageException("endpoint board codegen: run it inside an Endpoint clone");
        output ??= Path.Combine(Path.GetDirectoryName(folder)!, "firmware", "Endpoint.Core", "Boards", "BoardCatalog.g.cs");
        var boards = BoardRepository.FromFolder(folder).All;
        File.WriteAllText(output, BoardCatalogGenerator.Generate(boards));
        Console.WriteLine($"wrote {output} ({boards.Count} boards)");
        return 0;
    }
}
