using System;
using System.Linq;
using Endpoint.Apps.Plug;
using Endpoint.Apps.Sensor;
using Endpoint.Core.Boards;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Simulation;

/// <summary>The device apps the host can run, by name, with the board roles each needs.</summary>
public static class AppCatalog
{
    /// <summary>App names.</summary>
    public static readonly string[] Names = ["plug", "sensor"];

    /// <summary>Board roles an app cannot run without.</summary>
    public static string[] RequiredRoles(string app) => app switch
    {
        "plug" => ["relay1"],
        "sensor" => [],
        _ => throw Unknown(app),
    };

    /// <summary>Compatible ids of parts of which the board must declare at least one (empty: none needed).</summary>
    public static string[] AnyOfParts(string app) => app switch
    {
        "sensor" => ["sensirion,sht4x", "sensirion,sht3x", "bosch,bme280"],
        _ => [],
    };

    /// <summary>Composes <paramref name="app"/> on <paramref name="runtime"/>; returns the app component.</summary>
    public static Component Build(string app, EndpointRuntime runtime, BoardInfo board) => app switch
    {
        "plug" => PlugApp.Build(runtime, board),
        "sensor" => SensorApp.Build(runtime, board),
        _ => throw Unknown(app),
    };

    /// <summary>True when <paramref name="app"/> is known.</summary>
    public static bool IsKnown(string app) => Names.Contains(app);

    private static ArgumentException Unknown(string app) => new($"unknown app '{app}'; available: {string.Join(", ", Names)}");
}
