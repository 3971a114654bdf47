using System;
using System.Collections.Generic;
using Endpoint.Core.Hub;
using Endpoint.Host.Mqtt;

namespace Endpoint.Host.Simulation;

/// <summary>
/// A broker of one for deterministic runs (benchmarks, timelines): connects at once, keeps nothing,
/// counts what is published, and — with <see cref="Echo"/> — sends a publish straight back when the
/// client subscribed to its topic, as a broker does (which is what <see cref="HubClient.Flush"/> needs).
/// Events are raised synchronously on the caller's thread; the hub client posts them into its loop.
/// Publishing allocates nothing unless it echoes.
/// </summary>
public sealed class LoopbackTransport : IMqttTransport
{
    private readonly List<string> _subscriptions = new();

    /// <summary>Send subscribed publishes back.</summary>
    public bool Echo { get; set; } = true;

    /// <summary>Publishes accepted.</summary>
    public int Published { get; private set; }

    /// <summary>Payload bytes accepted.</summary>
    public long PublishedBytes { get; private set; }

    /// <summary>Connects so far.</summary>
    public int Connects { get; private set; }

    /// <inheritdoc />
    public bool IsConnected { get; private set; }

    /// <inheritdoc />
    public event MqttMessageHandler MessageReceived;

    /// <inheritdoc />
    public event MqttConnectedHandler Connected;

    /// <inheritdoc />
    public event MqttClosedHandler Closed;

    /// <inheritdoc />
    public void Connect(MqttConnectOptions options)
    {
        if (IsConnected)
        {
            return;
        }

        IsConnected = true;
        Connects++;
        Connected?.Invoke();
    }

    /// <inheritdoc />
    public void Disconnect()
    {
        if (!IsConnected)
        {
            return;
        }

        IsConnected = false;
        _subscriptions.Clear();
        Closed?.Invoke(MqttCloseReason.Requested, "disconnected on request");
    }

    /// <inheritdoc />
    public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
    {
        if (!IsConnected)
        {
            return false;
        }

        Published++;
        PublishedBytes += count;
        if (Echo)
        {
            SendBack(topic, payload, offset, count);
        }

        return true;
    }

    // Separate, so the closure over topic is only allocated when echoing.
    private void SendBack(string topic, byte[] payload, int offset, int count)
    {
        if (_subscriptions.Exists(f => MqttTopic.Matches(f, topic)))
        {
            MessageReceived?.Invoke(topic, payload.AsSpan(offset, count).ToArray());
        }
    }

    /// <inheritdoc />
    public void Subscribe(string topicFilter, int qos) => _subscriptions.Add(topicFilter);
}
