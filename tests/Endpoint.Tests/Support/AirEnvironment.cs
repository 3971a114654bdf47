using System;
using System.Threading;
using Endpoint.Host.Ble;

namespace Endpoint.Tests.Support;

/// <summary>
/// Points <c>ENDPOINT_AIR</c> (inherited by processes the test starts) at a folder for the duration of a
/// using block. Tests that change it hold one lock, since the environment is process-wide.
/// </summary>
public sealed class AirEnvironment : IDisposable
{
    private static readonly object Gate = new();
    private readonly string _saved;

    private AirEnvironment(string directory)
    {
        Monitor.Enter(Gate);
        _saved = Environment.GetEnvironmentVariable(AirDirectory.EnvironmentVariable);
        Environment.SetEnvironmentVariable(AirDirectory.EnvironmentVariable, directory);
    }

    public static AirEnvironment Use(string directory) => new(directory);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(AirDirectory.EnvironmentVariable, _saved);
        Monitor.Exit(Gate);
    }
}
