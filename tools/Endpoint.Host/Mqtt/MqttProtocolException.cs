using System;

namespace Endpoint.Host.Mqtt;

/// <summary>
/// The bytes are not a valid MQTT 3.1.1 packet stream (malformed packet, bad flags, bad length,
/// bad UTF-8, or a packet this implementation does not support). The only exception the
/// decoder throws; the message says what is wrong and where in the spec the rule is.
/// </summary>
public sealed class MqttProtocolException : Exception
{
    /// <summary>Creates the exception with a message for people.</summary>
    public MqttProtocolException(string message) : base(message) { }
}
