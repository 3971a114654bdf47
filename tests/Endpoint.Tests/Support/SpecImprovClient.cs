using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace Endpoint.Tests.Support;

/// <summary>
/// A minimal Improv serial client written from the spec (improv-wifi.com/serial) and nothing of Endpoint's code:
/// plain file I/O on the tty (left raw by socat), packets built and decoded by <see cref="ImprovSpec"/>.
/// </summary>
public sealed class SpecImprovClient : IDisposable
{
    private readonly FileStream _tty;
    private readonly List<byte> _received = new();

    public SpecImprovClient(string path)
    {
        _tty = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, false);
        var reader = new Thread(() =>
        {
            var buffer = new byte[256];
            try
            {
                int n;
                while ((n = _tty.Read(buffer, 0, buffer.Length)) > 0)
                {
                    lock (_received)
                    {
                        _received.AddRange(buffer.Take(n));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // the pty pair went away
            }
        })
        { IsBackground = true, Name = "spec-client" };
        reader.Start();
    }

    /// <summary>Sends an RPC command packet followed by a line feed, as the JavaScript SDK does.</summary>
    public void Send(byte command, params byte[] data)
    {
        byte[] packet = ImprovSpec.SerialCommand(command, data).Append((byte)'\n').ToArray();
        _tty.Write(packet, 0, packet.Length);
        _tty.Flush();
    }

    /// <summary>Packets received so far.</summary>
    public List<ImprovSpec.Frame> Frames
    {
        get
        {
            lock (_received)
            {
                return ImprovSpec.Decode(_received);
            }
        }
    }

    /// <summary>Waits for a packet after the first <paramref name="after"/> that matches.</summary>
    public ImprovSpec.Frame WaitFor(Func<ImprovSpec.Frame, bool> match, int after = 0, int timeoutMs = 15000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            var hit = Frames.Skip(after).FirstOrDefault(match);
            if (hit != null)
            {
                return hit;
            }

            Thread.Sleep(10);
        }

        throw new Xunit.Sdk.XunitException("no matching Improv packet; received: " + string.Join(", ", Frames));
    }

    public void Dispose() => _tty.Dispose();
}
