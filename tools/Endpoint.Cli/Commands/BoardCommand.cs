using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Endpoint.Cli.CommandLine;
using Endpoint.Host.Boards;

namespace Endpoint.Cli.Commands;

/// <summary><c>endpoint board list | show ID | validate [FILE…] | codegen</c>.</summary>
public static class BoardCommand
{
    public const string Help = """
        usage: endpoint board list
               endpoint board show ID
               endpoint board validate [FILE...]    (no files: every shipped board)
               endpoint board codegen [--out FILE]  (regenerates firmware/Endpoint.Core/Boards/BoardCatalog.g.cs)
        """;

    public static int Run(string[] args)
    {
        var a = ParsedArgs.Parse("endpoint board", args, new OptionSpec("help", TakesValue: false), new OptionSpec("out"));
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
                    Console.WriteLine($"{b.Id,-22} {b.Soc,-8} {b.Name}");
                }

                return 0;
            case "show":
                a.AtMostPositionals(2);
                return Show(a.Positional(1, "the board id"));
            case "validate":
                return Validate(a.Positionals.Skip(1).ToList());
            case "codegen":
                a.AtMostPositionals(1);
                return Codegen(a.Get("out"));
            default:
                throw new UsageException($"endpoint board: unknown subcommand '{a.Positionals[0]}'; use list, show, validate or codegen");
        }
    }

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
        Console.WriteLine($"  soc            {b.Soc}, {b.FlashMb} MB flash");
        Console.WriteLine($"  nanoFramework  {b.NanoFrameworkTarget}");
        Console.WriteLine($"  capabilities   {string.Join(", ", b.Capabilities)}");
        Console.WriteLine("  pins");
        foreach (var p in b.Pins)
        {
            Console.WriteLine($"    {p.Role,-14} GPIO{p.Gpio}{(p.ActiveLow ? " (active low)" : "")}");
        }

        return 0;
    }

    private static int Validate(List<string> files)
    {
        if (files.Count == 0)
        {
            string folder = BoardRepository.FindBoardsFolder(Directory.GetCurrentDirectory());
            if (folder == null)
            {
                throw new UsageException("endpoint board validate: name the board.json files, or run it inside an Endpoint clone to check its boards/");
            }

            files = Directory.GetFiles(folder, "board.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
        }

        int bad = 0;
        foreach (string file in files)
        {
            try
            {
                if (!File.Exists(file))
                {
                    throw new FormatException($"{file}: no such file");
                }

                var b = BoardFile.Load(file);
                Console.WriteLine($"ok   {file} ({b.Id})");
            }
            catch (FormatException ex)
            {
                bad++;
                Console.Error.WriteLine(ex.Message);
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
