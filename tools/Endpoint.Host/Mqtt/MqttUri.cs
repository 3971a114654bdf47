using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Endpoint.Core.Hub;

namespace Endpoint.Host.Mqtt;

/// <summary>
/// Broker addresses as URIs: <c>mqtt://[user[:password]@]host[:port]</c> (default port 1883)
/// and <c>mqtts://…</c> (TLS, default port 8883). User and password may be percent-encoded
/// (<c>%40</c> for '@'). Error messages never repeat the input, so a password cannot leak.
/// </summary>
public static class MqttUri
{
    /// <summary>Default port of <c>mqtt://</c>.</summary>
    public const int DefaultPort = 1883;

    /// <summary>Default port of <c>mqtts://</c>.</summary>
    public const int DefaultTlsPort = 8883;

    /// <summary>Parses a broker URI into connect options (host, port, TLS, credentials; the rest default).</summary>
    /// <exception cref="FormatException">Not a valid broker URI; the message is one sentence and holds no part of the password.</exception>
    public static MqttConnectOptions Parse(string uri)
    {
        string error = TryParseCore(uri, out var options);
        if (error != null) throw new FormatException(error);
        return options;
    }

    /// <summary>Parses a broker URI; false (and null options) when it is not valid.</summary>
    public static bool TryParse(string uri, out MqttConnectOptions options) => TryParseCore(uri, out options) == null;

    /// <summary>The URI of the options for people and logs: scheme, user, host and port — never the password.</summary>
    public static string Format(MqttConnectOptions options)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        string host = options.Host ?? "";
        if (host.Contains(':')) host = "[" + host + "]";
        string user = options.Username != null ? Uri.EscapeDataString(options.Username) + "@" : "";
        return $"{(options.UseTls ? "mqtts" : "mqtt")}://{user}{host}:{options.Port}";
    }

    private static string TryParseCore(string uri, out MqttConnectOptions options)
    {
        options = null;
        const string usage = "use mqtt://[user:password@]host[:port] or mqtts://[user:password@]host[:port]";
        if (string.IsNullOrWhiteSpace(uri)) return $"The broker URI is empty: {usage}.";
        uri = uri.Trim();
        int sep = uri.IndexOf("://", StringComparison.Ordinal);
        if (sep < 0) return $"The broker URI has no scheme: {usage}.";
        string scheme = uri.Substring(0, sep).ToLowerInvariant();
        bool tls;
        if (scheme == "mqtt") tls = false;
        else if (scheme == "mqtts") tls = true;
        else
        {
            bool plain = scheme.Length > 0 && scheme.Length <= 16 && IsAsciiLetters(scheme);
            return plain ? $"The broker URI scheme '{scheme}' is not supported: {usage}." : $"The broker URI scheme is not supported: {usage}.";
        }

        string rest = uri.Substring(sep + 3);
        int end = rest.IndexOfAny(new[] { '/', '?', '#' });
        string authority = end < 0 ? rest : rest.Substring(0, end);
        if (end >= 0 && rest.Substring(end) != "/")
            return "The broker URI must not have a path, query or fragment after the host and port.";

        string username = null, password = null;
        int at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            string userInfo = authority.Substring(0, at);
            authority = authority.Substring(at + 1);
            int colon = userInfo.IndexOf(':');
            string rawUser = colon < 0 ? userInfo : userInfo.Substring(0, colon);
            string rawPassword = colon < 0 ? null : userInfo.Substring(colon + 1);
            if (rawUser.Length == 0)
                return rawPassword != null ? "The broker URI has a password but no user name, which MQTT 3.1.1 does not allow." : "The broker URI has an empty user name before '@'.";
            username = Uri.UnescapeDataString(rawUser);
            password = rawPassword == null ? null : Uri.UnescapeDataString(rawPassword);
        }

        string host;
        string portText = null;
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']');
            if (close < 0) return "The broker URI has an IPv6 address without its closing ']'.";
            host = authority.Substring(1, close - 1);
            if (!IPAddress.TryParse(host, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
                return "The broker URI has an invalid IPv6 address between '[' and ']'.";
            string after = authority.Substring(close + 1);
            if (after.Length > 0)
            {
                if (after[0] != ':') return "The broker URI has unexpected characters after the IPv6 address.";
                portText = after.Substring(1);
            }
        }
        else
        {
            int colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority.Substring(0, colon);
            if (colon >= 0) portText = authority.Substring(colon + 1);
            if (host.Length == 0) return "The broker URI has no host.";
            if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
                return "The broker URI host is not a valid host name or address.";
        }

        int port = tls ? DefaultTlsPort : DefaultPort;
        if (portText != null)
        {
            if (portText.Length == 0 || portText.Length > 5 || !IsAsciiDigits(portText) ||
                !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
                return "The port in the broker URI must be a number from 1 to 65535.";
        }

        options = new MqttConnectOptions
        {
            Host = host,
            Port = port,
            UseTls = tls,
            Username = username,
            Password = password,
        };
        return null;
    }

    private static bool IsAsciiLetters(string s)
    {
        foreach (char c in s)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return false;
        return true;
    }

    private static bool IsAsciiDigits(string s)
    {
        foreach (char c in s)
            if (c < '0' || c > '9') return false;
        return true;
    }
}
