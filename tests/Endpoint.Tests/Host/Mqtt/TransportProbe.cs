using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Endpoint.Core.Hub;

namespace Endpoint.Tests.Host.Mqtt;

/// <summary>Records the events of an <see cref="IMqttTransport"/> and lets a test await them (with generous timeouts, only to avoid hangs).</summary>
internal sealed class TransportProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly Channel<(string Topic, byte[] Payload)> _messages = Channel.CreateUnbounded<(string, byte[])>();
    private readonly Channel<(MqttCloseReason Reason, string Detail)> _closed = Channel.CreateUnbounded<(MqttCloseReason, string)>();
    private readonly SemaphoreSlim _connected = new SemaphoreSlim(0);
    private int _messageCount;

    public TransportProbe(IMqttTransport transport)
    {
        Transport = transport;
        transport.MessageReceived += (t, p) =>
        {
            Interlocked.Increment(ref _messageCount);
            _messages.Writer.TryWrite((t, p));
        };
        transport.Connected += () => _connected.Release();
        transport.Closed += (r, d) => _closed.Writer.TryWrite((r, d));
    }

    public IMqttTransport Transport { get; }

    public int MessageCount => Volatile.Read(ref _messageCount);

    public async Task ConnectedAsync()
    {
        if (!await _connected.WaitAsync(Timeout)) throw new TimeoutException("no Connected event");
    }

    public async Task<(MqttCloseReason Reason, string Detail)> ClosedAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await _closed.Reader.ReadAsync(cts.Token);
    }

    public bool TryTakeClosed(out (MqttCloseReason Reason, string Detail) closed) => _closed.Reader.TryRead(out closed);

    public async Task<(string Topic, byte[] Payload)> MessageAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await _messages.Reader.ReadAsync(cts.Token);
    }

    public async Task<(string Topic, string Text)> TextAsync()
    {
        var m = await MessageAsync();
        return (m.Topic, Encoding.UTF8.GetString(m.Payload));
    }

    public async Task<List<(string Topic, string Text)>> TextsAsync(int count)
    {
        var list = new List<(string, string)>();
        for (int i = 0; i < count; i++) list.Add(await TextAsync());
        return list;
    }

    public bool TryTakeMessage(out (string Topic, byte[] Payload) message) => _messages.Reader.TryRead(out message);

    /// <summary>Waits for a message on <paramref name="topic"/>, returning those that came before it.</summary>
    public async Task<List<(string Topic, string Text)>> UntilAsync(string topic)
    {
        var before = new List<(string, string)>();
        while (true)
        {
            var m = await TextAsync();
            if (m.Topic == topic) return before;
            before.Add(m);
        }
    }
}
