namespace Endpoint.Host.Mqtt;

/// <summary>MQTT 3.1.1 control packet types: the high nibble of the first fixed-header byte (§2.2.1).</summary>
public enum MqttPacketType : byte
{
    /// <summary>Client request to connect (§3.1).</summary>
    Connect = 1,
    /// <summary>Connect acknowledgment (§3.2).</summary>
    ConnAck = 2,
    /// <summary>Publish message (§3.3).</summary>
    Publish = 3,
    /// <summary>QoS 1 publish acknowledgment (§3.4).</summary>
    PubAck = 4,
    /// <summary>QoS 2 publish received (§3.5); not supported by this implementation.</summary>
    PubRec = 5,
    /// <summary>QoS 2 publish release (§3.6); not supported by this implementation.</summary>
    PubRel = 6,
    /// <summary>QoS 2 publish complete (§3.7); not supported by this implementation.</summary>
    PubComp = 7,
    /// <summary>Subscribe request (§3.8).</summary>
    Subscribe = 8,
    /// <summary>Subscribe acknowledgment (§3.9).</summary>
    SubAck = 9,
    /// <summary>Unsubscribe request (§3.10).</summary>
    Unsubscribe = 10,
    /// <summary>Unsubscribe acknowledgment (§3.11).</summary>
    UnsubAck = 11,
    /// <summary>Ping request (§3.12).</summary>
    PingReq = 12,
    /// <summary>Ping response (§3.13).</summary>
    PingResp = 13,
    /// <summary>Client is disconnecting (§3.14).</summary>
    Disconnect = 14,
}
