using System.Collections.Generic;
using System.Linq;

namespace Endpoint.Host.Boards;

/// <summary>
/// What each app needs from a board, so <c>endpoint board validate --app</c> and <c>endpoint flash</c>
/// can refuse a board that cannot host it before anything is flashed. The apps check the same at boot
/// (PlugApp.Build throws naming the missing role); this is the host-side copy of those needs.
/// </summary>
public static class AppRequirements
{
    /// <summary>The apps, in the order a board's default app is picked when it names none.</summary>
    public static IReadOnlyList<string> Apps => BoardFile.AppNames;

    /// <summary>Null when <paramref name="board"/> can host <paramref name="app"/>, else why not ("it has no 'relay1' pin").</summary>
    public static string WhyNot(BoardFile board, string app)
    {
        if (!board.Has("wifi"))
        {
            return "it has no wifi capability (every app talks to the hub over Wi-Fi)";
        }

        return app switch
        {
            "plug" => board.Pin("relay1") != null ? null : "it has no 'relay1' pin",
            "light" => CanLight(board) ? null
                : "it has no light output (a led_strip pin with a worldsemi,ws2812 part, a pwm_led pin, or light_cw and light_ww pins)",
            "sensor" => board.Parts.Any(p => PartCatalog.Find(p.Compatible)?.Kind == PartKind.Sensor) ? null
                : "it has no sensor part (" + string.Join(", ", PartCatalog.All.Where(p => p.Kind == PartKind.Sensor).Select(p => p.Compatible)) + ")",
            _ => $"'{app}' is not an app; apps are {string.Join(", ", Apps)}",
        };
    }

    /// <summary>The app flashed when none is named: the board's <c>default_app</c>, else the first it can host, else null.</summary>
    public static string DefaultApp(BoardFile board) => board.DefaultApp ?? Apps.FirstOrDefault(a => WhyNot(board, a) == null);

    /// <summary>The apps <paramref name="board"/> can host.</summary>
    public static IEnumerable<string> Hostable(BoardFile board) => Apps.Where(a => WhyNot(board, a) == null);

    private static bool CanLight(BoardFile board) =>
        board.Parts.Any(p => p.Compatible == "worldsemi,ws2812" && p.Property("pin") is string role && board.Pin(role) != null)
        || board.Pin("pwm_led") != null
        || (board.Pin("light_cw") != null && board.Pin("light_ww") != null);
}
