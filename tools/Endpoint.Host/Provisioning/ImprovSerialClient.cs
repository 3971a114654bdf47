using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using Endpoint.Core.Hardware;
using Endpoint.Core.Provisioning;
using Endpoint.Core.Text;

namespace Endpoint.Host.Provisioning;

/// <summary>A packet from the device: its type (<see cref="ImprovSerialFramer"/> Type…) and data.</summary>
public sealed record ImprovPacket(byte Type, byte[] Data)
{
    /// <summary>The single byte of a state or error packet.</summary>
    public byte Value => Data.Length > 0 ? Data[0] : (byte)0;

    /// <summary>The command an RPC result answers.</summary>
    public byte ResultCommand => Data.Length > 0 ? Data[0] : (byte)0;

    /// <summary>The strings of an RPC result (improv-wifi.com/serial "Packet: RPC Result"); malformed ones end the list.</summary>
    public IReadOnlyList<string> ResultStrings
    {
        get
        {
            var list = new List<string>();
            if (Data.Length < 2)
            {
                return list;
            }

            int end = Math.Min(Data.Length, 2 + Data[1]);
            int i = 2;
            while (i < end && i + 1 + Data[i] <= end)
            {
                list.Add(Encoding.UTF8.GetString(Data, i + 1, Data[i]));
                i += 1 + Data[i];
            }

            return list;
        }
    }
}

/// <summary>
/// The client side of Improv serial (improv-wifi.com/serial) over any <see cref="ISerialPort"/>: sends RPC
/// commands as IMPROV packets (ending with a line feed, as the JavaScript SDK does) and hands back the
/// device's packets in order, skipping anything else on the line (boot logs).
/// </summary>
public sealed class ImprovSerialClient
{
    private readonly ISerialPort _port;
    private readonly ImprovSerialFramer _framer = new();
    private readonly BlockingCollection<ImprovPacket> _packets = new();
    private readonly object _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Listens to <paramref name="port"/>.</summary>
    public ImprovSerialClient(ISerialPort port)
    {
        _port = port;
        _framer.PacketReceived += (type, data, offset, count) => _packets.Add(new ImprovPacket(type, data.AsSpan(offset, count).ToArray()));
        _port.DataReceived += (data, count) =>
        {
            lock (_lock)
            {
                _framer.Feed(data, 0, count, _clock.ElapsedMilliseconds);
            }
        };
    }

    /// <summary>Sends RPC <paramref name="command"/> with <paramref name="data"/>.</summary>
    public void Send(byte command, byte[] data)
    {
        var rpc = new byte[2 + data.Length];
        rpc[0] = command;
        rpc[1] = (byte)data.Length;
        data.CopyTo(rpc, 2);
        var packet = new ByteBuffer(16 + rpc.Length);
        ImprovSerialFramer.WritePacket(packet, ImprovSerialFramer.TypeRpc, rpc, 0, rpc.Length);
        packet.Append((byte)'\n');
        _port.Write(packet.Data, 0, packet.Length);
    }

    /// <summary>The data of "send Wi-Fi settings": SSID and password, each with its length.</summary>
    public static byte[] WifiSettings(string ssid, string password)
    {
        byte[] s = Encoding.UTF8.GetBytes(ssid);
        byte[] p = Encoding.UTF8.GetBytes(password);
        var data = new byte[2 + s.Length + p.Length];
        data[0] = (byte)s.Length;
        s.CopyTo(data, 1);
        data[1 + s.Length] = (byte)p.Length;
        p.CopyTo(data, 2 + s.Length);
        return data;
    }

    /// <summary>The next packet from the device, or null when none arrives within <paramref name="timeout"/>.</summary>
    public ImprovPacket Next(TimeSpan timeout) => _packets.TryTake(out var p, timeout) ? p : null;

    /// <summary>Discards what the device sent before now (answers to an earlier client), until the line is quiet for <paramref name="quiet"/>.</summary>
    public void Discard(TimeSpan quiet)
    {
        while (Next(quiet) != null)
        {
        }
    }
}
