using System;
using System.Globalization;
using System.Text;

namespace Endpoint.Host.Simulation;

/// <summary>A Wi-Fi network in range of a simulated station: its name, password (empty: open) and signal.</summary>
public sealed record SimulatedNetwork(string Ssid, string Password, int Rssi)
{
    /// <summary>Signal of a network declared without one.</summary>
    public const int DefaultRssi = -50;

    /// <summary>
    /// Parses <c>SSID:password[:rssi]</c> (the <c>--wifi</c> option): the SSID ends at the first ':'; a last
    /// field that is a whole number from -100 to 0 after a second ':' is the RSSI in dBm; the rest is the
    /// password (empty for an open network; it may contain ':'). Throws <see cref="FormatException"/>.
    /// </summary>
    public static SimulatedNetwork Parse(string text)
    {
        int colon = text.IndexOf(':');
        if (colon < 0)
        {
            throw new FormatException($"'{text}' is not SSID:password[:rssi] (write 'Name:' for an open network)");
        }

        string ssid = text[..colon];
        string rest = text[(colon + 1)..];
        int rssi = DefaultRssi;
        int last = rest.LastIndexOf(':');
        if (last >= 0 && int.TryParse(rest[(last + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            if (value < -100 || value > 0)
            {
                throw new FormatException($"RSSI {value} dBm is out of range: use -100 to 0");
            }

            rssi = value;
            rest = rest[..last];
        }

        int ssidBytes = Encoding.UTF8.GetByteCount(ssid);
        if (ssidBytes == 0 || ssidBytes > 32)
        {
            throw new FormatException($"SSID '{ssid}' must be 1 to 32 bytes");
        }

        if (Encoding.UTF8.GetByteCount(rest) > 64)
        {
            throw new FormatException($"the password of '{ssid}' is longer than 64 bytes");
        }

        return new SimulatedNetwork(ssid, rest, rssi);
    }
}
