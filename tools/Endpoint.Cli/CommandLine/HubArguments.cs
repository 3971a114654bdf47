using System;
using System.IO;
using Endpoint.Core.Hub;
using Endpoint.Host.Mqtt;

namespace Endpoint.Cli.CommandLine;

/// <summary>The broker options every command shares: <c>--hub URI</c> and <c>--ca FILE</c>.</summary>
public static class HubArguments
{
    /// <summary>The help lines for the two options.</summary>
    public const string Help = """
          --hub URI                mqtt://[user:pass@]host[:port] or mqtts://…
          --ca FILE                CA certificate (PEM) that signed the broker's certificate, for mqtts://
        """;

    /// <summary>The options' specs.</summary>
    public static readonly OptionSpec[] Options = [new("hub"), new("ca")];

    /// <summary>The broker from <c>--hub</c> (with <c>--ca</c>), or null when <c>--hub</c> is absent and not <paramref name="required"/>.</summary>
    /// <exception cref="UsageException">Bad URI, <c>--ca</c> without mqtts, unreadable CA file, or a required <c>--hub</c> missing.</exception>
    public static MqttConnectOptions Parse(ParsedArgs a, bool required)
    {
        string command = a.Command;
        MqttConnectOptions hub = null;
        if (a.Get("hub") != null)
        {
            try
            {
                hub = MqttUri.Parse(a.Get("hub"));
            }
            catch (FormatException ex)
            {
                throw new UsageException($"{command}: --hub: {ex.Message}");
            }
        }
        else if (required)
        {
            throw new UsageException($"{command}: --hub is required, e.g. --hub mqtt://127.0.0.1:1883");
        }

        if (a.Get("ca") != null)
        {
            if (hub == null || !hub.UseTls)
            {
                throw new UsageException($"{command}: --ca goes with an mqtts:// --hub");
            }

            string ca = a.Get("ca");
            if (!File.Exists(ca))
            {
                throw new UsageException($"{command}: --ca: no such file '{ca}'");
            }

            string pem = File.ReadAllText(ca);
            if (!pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                throw new UsageException($"{command}: --ca: '{ca}' is not a PEM certificate");
            }

            hub.CaCertificatePem = pem;
        }

        return hub;
    }
}
