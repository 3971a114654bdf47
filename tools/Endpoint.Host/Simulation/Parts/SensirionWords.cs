using System;
using Endpoint.Core.Hardware;

namespace Endpoint.Host.Simulation.Parts;

/// <summary>Sensirion answers: 16-bit words, each followed by its CRC-8 (poly 0x31, init 0xFF).</summary>
internal static class SensirionWords
{
    /// <summary>Writes two words with their CRCs into a 6-byte answer.</summary>
    public static byte[] Answer(int first, int second)
    {
        var a = new byte[6];
        Put(a, 0, first);
        Put(a, 3, second);
        return a;
    }

    /// <summary>The raw value for <paramref name="value"/> on a linear scale offset + span · raw / 65535, clamped to 16 bits.</summary>
    public static int Encode(double value, double offset, double span) =>
        (int)Math.Clamp(Math.Round((value - offset) * 65535.0 / span), 0, 65535);

    private static void Put(byte[] a, int at, int word)
    {
        a[at] = (byte)(word >> 8);
        a[at + 1] = (byte)word;
        a[at + 2] = Crc8.Sensirion(a, at);
    }
}
