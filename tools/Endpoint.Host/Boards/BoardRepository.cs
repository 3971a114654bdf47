using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Endpoint.Host.Boards;

/// <summary>
/// The shipped boards: read from the repository's <c>boards/</c> folder when running from a clone,
/// else from the copies embedded in the assembly that ships them (the packed dotnet tool).
/// </summary>
public sealed class BoardRepository
{
    private readonly Dictionary<string, BoardFile> _boards;

    private BoardRepository(Dictionary<string, BoardFile> boards) => _boards = boards;

    /// <summary>All boards, by id.</summary>
    public IReadOnlyCollection<BoardFile> All => _boards.Values.OrderBy(b => b.Id, StringComparer.Ordinal).ToList();

    /// <summary>The board <paramref name="id"/>; throws <see cref="KeyNotFoundException"/> listing the known ids.</summary>
    public BoardFile Get(string id) => _boards.TryGetValue(id, out var b)
        ? b
        : throw new KeyNotFoundException($"unknown board '{id}'; known boards: {string.Join(", ", _boards.Keys.OrderBy(k => k, StringComparer.Ordinal))}");

    /// <summary>Loads every <c>*/board.json</c> under <paramref name="folder"/>.</summary>
    public static BoardRepository FromFolder(string folder)
    {
        var boards = new Dictionary<string, BoardFile>();
        foreach (string path in Directory.GetFiles(folder, "board.json", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            var b = BoardFile.Load(path);
            boards[b.Id] = b;
        }

        return new BoardRepository(boards);
    }

    /// <summary>Loads the boards embedded in <paramref name="assembly"/> as resources named <c>boards/&lt;id&gt;/board.json</c>.</summary>
    public static BoardRepository FromResources(Assembly assembly)
    {
        var boards = new Dictionary<string, BoardFile>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("boards/", StringComparison.Ordinal) && n.EndsWith("/board.json", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var b = BoardFile.Parse(reader.ReadToEnd(), name);
            boards[b.Id] = b;
        }

        return new BoardRepository(boards);
    }

    /// <summary>The repository's boards folder found by walking up from <paramref name="start"/>, or null.</summary>
    public static string FindBoardsFolder(string start)
    {
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "boards");
            if (File.Exists(Path.Combine(dir.FullName, "Endpoint.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
