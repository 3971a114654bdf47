using System;
using System.IO;
using Endpoint.Host.Boards;

namespace Endpoint.Tests.Support;

/// <summary>Paths in the clone the tests run from.</summary>
public static class Repo
{
    /// <summary>The boards/ folder.</summary>
    public static string Boards { get; } = BoardRepository.FindBoardsFolder(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("the tests must run inside an Endpoint clone");

    /// <summary>The clone's root.</summary>
    public static string Root { get; } = Path.GetDirectoryName(Boards)!;

    /// <summary>The broken board files, one per validation rule.</summary>
    public static string BrokenBoards { get; } = Path.Combine(Root, "tests", "Endpoint.Tests", "Host", "Boards", "broken");

    /// <summary>The shipped boards, read from boards/.</summary>
    public static BoardRepository ShippedBoards() => BoardRepository.FromFolder(Boards);
}
