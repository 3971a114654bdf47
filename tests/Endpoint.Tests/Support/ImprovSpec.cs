using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Endpoint.Tests.Support;

/// <summary>
/// Improv Wi-Fi bytes written straight from the specification (improv-wifi.com/serial and /ble), without the
/// production codec, so tests check the device against the spec rather than against itself.
/// Serial packet: "IMPROV", version 1, type, length, data, checksum = low byte of the sum of all preceding bytes.
/// </summary>
public static class ImprovSpec
{
    public const byte CurrentState = 0x01, ErrorState = 0x02, Rpc = 0x03, RpcResult = 0x04;

    public static byte Sum(IEnumerable<byte> bytes) => (byte)(bytes.Sum(b => b) & 0xFF);

    /// <summary>A serial packet.</summary>
    public static byte[] Packet(byte type, params byte[] data)
    {
        var p = new List<byte>(Encoding.ASCII.GetBytes("IMPROV")) { 1, type, (byte)data.Length };
        p.AddRange(data);
        p.Add(Sum(p));
        return p.ToArray();
    }

    /// <summary>An RPC command body: command, data length, data.</summary>
    public static byte[] Command(byte command, params byte[] data) => new[] { command, (byte)data.Length }.Concat(data).ToArray();

    /// <summary>An RPC command as the BLE RPC characteristic takes it: body plus checksum.</summary>
    public static byte[] BleCommand(byte command, params byte[] data)
    {
        var body = Command(command, data);
        return body.Append(Sum(body)).ToArray();
    }

    /// <summary>Serial RPC packet.</summary>
    public static byte[] SerialCommand(byte command, params byte[] data) => Packet(Rpc, Command(command, data));

    /// <summary>The data of "send Wi-Fi settings".</summary>
    public static byte[] WifiData(string ssid, string password)
    {
        var s = Encoding.UTF8.GetBytes(ssid);
        var p = Encoding.UTF8.GetBytes(password);
        return new[] { (byte)s.Length }.Concat(s).Append((byte)p.Length).Concat(p).ToArray();
    }

    /// <summary>A decoded serial packet.</summary>
    public sealed record Frame(byte Type, byte[] Data)
    {
        public byte Value => Data[0];

        /// <summary>The strings of an RPC result: [command, length, (len, bytes)…].</summary>
        public string[] Strings
        {
            get
            {
                var list = new List<string>();
                int end = 2 + Data[1];
                for (int i = 2; i < end; i += 1 + Data[i])
                {
                    list.Add(Encoding.UTF8.GetString(Data, i + 1, Data[i]));
                }

                return list.ToArray();
            }
        }

        public override string ToString() => $"type {Type}: {Convert.ToHexString(Data)}";
    }

    /// <summary>
    /// Reads every valid packet out of <paramref name="stream"/>, skipping other bytes (line feeds); fails on a
    /// packet whose checksum is wrong, because the device must never send one.
    /// </summary>
    public static List<Frame> Decode(IReadOnlyList<byte> stream)
    {
        var frames = new List<Frame>();
        byte[] magic = Encoding.ASCII.GetBytes("IMPROV");
        int i = 0;
        while (i + 10 <= stream.Count)
        {
            if (!magic.Select((m, k) => stream[i + k] == m).All(x => x) || stream[i + 6] != 1)
            {
                i++;
                continue;
            }

            int length = stream[i + 8];
            if (i + 10 + length > stream.Count)
            {
                break;
            }

            byte sum = Sum(Enumerable.Range(i, 9 + length).Select(k => stream[k]));
            if (sum != stream[i + 9 + length])
            {
                throw new Xunit.Sdk.XunitException($"device sent a packet with a bad checksum at {i}");
            }

            frames.Add(new Frame(stream[i + 7], Enumerable.Range(i + 9, length).Select(k => stream[k]).ToArray()));
            i += 10 + length;
        }

        return frames;
    }
}
