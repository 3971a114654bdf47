using System;
using Endpoint.Core.Hub;

namespace Endpoint.Host.Mqtt;

/// <summary>An awaitable MQTT operation failed: not connected, connection lost, subscription refused, client disposed.</summary>
public sealed class MqttClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MqttClientException(MqttCloseReason reason, string message) : base(message)
    {
        Reason = reason;
    }

    /// <summary>Why the connection is not usable (for a refused subscription: <see cref="MqttCloseReason.NotAuthorized"/>).</summary>
    public MqttCloseReason Reason { get; }
}

/// <summary>Outcome of <see cref="MqttClient.ConnectAsync"/>.</summary>
public sealed class MqttConnectResult
{
    internal MqttConnectResult(bool isConnected, MqttCloseReason reason, string detail, bool sessionPresent)
    {
        IsConnected = isConnected;
        Reason = reason;
        Detail = detail;
        SessionPresent = sessionPresent;
    }

    /// <summary>True when the broker accepted the connection (CONNACK 0).</summary>
    public bool IsConnected { get; }

    /// <summary>Why the attempt failed; meaningless when <see cref="IsConnected"/>.</summary>
    public MqttCloseReason Reason { get; }

    /// <summary>Text for people ("broker refused the connection: bad user name or password"); never holds the password.</summary>
    public string Detail { get; }

    /// <summary>The broker kept a session for this client id (§3.2.2.2).</summary>
    public bool SessionPresent { get; }

    /// <inheritdoc />
    public override string ToString() => IsConnected ? "connected" + (SessionPresent ? " (session present)" : "") : $"{Reason}: {Detail}";
}
