using System;

namespace Endpoint.Host.Simulation;

/// <summary>Thrown by simulated storage when the simulated power is cut: the endpoint is "dead" from then on.</summary>
public sealed class PowerCutException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PowerCutException(string message) : base(message)
    {
    }
}
