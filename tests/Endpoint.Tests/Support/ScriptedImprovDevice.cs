using System;
using System.Collections.Generic;
using System.Linq;
using Endpoint.Host.Serial;

namespace Endpoint.Tests.Support;

/// <summary>
/// A stand-in Improv serial device on one end of a pty pair: decodes the client's packets from the spec
/// bytes (<see cref="ImprovSpec"/>) and answers each RPC command with the packets a script returns.
/// </summary>
public sealed class ScriptedImprovDevice : IDisposable
{
    private readonly TtySerialPort _port;
    private readonly List<byte> _received = new();
    private int _handled;

    public ScriptedImprovDevice(string path, Func<byte, byte[], IEnumerable<byte[]>> answer)
    {
        _port = TtySerialPort.Open(path);
        _port.DataReceived += (data, count) =>
        {
            List<ImprovSpec.Frame> frames;
            lock (_received)
            {
                _received.AddRange(data.Take(count));
                frames = ImprovSpec.Decode(_received);
            }

            for (; _handled < frames.Count; _handled++)
            {
                var rpc = frames[_handled];
                Commands.Add(rpc.Data[0]);
                foreach (byte[] packet in answer(rpc.Data[0], rpc.Data.Skip(2).ToArray()))
                {
                    _port.Write(packet, 0, packet.Length);
                }
            }
        };
        _port.Start();
    }

    /// <summary>The RPC commands received, in order.</summary>
    public List<byte> Commands { get; } = new();

    public void Send(byte[] packet) => _port.Write(packet, 0, packet.Length);

    public static byte[] State(byte state) => ImprovSpec.Packet(ImprovSpec.CurrentState, state);

    public static byte[] Error(byte error) => ImprovSpec.Packet(ImprovSpec.ErrorState, error);

    public static byte[] Result(byte command, params string[] values)
    {
        var body = new List<byte>();
        foreach (string v in values)
        {
            byte[] b = System.Text.Encoding.UTF8.GetBytes(v);
            body.Add((byte)b.Length);
            body.AddRange(b);
        }

        return ImprovSpec.Packet(ImprovSpec.RpcResult, new[] { command, (byte)body.Count }.Concat(body).ToArray());
    }

    public void Dispose() => _port.Dispose();
}
