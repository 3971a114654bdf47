using Endpoint.Host.Boards;

namespace Endpoint.Cli.Commands;

/// <summary>The boards shipped with the tool (embedded from boards/*/board.json at build time).</summary>
public static class Boards
{
    private static BoardRepository _shipped;

    public static BoardRepository Shipped() => _shipped ??= BoardRepository.FromResources(typeof(Boards).Assembly);
}
