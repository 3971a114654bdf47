using System;
using System.Collections.Generic;
using System.Linq;
using Endpoint.Host.Mqtt;

namespace Endpoint.Tests.Host.Mqtt;

/// <summary>Topic names, topic filters and wildcard matching (MQTT 3.1.1 §4.7), including the spec's own examples.</summary>
public class TopicFilterTests
{
    [Theory]
    // §4.7.1.2 multi-level wildcard examples
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "sport/tennis", true)]
    [InlineData("#", "/", true)]
    // §4.7.1.3 single-level wildcard examples
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player2", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("+/tennis/#", "sport/tennis/player1", true)]
    // §4.7.2 topics beginning with $
    [InlineData("#", "$SYS/broker/uptime", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    [InlineData("a/$x", "a/$x", true)]
    [InlineData("a/+", "a/$x", true)]
    // plain and case-sensitive (§4.7.3)
    [InlineData("endpoint/dev1/status", "endpoint/dev1/status", true)]
    [InlineData("endpoint/dev1/status", "Endpoint/dev1/status", false)]
    [InlineData("endpoint/dev1", "endpoint/dev1/status", false)]
    [InlineData("endpoint/dev1/status/x", "endpoint/dev1/status", false)]
    [InlineData("endpoint/+/+/set", "endpoint/dev1/relay/set", true)]
    [InlineData("a//b", "a//b", true)]
    [InlineData("a/+/b", "a//b", true)]
    public void Matches_SpecExamples_GiveExpectedResult(string filter, string topic, bool expected)
    {
        Assert.Equal(expected, MqttTopic.Matches(filter, topic));
    }

    [Theory]
    [InlineData("#")]
    [InlineData("+")]
    [InlineData("sport/#")]
    [InlineData("sport/tennis/#")]
    [InlineData("+/tennis/#")]
    [InlineData("sport/+/player1")]
    [InlineData("/")]
    [InlineData("$SYS/#")]
    public void ValidateTopicFilter_ValidFilter_ReturnsNull(string filter)
    {
        Assert.Null(MqttTopic.ValidateTopicFilter(filter));
        Assert.True(MqttTopic.IsValidTopicFilter(filter));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("sport/tennis#", "'#'")]
    [InlineData("sport/tennis/#/ranking", "'#'")]
    [InlineData("sport+", "'+'")]
    [InlineData("sport/+tennis", "'+'")]
    [InlineData("a\0b", "U+0000")]
    public void ValidateTopicFilter_InvalidFilter_GivesReason(string filter, string reason)
    {
        string error = MqttTopic.ValidateTopicFilter(filter);
        Assert.NotNull(error);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("sport/tennis", null)]
    [InlineData("/", null)]
    [InlineData("$SYS/x", null)]
    [InlineData("endpoint/é/state", null)]
    [InlineData("", "empty")]
    [InlineData("sport/#", "wildcard")]
    [InlineData("sport/+/x", "wildcard")]
    [InlineData("a\0", "U+0000")]
    public void ValidateTopicName_Examples_GiveExpectedResult(string topic, string reason)
    {
        string error = MqttTopic.ValidateTopicName(topic);
        if (reason == null) Assert.Null(error);
        else Assert.Contains(reason, error);
    }

    [Fact]
    public void Validate_LoneSurrogate_IsRejected()
    {
        Assert.Contains("surrogate", MqttTopic.ValidateTopicFilter("a" + '\uD800' + "b"));
        Assert.Contains("surrogate", MqttTopic.ValidateTopicName('\uDC00' + "x"));
        Assert.Contains("surrogate", MqttTopic.ValidateTopicName("x" + '\uD83D'));
    }

    [Fact]
    public void ValidateTopicName_Over65535Utf8Bytes_IsRejected()
    {
        Assert.Null(MqttTopic.ValidateTopicName(new string('a', 65535)));
        Assert.Contains("65,535", MqttTopic.ValidateTopicName(new string('a', 65536)));
        Assert.Contains("65,535", MqttTopic.ValidateTopicName(new string('é', 32768))); // 2 bytes each
    }

    [Fact]
    public void ValidateTopicName_ValidTopic_ReportsUtf8ByteCount()
    {
        Assert.Null(MqttTopic.ValidateTopicName("a/é/😀", out int bytes));
        Assert.Equal(1 + 1 + 2 + 1 + 4, bytes);
    }

    [Fact]
    public void SubscriptionTree_RandomFiltersAndTopics_AgreesWithMatches()
    {
        // The hub's level index must give the same answer as the reference matcher.
        var rng = new Random(4711);
        string[] words = { "a", "b", "", "$SYS", "dev1" };
        string RandomTopic()
        {
            int n = rng.Next(1, 5);
            return string.Join("/", Enumerable.Range(0, n).Select(_ => words[rng.Next(words.Length)]));
        }
        string RandomFilter()
        {
            int n = rng.Next(1, 5);
            var levels = Enumerable.Range(0, n).Select(_ => rng.Next(4) switch { 0 => "+", _ => words[rng.Next(words.Length)] }).ToList();
            if (rng.Next(3) == 0) levels.Add("#");
            return string.Join("/", levels);
        }
        var filters = Enumerable.Range(0, 60).Select(_ => RandomFilter()).Distinct().ToList();
        var tree = new SubscriptionTree<string>();
        foreach (var f in filters) tree.Add(f, f, 0);
        for (int i = 0; i < 2000; i++)
        {
            string topic = RandomTopic();
            var result = new Dictionary<string, int>();
            tree.Match(topic, result);
            var expected = filters.Where(f => MqttTopic.Matches(f, topic)).OrderBy(x => x, StringComparer.Ordinal);
            Assert.Equal(expected, result.Keys.OrderBy(x => x, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void SubscriptionTree_RemovedFilter_NoLongerMatches()
    {
        var tree = new SubscriptionTree<string>();
        tree.Add("a/+", "s1", 1);
        tree.Add("a/#", "s1", 0);
        tree.Add("a/+", "s2", 0);
        var result = new Dictionary<string, int>();
        tree.Match("a/b", result);
        Assert.Equal(1, result["s1"]); // highest QoS of the overlapping filters
        Assert.Equal(0, result["s2"]);

        Assert.True(tree.Remove("a/+", "s1"));
        Assert.False(tree.Remove("a/+", "s1"));
        result.Clear();
        tree.Match("a/b", result);
        Assert.Equal(0, result["s1"]);
    }
}
