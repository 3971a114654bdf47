using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Endpoint.Host.Serial;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Serial;

public class TtySerialPortTests
{
    [Fact]
    public void EveryByteValue_PassesUnchangedBothWays()
    {
        using var pair = new PtyPair();
        using var a = TtySerialPort.Open(pair.A).Start();
        using var b = TtySerialPort.Open(pair.B).Start();
        var atB = Collect(b);
        var atA = Collect(a);

        // Control characters a cooked terminal would act on: ^C, ^D, ^S/^Q, CR (→ LF), DEL, and NUL.
        byte[] all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        a.Write(all, 0, all.Length);
        b.Write(all.Reverse().ToArray(), 0, all.Length);

        Assert.Equal(all, WaitFor(atB, all.Length));
        Assert.Equal(all.Reverse(), WaitFor(atA, all.Length));
    }

    [Fact]
    public void LargeWrite_ArrivesCompleteAndInOrder()
    {
        using var pair = new PtyPair();
        using var a = TtySerialPort.Open(pair.A).Start();
        using var b = TtySerialPort.Open(pair.B).Start();
        var atB = Collect(b);
        byte[] data = new byte[32 * 1024];
        new Random(3).NextBytes(data);
        a.Write(data, 0, data.Length);
        Assert.Equal(data, WaitFor(atB, data.Length));
    }

    [Fact]
    public void Open_MissingPath_ClearError()
    {
        var ex = Assert.Throws<IOException>(() => TtySerialPort.Open("/dev/no-such-tty-" + Guid.NewGuid().ToString("N")[..6]));
        Assert.StartsWith("cannot open /dev/no-such-tty-", ex.Message);
    }

    [Fact]
    public void Open_RegularFile_SaysItIsNotATerminal()
    {
        string file = Path.GetTempFileName();
        try
        {
            var ex = Assert.Throws<IOException>(() => TtySerialPort.Open(file));
            Assert.Contains("is not a serial port or terminal", ex.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void OtherSideGoesAway_ClosedIsRaisedOnce()
    {
        var pair = new PtyPair();
        using var a = TtySerialPort.Open(pair.A);
        int closed = 0;
        using var signal = new ManualResetEventSlim();
        a.Closed += _ =>
        {
            Interlocked.Increment(ref closed);
            signal.Set();
        };
        a.Start();
        pair.Dispose(); // socat exits: the pty pair is gone
        Assert.True(signal.Wait(5000));
        Thread.Sleep(300);
        Assert.Equal(1, closed);
    }

    [Fact]
    public void Dispose_StopsTheReaderPromptly()
    {
        using var pair = new PtyPair();
        var a = TtySerialPort.Open(pair.A).Start();
        var watch = Stopwatch.StartNew();
        a.Dispose();
        Assert.True(watch.ElapsedMilliseconds < 2000, $"dispose took {watch.ElapsedMilliseconds} ms");
        Assert.Throws<ObjectDisposedException>(() => a.Write(new byte[1], 0, 1));
    }

    private static List<byte> Collect(TtySerialPort port)
    {
        var list = new List<byte>();
        port.DataReceived += (data, count) =>
        {
            lock (list)
            {
                list.AddRange(data.Take(count));
            }
        };
        return list;
    }

    private static byte[] WaitFor(List<byte> list, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            lock (list)
            {
                if (list.Count >= count)
                {
                    return list.ToArray();
                }
            }

            Thread.Sleep(10);
        }

        lock (list)
        {
            throw new Xunit.Sdk.XunitException($"only {list.Count} of {count} bytes arrived");
        }
    }
}
