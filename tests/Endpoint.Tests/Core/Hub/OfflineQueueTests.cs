using System.Collections.Generic;
using System.Text;
using Endpoint.Core.Hub;

namespace Endpoint.Tests.Core.Hub;

public sealed class OfflineQueueTests
{
    [Fact]
    public void Flush_QueuedMessages_PublishesInFifoOrderWithTheirOptions()
    {
        var queue = new OfflineQueue(8);
        Enqueue(queue, null, "t/1", "one", qos: 0, retain: false);
        Enqueue(queue, null, "t/2", "two", qos: 1, retain: true);
        Enqueue(queue, null, "t/3", "three", qos: 1, retain: false);
        var transport = new FakeTransport();

        int sent = queue.Flush(transport);

        Assert.Equal(3, sent);
        Assert.Equal(0, queue.Count);
        Assert.Equal(new[] { "t/1=one q0", "t/2=two q1 r", "t/3=three q1" }, transport.Published);
    }

    [Fact]
    public void Enqueue_SameKey_LatestWinsAndMovesToTheEnd()
    {
        var queue = new OfflineQueue(8);
        Enqueue(queue, "result", "cmd/result", "old");
        Enqueue(queue, null, "a", "1");
        Enqueue(queue, null, "b", "2");
        Enqueue(queue, "result", "cmd/result", "new");
        var transport = new FakeTransport();

        Assert.Equal(3, queue.Count);
        queue.Flush(transport);

        Assert.Equal(new[] { "a=1 q0", "b=2 q0", "cmd/result=new q0" }, transport.Published);
        Assert.Equal(0, queue.Dropped);
    }

    [Fact]
    public void Enqueue_NullKeys_NeverReplaceEachOther()
    {
        var queue = new OfflineQueue(8);
        Enqueue(queue, null, "t", "1");
        Enqueue(queue, null, "t", "2");

        Assert.Equal(2, queue.Count);
        Assert.Equal("1", Text(queue.PayloadAt(0)));
        Assert.Equal("2", Text(queue.PayloadAt(1)));
    }

    [Fact]
    public void Enqueue_DifferentKeys_AreKeptApart()
    {
        var queue = new OfflineQueue(8);
        Enqueue(queue, "k1", "t", "1");
        Enqueue(queue, "k2", "t", "2");
        Enqueue(queue, "k1", "t", "3");

        Assert.Equal(2, queue.Count);
        Assert.Equal("2", Text(queue.PayloadAt(0)));
        Assert.Equal("3", Text(queue.PayloadAt(1)));
    }

    [Fact]
    public void Enqueue_SameKeyWhenFull_ReplacesWithoutDropping()
    {
        var queue = new OfflineQueue(2);
        Enqueue(queue, "k", "k", "1");
        Enqueue(queue, null, "x", "x");
        Enqueue(queue, "k", "k", "2");

        Assert.Equal(2, queue.Count);
        Assert.Equal(0, queue.Dropped);
        Assert.Equal("x", queue.TopicAt(0));
        Assert.Equal("2", Text(queue.PayloadAt(1)));
    }

    [Fact]
    public void Enqueue_Full_DropsOldestDroppableFirst()
    {
        var queue = new OfflineQueue(4);
        Enqueue(queue, null, "event/1", "e1");
        Enqueue(queue, null, "telemetry/1", "t1", droppable: true);
        Enqueue(queue, null, "event/2", "e2");
        Enqueue(queue, null, "telemetry/2", "t2", droppable: true);

        Enqueue(queue, null, "event/3", "e3");

        Assert.Equal(4, queue.Count);
        Assert.Equal(1, queue.Dropped);
        Assert.Equal(new[] { "event/1", "event/2", "telemetry/2", "event/3" }, Topics(queue));

        Enqueue(queue, null, "event/4", "e4");

        Assert.Equal(2, queue.Dropped);
        Assert.Equal(new[] { "event/1", "event/2", "event/3", "event/4" }, Topics(queue));
    }

