using System.Collections.Generic;
using Endpoint.Cli.CommandLine;
using Endpoint.Host.Boards;
using Endpoint.Host.Fleet;
using Endpoint.Host.Simulation;

namespace Endpoint.Cli.Commands;

/// <summary>Turns <c>--app</c> (an app, or <c>mix</c>) and <c>--board</c> into the apps of a fleet, each on a board that can host it.</summary>
public static class FleetApps
{
    /// <summary><c>plug, …, mix</c> for help texts and messages.</summary>
    public static string Choices => string.Join(", ", AppCatalog.Names) + " or mix";

    /// <summary>Resolves the apps; <c>mix</c> is every app the host can run (<see cref="AppCatalog.Names"/>), in catalog order.</summary>
    /// <exception cref="UsageException">Unknown app or board, or a board that cannot host the app.</exception>
    public static List<FleetApp> Resolve(string command, string app, string board)
    {
        if (app != "mix" && !AppCatalog.IsKnown(app))
        {
            throw new UsageException($"{command}: unknown app '{app}'; use {Choices}");
        }

        var apps = new List<FleetApp>();
        foreach (string name in app == "mix" ? AppCatalog.Names : [app])
        {
            BoardFile file;
            try
            {
                file = Boards.Shipped().Get(board ?? AppCatalog.DefaultBoard(name));
            }
            catch (KeyNotFoundException ex)
            {
                throw new UsageException($"{command}: {ex.Message}");
            }

            string unsupported = AppRequirements.WhyNot(file, name);
            if (unsupported != null)
            {
                throw new UsageException($"{command}: board {file.Id} cannot host the {name} app: {unsupported}");
            }

            apps.Add(new FleetApp(name, file.ToBoardInfo()));
        }

        return apps;
    }
}
