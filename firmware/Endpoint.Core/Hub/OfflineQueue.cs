using System;

namespace Endpoint.Core.Hub
{
    /// <summary>
    /// Messages kept while the hub is unreachable, bounded so a long outage cannot exhaust the heap.
    /// A message with a key replaces the queued one with the same key (latest wins). When full, the
    /// oldest droppable message (telemetry) goes first, then the oldest of any kind.
    /// Retained entity states are not queued: the entities hold them, and every connect republishes them.
    /// </summary>
    public sealed class OfflineQueue
    {
        private readonly Message[] _items;
        private int _count;
        private int _dropped;

        /// <summary>Creates a queue for at most <paramref name="capacity"/> messages.</summary>
        public OfflineQueue(int capacity)
        {
            _items = new Message[capacity];
        }

        /// <summary>Queued messages.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Messages dropped because the queue was full.</summary>
        public int Dropped
        {
            get { return _dropped; }
        }

        /// <summary>Queues a copy of the payload.</summary>
        /// <param name="key">Messages with the same non-null key replace each other.</param>
        /// <param name="droppable">True for messages that may be dropped first when full (telemetry).</param>
        public void Enqueue(string key, string topic, byte[] payload, int offset, int count, int qos, bool retain, bool droppable)
        {
            byte[] copy = new byte[count];
            Array.Copy(payload, offset, copy, 0, count);
            if (key != null)
            {
                for (int i = 0; i < _count; i++)
                {
                    if (_items[i].Key == key)
                    {
                        RemoveAt(i);
                        break;
                    }
                }
            }

            if (_count == _items.Length)
            {
                int victim = 0;
                for (int i = 0; i < _count; i++)
                {
                    if (_items[i].Droppable)
                    {
                        victim = i;
                        break;
                    }
                }

                RemoveAt(victim);
                _dropped++;
            }

            Message m = new Message();
            m.Key = key;
            m.Topic = topic;
            m.Payload = copy;
            m.Qos = qos;
            m.Retain = retain;
            m.Droppable = droppable;
            _items[_count++] = m;
        }

        /// <summary>
        /// Publishes queued messages in order through <paramref name="transport"/>; stops at the first
        /// refused publish (the link dropped again) and keeps the rest. Returns how many were sent.
        /// </summary>
        public int Flush(IMqttTransport transport)
        {
            int sent = 0;
            while (_count > 0)
            {
                Message m = _items[0];
                if (!transport.Publish(m.Topic, m.Payload, 0, m.Payload.Length, m.Qos, m.Retain))
                {
                    break;
                }

                RemoveAt(0);
                sent++;
            }

            return sent;
        }

        /// <summary>The topic of the i-th queued message (oldest first), for tests and diagnostics.</summary>
        public string TopicAt(int index)
        {
            return _items[index].Topic;
        }

        /// <summary>The payload of the i-th queued message.</summary>
        public byte[] PayloadAt(int index)
        {
            return _items[index].Payload;
        }

        private void RemoveAt(int index)
        {
            for (int i = index; i < _count - 1; i++)
            {
                _items[i] = _items[i + 1];
            }

            _count--;
            _items[_count] = null;
        }

        private sealed class Message
        {
            public string Key;
            public string Topic;
            public byte[] Payload;
            public int Qos;
            public bool Retain;
            public bool Droppable;
        }
    }
}