    [Fact]
    public void Enqueue_FullWithNothingDroppable_DropsTheOldest()
    {
        var queue = new OfflineQueue(3);
        Enqueue(queue, null, "a", "a");
        Enqueue(queue, null, "b", "b");
        Enqueue(queue, null, "c", "c");

        Enqueue(queue, null, "d", "d", droppable: true);
        Enqueue(queue, null, "e", "e");

        // "a" went for "d"; then "d" (droppable) went for "e".
        Assert.Equal(new[] { "b", "c", "e" }, Topics(queue));
        Assert.Equal(2, queue.Dropped);
    }

    [Fact]
    public void Enqueue_ManyIntoSmallQueue_KeepsTheNewestAndCountsDrops()
    {
        var queue = new OfflineQueue(5);
        for (int i = 0; i < 100; i++)
        {
            Enqueue(queue, null, "t/" + i, i.ToString());
        }

        Assert.Equal(5, queue.Count);
        Assert.Equal(95, queue.Dropped);
        Assert.Equal(new[] { "t/95", "t/96", "t/97", "t/98", "t/99" }, Topics(queue));
    }

    [Fact]
    public void Flush_PublishRefused_StopsAndKeepsTheRestInOrder()
    {
        var queue = new OfflineQueue(8);
        for (int i = 1; i <= 5; i++)
        {
            Enqueue(queue, null, "t/" + i, "p" + i);
        }

        var transport = new FakeTransport { AcceptCount = 2 };

        int sent = queue.Flush(transport);

        Assert.Equal(2, sent);
        Assert.Equal(new[] { "t/1=p1 q0", "t/2=p2 q0" }, transport.Published);
        Assert.Equal(3, transport.Attempts); // the refused one was tried once, then Flush stopped
        Assert.Equal(new[] { "t/3", "t/4", "t/5" }, Topics(queue));

        var later = new FakeTransport();
        Assert.Equal(3, queue.Flush(later));
        Assert.Equal(new[] { "t/3=p3 q0", "t/4=p4 q0", "t/5=p5 q0" }, later.Published);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Flush_Empty_SendsNothing()
    {
        var queue = new OfflineQueue(4);
        var transport = new FakeTransport();

        Assert.Equal(0, queue.Flush(transport));
        Assert.Equal(0, transport.Attempts);
    }

    [Fact]
    public void Enqueue_SourceMutatedAfterwards_QueuedBytesUnchanged()
    {
        var queue = new OfflineQueue(4);
        byte[] source = Encoding.UTF8.GetBytes("xx{\"v\":1}yy");

        queue.Enqueue(null, "t", source, 2, 7, 1, false, false);
        source[2] = (byte)'!';
        source[7] = (byte)'9';

        Assert.Equal("{\"v\":1}", Text(queue.PayloadAt(0)));
        var transport = new FakeTransport();
        queue.Flush(transport);
        Assert.Equal(new[] { "t={\"v\":1} q1" }, transport.Published);
    }

    private static void Enqueue(OfflineQueue queue, string key, string topic, string payload, int qos = 0, bool retain = false, bool droppable = false)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(payload);
        queue.Enqueue(key, topic, bytes, 0, bytes.Length, qos, retain, droppable);
    }

    private static string[] Topics(OfflineQueue queue)
    {
        var topics = new string[queue.Count];
        for (int i = 0; i < topics.Length; i++)
        {
            topics[i] = queue.TopicAt(i);
        }

        return topics;
    }

    private static string Text(byte[] payload) => Encoding.UTF8.GetString(payload);

    private sealed class FakeTransport : IMqttTransport
    {
        public int AcceptCount { get; set; } = int.MaxValue;

        public int Attempts { get; private set; }

        public List<string> Published { get; } = new();

        public bool IsConnected => true;

        public event MqttMessageHandler MessageReceived { add { } remove { } }

        public event MqttConnectedHandler Connected { add { } remove { } }

        public event MqttClosedHandler Closed { add { } remove { } }

        public void Connect(MqttConnectOptions options)
        {
        }

        public void Disconnect()
        {
        }

        public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            Attempts++;
            if (Published.Count >= AcceptCount)
            {
                return false;
            }

            Published.Add(topic + "=" + Encoding.UTF8.GetString(payload, offset, count) + " q" + qos + (retain ? " r" : string.Empty));
            return true;
        }

        public void Subscribe(string topicFilter, int qos)
        {
        }
    }
}
