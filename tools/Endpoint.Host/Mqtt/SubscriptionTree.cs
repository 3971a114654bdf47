using System.Collections.Generic;

namespace Endpoint.Host.Mqtt;

/// <summary>
/// Topic filters indexed by level, so routing a message walks the topic's levels instead of
/// testing every filter of every client (§4.7). Not thread-safe: the hub holds its lock.
/// </summary>
/// <typeparam name="TSubscriber">Who subscribed (a hub session); compared by reference.</typeparam>
internal sealed class SubscriptionTree<TSubscriber> where TSubscriber : class
{
    private sealed class Node
    {
        public Dictionary<string, Node> Children;
        public Dictionary<TSubscriber, int> Subscribers;

        public bool IsEmpty => (Children == null || Children.Count == 0) && (Subscribers == null || Subscribers.Count == 0);
    }

    private readonly Node _root = new Node();

    /// <summary>Adds or replaces (§3.8.4) the subscription of <paramref name="subscriber"/> to a valid filter.</summary>
    public void Add(string filter, TSubscriber subscriber, int qos)
    {
        var node = _root;
        foreach (string level in filter.Split('/'))
        {
            node.Children ??= new Dictionary<string, Node>();
            if (!node.Children.TryGetValue(level, out var child)) node.Children[level] = child = new Node();
            node = child;
        }
        (node.Subscribers ??= new Dictionary<TSubscriber, int>())[subscriber] = qos;
    }

    /// <summary>Removes a subscription; returns false when there was none. Empty branches are pruned.</summary>
    public bool Remove(string filter, TSubscriber subscriber) => Remove(_root, filter.Split('/'), 0, subscriber);

    private static bool Remove(Node node, string[] levels, int i, TSubscriber subscriber)
    {
        if (i == levels.Length) return node.Subscribers != null && node.Subscribers.Remove(subscriber);
        if (node.Children == null || !node.Children.TryGetValue(levels[i], out var child)) return false;
        bool removed = Remove(child, levels, i + 1, subscriber);
        if (child.IsEmpty) node.Children.Remove(levels[i]);
        return removed;
    }

    /// <summary>
    /// Adds every subscriber whose filter matches <paramref name="topic"/> to
    /// <paramref name="result"/> with the highest QoS among its matching filters, so a client with
    /// overlapping filters gets one copy (§3.3.5).
    /// </summary>
    public void Match(string topic, Dictionary<TSubscriber, int> result)
    {
        string[] levels = topic.Split('/');
        Match(_root, levels, 0, topic.Length > 0 && topic[0] == '$', result);
    }

    private static void Match(Node node, string[] levels, int i, bool dollar, Dictionary<TSubscriber, int> result)
    {
        if (i == levels.Length)
        {
            AddAll(node.Subscribers, result);
            // "a/#" also matches "a" (§4.7.1.2).
            if (node.Children != null && node.Children.TryGetValue("#", out var parentHash)) AddAll(parentHash.Subscribers, result);
            return;
        }
        if (node.Children == null) return;
        if (node.Children.TryGetValue(levels[i], out var exact)) Match(exact, levels, i + 1, dollar, result);
        // §4.7.2: a filter starting with a wildcard does not match a topic starting with '$'.
        if (dollar && i == 0) return;
        if (node.Children.TryGetValue("+", out var plus)) Match(plus, levels, i + 1, dollar, result);
        if (node.Children.TryGetValue("#", out var hash)) AddAll(hash.Subscribers, result);
    }

    private static void AddAll(Dictionary<TSubscriber, int> subscribers, Dictionary<TSubscriber, int> result)
    {
        if (subscribers == null) return;
        foreach (var pair in subscribers)
        {
            if (!result.TryGetValue(pair.Key, out int q) || q < pair.Value) result[pair.Key] = pair.Value;
        }
    }
}
