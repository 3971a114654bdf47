using System;

namespace Endpoint.Host.Mqtt;

/// <summary>
/// Topic names and topic filters (MQTT 3.1.1 §4.7): validation and wildcard matching.
/// Matching is allocation-free.
/// </summary>
public static class MqttTopic
{
    /// <summary>
    /// Checks a topic name for PUBLISH (§4.7.3, §3.3.2.1): at least one character, no wildcard,
    /// no U+0000, well-formed, at most 65,535 UTF-8 bytes. Returns null when valid, else the reason.
    /// </summary>
    public static string ValidateTopicName(string topic) => ValidateTopicName(topic, out _);

    /// <summary>
    /// <see cref="ValidateTopicName(string)"/> that also gives the topic's UTF-8 byte count, so a
    /// publisher scans the string once.
    /// </summary>
    public static string ValidateTopicName(string topic, out int utf8Bytes)
    {
        string common = ValidateCommon(topic, "topic name", out utf8Bytes);
        if (common != null) return common;
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
            return $"topic name \"{topic}\" contains a wildcard (+ or #), which only topic filters may (MQTT 3.1.1 §4.7.1)";
        return null;
    }

    /// <summary>
    /// Checks a topic filter for SUBSCRIBE/UNSUBSCRIBE (§4.7.1): '+' fills a whole level, '#'
    /// fills the last level, plus the rules of <see cref="ValidateTopicName(string)"/> for the rest.
    /// Returns null when valid, else the reason.
    /// </summary>
    public static string ValidateTopicFilter(string filter)
    {
        string common = ValidateCommon(filter, "topic filter", out _);
        if (common != null) return common;
        for (int i = 0; i < filter.Length; i++)
        {
            char c = filter[i];
            bool levelStart = i == 0 || filter[i - 1] == '/';
            bool levelEnd = i == filter.Length - 1 || filter[i + 1] == '/';
            if (c == '+' && !(levelStart && levelEnd))
                return $"topic filter \"{filter}\": '+' must fill a whole level (MQTT 3.1.1 §4.7.1.3)";
            if (c == '#' && !(levelStart && i == filter.Length - 1))
                return $"topic filter \"{filter}\": '#' must be the last character and fill a whole level (MQTT 3.1.1 §4.7.1.2)";
        }
        return null;
    }

    /// <summary>True when <paramref name="topic"/> is a valid topic name.</summary>
    public static bool IsValidTopicName(string topic) => ValidateTopicName(topic) == null;

    /// <summary>True when <paramref name="filter"/> is a valid topic filter.</summary>
    public static bool IsValidTopicFilter(string filter) => ValidateTopicFilter(filter) == null;

    private static string ValidateCommon(string value, string what, out int bytes)
    {
        bytes = 0;
        if (value == null) return $"{what} is missing";
        if (value.Length == 0) return $"{what} is empty; it needs at least one character (MQTT 3.1.1 §4.7.3)";
        if (value.IndexOf('\0') >= 0) return $"{what} contains U+0000 (MQTT 3.1.1 §1.5.3)";
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                    return $"{what} is not well-formed Unicode (lone surrogate) (MQTT 3.1.1 §1.5.3)";
                bytes += 4;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return $"{what} is not well-formed Unicode (lone surrogate) (MQTT 3.1.1 §1.5.3)";
            else bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        if (bytes > MqttCodec.MaxStringLength) return $"{what} is {bytes} bytes of UTF-8; at most 65,535 are allowed (MQTT 3.1.1 §1.5.3)";
        return null;
    }

    /// <summary>
    /// True when the topic name matches the filter (§4.7.1): '+' matches exactly one level (which
    /// may be empty), '#' matches the parent level and any number of child levels, and a filter
    /// starting with a wildcard does not match a topic starting with '$' (§4.7.2). Both arguments
    /// are assumed valid.
    /// </summary>
    public static bool Matches(string filter, string topic)
    {
        if (filter == null || topic == null) return false;
        ReadOnlySpan<char> f = filter, t = topic;
        if (t.Length > 0 && t[0] == '$' && f.Length > 0 && (f[0] == '+' || f[0] == '#')) return false;
        while (true)
        {
            int fSlash = f.IndexOf('/');
            ReadOnlySpan<char> fLevel = fSlash < 0 ? f : f.Slice(0, fSlash);
            if (fLevel.Length == 1 && fLevel[0] == '#') return true;
            int tSlash = t.IndexOf('/');
            ReadOnlySpan<char> tLevel = tSlash < 0 ? t : t.Slice(0, tSlash);
            bool plus = fLevel.Length == 1 && fLevel[0] == '+';
            if (!plus && !fLevel.SequenceEqual(tLevel)) return false;
            if (fSlash < 0) return tSlash < 0;
            if (tSlash < 0)
            {
                // The topic ended; "a/#" still matches "a" (§4.7.1.2).
                var rest = f.Slice(fSlash + 1);
                return rest.Length == 1 && rest[0] == '#';
            }
            f = f.Slice(fSlash + 1);
            t = t.Slice(tSlash + 1);
        }
    }
}
