using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Hub;
using Endpoint.Host.Mqtt;

namespace Endpoint.Tests.Support;

/// <summary>A hub-side MQTT client for tests: records every message it receives and waits for expected ones.</summary>
public sealed class HubProbe : IDisposable
{
    public record Message(string Topic, string Payload, DateTime At);

    private readonly List<Message> _messages = new();
    private readonly object _lock = new();

    private HubProbe(MqttClient client) => Client = client;

    public MqttClient Client { get; }

    public static async Task<HubProbe> ConnectAsync(int port, string user = null, string password = null, string clientId = null, params string[] filters)
    {
        var client = new MqttClient();
        var probe = new HubProbe(client);
        client.MessageReceived += (topic, payload) => probe.Add(topic, payload);
        var result = await client.ConnectAsync(new MqttConnectOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = clientId ?? "probe-" + Guid.NewGuid().ToString("N")[..8],
            Username = user,
            Password = password,
            KeepAliveSeconds = 30,
        });
        if (!result.IsConnected)
        {
            throw new InvalidOperationException("probe could not connect: " + result);
        }

        foreach (string f in filters)
        {
            await client.SubscribeAsync(f, 1);
        }

        return probe;
    }

    public IReadOnlyList<Message> Messages
    {
        get
        {
            lock (_lock)
            {
                return _messages.ToList();
            }
        }
    }

    public Message WaitFor(string topic, Func<string, bool> payload = null, int timeoutMs = 15000, int after = 0)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            lock (_lock)
            {
                var hit = _messages.Skip(after).FirstOrDefault(m => m.Topic == topic && (payload == null || payload(m.Payload)));
                if (hit != null)
                {
                    return hit;
                }
            }

            Thread.Sleep(10);
        }

        throw new Xunit.Sdk.XunitException($"no message on {topic} within {timeoutMs} ms; received:\n" + string.Join("\n", Messages.Select(m => m.Topic + " " + m.Payload)));
    }

    public int Count => Messages.Count;

    public Task PublishAsync(string topic, string payload, int qos = 1, bool retain = false) => Client.PublishAsync(topic, payload, qos, retain);

    public void Dispose()
    {
        Client.DisconnectAsync().Wait(2000);
        Client.Dispose();
    }

    private void Add(string topic, byte[] payload)
    {
        lock (_lock)
        {
            _messages.Add(new Message(topic, Encoding.UTF8.GetString(payload), DateTime.UtcNow));
        }
    }
}
