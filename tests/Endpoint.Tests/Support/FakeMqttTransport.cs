using System.Collections.Generic;
using System.Linq;
using System.Text;
using Endpoint.Core.Hub;
using Endpoint.Host.Mqtt;

namespace Endpoint.Tests.Support;

/// <summary>A transport that records what the core sends and lets a test play the broker's part.</summary>
public sealed class FakeMqttTransport : IMqttTransport
{
    public record Sent(string Topic, string Payload, byte[] Bytes, int Qos, bool Retain);

    public List<Sent> Published { get; } = new();
    public List<string> Subscriptions { get; } = new();
    public List<MqttConnectOptions> ConnectAttempts { get; } = new();
    public int Disconnects { get; private set; }
    public bool IsConnected { get; private set; }

    /// <summary>Accept every connect at once, as a reachable broker would.</summary>
    public bool AutoAccept { get; set; }

    /// <summary>Send each publish back when the client subscribed to its topic, as a broker does.</summary>
    public bool Echo { get; set; }

    /// <summary>
    /// The broker's retained messages by topic (may be shared across boots): each subscription delivers the matching
    /// ones at once, before anything the client sends after it, as MQTT 3.1.1 §3.3.1.3 and §4.6 have a broker do.
    /// </summary>
    public Dictionary<string, byte[]> Retained { get; set; } = new();

    public event MqttMessageHandler MessageReceived;
    public event MqttConnectedHandler Connected;
    public event MqttClosedHandler Closed;

    /// <summary>Raised for every message the core publishes (lets a test play a hub that answers).</summary>
    public event System.Action<Sent> PublishedMessage;

    public void Connect(MqttConnectOptions options)
    {
        ConnectAttempts.Add(options);
        if (AutoAccept)
        {
            AcceptConnect();
        }
    }

    public void Disconnect()
    {
        Disconnects++;
        IsConnected = false;
    }

    public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
    {
        if (!IsConnected)
        {
            return false;
        }

        var bytes = payload.Skip(offset).Take(count).ToArray();
        var sent = new Sent(topic, Encoding.UTF8.GetString(bytes), bytes, qos, retain);
        Published.Add(sent);
        PublishedMessage?.Invoke(sent);
        if (Echo && Subscriptions.Any(f => MqttTopic.Matches(f, topic)))
        {
            MessageReceived?.Invoke(topic, bytes);
        }

        return true;
    }

    public void Subscribe(string topicFilter, int qos)
    {
        Subscriptions.Add(topicFilter);
        foreach (var (topic, payload) in Retained.Where(r => MqttTopic.Matches(topicFilter, r.Key)).ToList())
        {
            MessageReceived?.Invoke(topic, payload);
        }
    }

    /// <summary>The broker accepts the pending connect.</summary>
    public void AcceptConnect()
    {
        IsConnected = true;
        Connected?.Invoke();
    }

    /// <summary>The connect fails or the link drops.</summary>
    public void Close(MqttCloseReason reason, string detail = "test")
    {
        IsConnected = false;
        Closed?.Invoke(reason, detail);
    }

    /// <summary>A message arrives from the broker.</summary>
    public void Deliver(string topic, string payload) => MessageReceived?.Invoke(topic, Encoding.UTF8.GetBytes(payload));

    public void Deliver(string topic, byte[] payload) => MessageReceived?.Invoke(topic, payload);

    public IEnumerable<Sent> To(string topic) => Published.Where(p => p.Topic == topic);

    public Sent Last(string topic) => Published.LastOrDefault(p => p.Topic == topic);
}
