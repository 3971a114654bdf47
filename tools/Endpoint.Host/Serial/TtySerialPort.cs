using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Endpoint.Core.Hardware;

namespace Endpoint.Host.Serial;

/// <summary>
/// <see cref="ISerialPort"/> over a terminal device on Linux or macOS: a USB serial adapter
/// (<c>/dev/ttyUSB0</c>) or one end of a pseudo-terminal pair (<c>socat -d -d pty,raw,echo=0,link=A
/// pty,raw,echo=0,link=B</c>). The line is put in raw mode at 115200 baud, 8N1, without echo
/// (<c>cfmakeraw</c>, termios(3)), so every byte passes unchanged. A thread waits for input with
/// <c>poll</c> and raises <see cref="DataReceived"/>; when the other side disappears (the pty pair is
/// closed) <see cref="Closed"/> is raised once.
/// </summary>
public sealed class TtySerialPort : ISerialPort, IDisposable
{
    private const int PollIn = 0x001;
    private const int PollOut = 0x004;
    private const int EIntr = 4;
    private static readonly int EAgain = OperatingSystem.IsMacOS() ? 35 : 11;

    private readonly int _fd;
    private readonly Thread _reader;
    private readonly object _writeLock = new();
    private volatile bool _stopping;
    private int _disposed;

    private TtySerialPort(string path, int fd)
    {
        Path = path;
        _fd = fd;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "tty " + path };
    }

    /// <summary>The device path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public event SerialDataHandler DataReceived;

    /// <summary>The device went away (hang-up or read error); no more data will arrive.</summary>
    public event Action<string> Closed;

    /// <summary>
    /// Opens <paramref name="path"/> in raw mode at <paramref name="baud"/>; reading starts when <see cref="Start"/> is called.
    /// Throws <see cref="IOException"/> naming the path when it cannot be opened or is not a terminal.
    /// </summary>
    public static TtySerialPort Open(string path, int baud = 115200)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("serial ports are supported on Linux and macOS");
        }

        int flags = 2 /* O_RDWR */ | (OperatingSystem.IsMacOS() ? 0x20000 | 0x4 : 0x100 | 0x800); // O_NOCTTY | O_NONBLOCK
        int fd = Native.open(path, flags);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path}: {Error(Marshal.GetLastPInvokeError())}");
        }

        // termios is opaque here: its layout differs between libcs, and cfmakeraw/cfsetspeed fill it.
        byte[] termios = new byte[256];
        if (Native.tcgetattr(fd, termios) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Native.close(fd);
            throw new IOException($"{path} is not a serial port or terminal: {Error(errno)}");
        }

        Native.cfmakeraw(termios);
        if (Native.cfsetspeed(termios, (nuint)baud) != 0 || Native.tcsetattr(fd, 0 /* TCSANOW */, termios) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Native.close(fd);
            throw new IOException($"cannot set {path} to raw {baud} baud: {Error(errno)}");
        }

        return new TtySerialPort(path, fd);
    }

    /// <summary>Starts delivering received bytes.</summary>
    public TtySerialPort Start()
    {
        _reader.Start();
        return this;
    }

    /// <inheritdoc />
    public void Write(byte[] data, int offset, int count)
    {
        lock (_writeLock)
        {
            while (count > 0)
            {
                ObjectDisposedException.ThrowIf(_disposed != 0, this);
                nint n = Native.write(_fd, ref data[offset], (nuint)count);
                if (n > 0)
                {
                    offset += (int)n;
                    count -= (int)n;
                    continue;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (n < 0 && errno == EIntr)
                {
                    continue;
                }

                if (n < 0 && errno == EAgain)
                {
                    // The line's output buffer is full: wait for room, at most a second.
                    var pfd = new Native.PollFd { Fd = _fd, Events = PollOut };
                    if (Native.poll(ref pfd, 1, 1000) == 0)
                    {
                        throw new IOException($"{Path}: write timed out (nobody reads the other end)");
                    }

                    continue;
                }

                throw new IOException($"{Path}: write failed: {Error(errno)}");
            }
        }
    }

    /// <summary>Stops reading and closes the device.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        if (_reader.IsAlive && Thread.CurrentThread != _reader)
        {
            _reader.Join(2000);
        }

        lock (_writeLock)
        {
            Native.close(_fd);
        }
    }

    private void ReadLoop()
    {
        byte[] buffer = new byte[512];
        var pfd = new Native.PollFd { Fd = _fd, Events = PollIn };
        while (!_stopping)
        {
            pfd.Revents = 0;
            int ready = Native.poll(ref pfd, 1, 200);
            if (ready == 0 || (ready < 0 && Marshal.GetLastPInvokeError() == EIntr))
            {
                continue;
            }

            nint n = ready < 0 ? -1 : Native.read(_fd, ref buffer[0], (nuint)buffer.Length);
            if (n > 0)
            {
                DataReceived?.Invoke(buffer, (int)n);
                continue;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (n < 0 && (errno == EAgain || errno == EIntr))
            {
                continue;
            }

            if (!_stopping)
            {
                Closed?.Invoke(n == 0 ? "end of file" : Error(errno));
            }

            return;
        }
    }

    private static string Error(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    private static class Native
    {
        [StructLayout(LayoutKind.Sequential)]
        public struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern nint read(int fd, ref byte buffer, nuint count);

        [DllImport("libc", SetLastError = true)]
        public static extern nint write(int fd, ref byte buffer, nuint count);

        [DllImport("libc", SetLastError = true)]
        public static extern int poll(ref PollFd fds, nuint count, int timeoutMs);

        [DllImport("libc", SetLastError = true)]
        public static extern int tcgetattr(int fd, byte[] termios);

        [DllImport("libc", SetLastError = true)]
        public static extern int tcsetattr(int fd, int optionalActions, byte[] termios);

        [DllImport("libc")]
        public static extern void cfmakeraw(byte[] termios);

        [DllImport("libc", SetLastError = true)]
        public static extern int cfsetspeed(byte[] termios, nuint speed);
    }
}
