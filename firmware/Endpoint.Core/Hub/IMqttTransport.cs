namespace Endpoint.Core.Hub
{
    /// <summary>An application message arrived. May be raised on a network thread: post into the loop.</summary>
    public delegate void MqttMessageHandler(string topic, byte[] payload);

    /// <summary>The connection was accepted by the broker (CONNACK 0). May be raised on any thread.</summary>
    public delegate void MqttConnectedHandler();

    /// <summary>A connection attempt failed, or a connection ended. May be raised on any thread. <paramref name="detail"/> is for people and holds no secrets.</summary>
    public delegate void MqttClosedHandler(MqttCloseReason reason, string detail);

    /// <summary>
    /// The MQTT 3.1.1 client seam. Non-blocking: <see cref="Connect"/> returns at once and the outcome
    /// arrives as <see cref="Connected"/> or <see cref="Closed"/>. The device implements it over
    /// nanoFramework.M2Mqtt, the host over its own client or the in-process hub.
    /// </summary>
    public interface IMqttTransport
    {
        /// <summary>True between <see cref="Connected"/> and <see cref="Closed"/>.</summary>
        bool IsConnected { get; }

        /// <summary>Starts connecting. Ignored while connected or connecting.</summary>
        void Connect(MqttConnectOptions options);

        /// <summary>Sends DISCONNECT (so the broker discards the will) and closes.</summary>
        void Disconnect();

        /// <summary>
        /// Publishes; the payload is copied before the call returns, so callers may reuse the buffer.
        /// QoS 1 messages not acknowledged when the link drops are sent again after the next connect.
        /// Returns false when not connected (nothing is queued).
        /// </summary>
        bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain);

        /// <summary>Subscribes to a topic filter (wildcards <c>+</c> and <c>#</c>) at QoS 0 or 1.</summary>
        void Subscribe(string topicFilter, int qos);

        /// <summary>Incoming PUBLISH.</summary>
        event MqttMessageHandler MessageReceived;

        /// <summary>CONNACK accepted.</summary>
        event MqttConnectedHandler Connected;

        /// <summary>Connect failed or the connection ended.</summary>
        event MqttClosedHandler Closed;
    }
}
