using System;
using System.Linq;
using Endpoint.Apps.Light;
using Endpoint.Apps.Plug;
using Endpoint.Apps.Sensor;
using Endpoint.Core.Boards;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Simulation;

/// <summary>The device apps the host can run, by name (which boards can host each: Boards.AppRequirements).</summary>
public static class AppCatalog
{
    /// <summary>App names.</summary>
    public static readonly string[] Names = ["plug", "light", "sensor"];

    /// <summary>The board <c>endpoint sim</c> uses for <paramref name="app"/> when none is named.</summary>
    public static string DefaultBoard(string app) => app switch
    {
        "plug" => "esp32-devkitc",
        "light" => "m5stack-atom-lite",
        "sensor" => "esp32-devkitc",
        _ => throw Unknown(app),
    };

    /// <summary>Composes <paramref name="app"/> on <paramref name="runtime"/>; returns the app component.</summary>
    public static Component Build(string app, EndpointRuntime runtime, BoardInfo board) => app switch
    {
        "plug" => PlugApp.Build(runtime, board),
        "light" => LightApp.Build(runtime, board),
        "sensor" => SensorApp.Build(runtime, board),
        _ => throw Unknown(app),
    };

    /// <summary>True when <paramref name="app"/> is known.</summary>
    public static bool IsKnown(string app) => Names.Contains(app);

    private static ArgumentException Unknown(string app) => new($"unknown app '{app}'; available: {string.Join(", ", Names)}");
}
