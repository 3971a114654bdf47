using System;
using System.Buffers;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Endpoint.Host.Mqtt;

/// <summary>What a <see cref="MqttChannel"/> reports to the connection that owns it.</summary>
internal interface IMqttChannelOwner
{
    /// <summary>
    /// One whole packet, on the reader (never concurrently with itself). <paramref name="body"/>
    /// is valid only during the call. Throwing <see cref="MqttProtocolException"/> closes the channel.
    /// </summary>
    void OnPacket(MqttChannel channel, byte firstByte, ReadOnlySpan<byte> body);

    /// <summary>
    /// The channel closed; called exactly once. <paramref name="error"/> is null for a clean end
    /// of stream from the peer or a local <see cref="MqttChannel.Close"/> without an error.
    /// </summary>
    void OnChannelClosed(MqttChannel channel, Exception error);
}

/// <summary>
/// The socket side of an MQTT connection (the "channel" of the codec/channel split): one async
/// reader loop that frames packets with <see cref="MqttCodec"/>, and one send loop that
/// coalesces everything queued since the last write into a single large socket write. No
/// thread of its own; buffers come from <see cref="ArrayPool{T}"/> and are held only while
/// there is something to send or a partial packet to keep, so idle connections cost little.
/// <para>
/// Writers call <see cref="GetSpan"/> / <see cref="Advance"/> while holding <see cref="Sync"/>
/// (the owner's lock), so the owner can encode and update its own state atomically.
/// </para>
/// </summary>
internal sealed class MqttChannel
{
    private const int MinBuffer = 4096;

    private readonly Stream _stream;
    private readonly Socket _socket;
    private readonly IMqttChannelOwner _owner;
    private readonly int _maxPacketSize;

    private byte[] _out;
    private int _outCount;
    private bool _sending;
    private TaskCompletionSource _flush;        // waits for the bytes queued in _out
    private TaskCompletionSource _writingFlush; // waits for the write in progress
    private int _closed;

    /// <summary>Creates a channel over a connected stream; call <see cref="Start"/> to begin reading.</summary>
    public MqttChannel(Stream stream, Socket socket, object sync, IMqttChannelOwner owner, int maxPacketSize)
    {
        _stream = stream;
        _socket = socket;
        Sync = sync;
        _owner = owner;
        _maxPacketSize = maxPacketSize;
        LastSendTicks = LastReceiveTicks = Environment.TickCount64;
    }

    /// <summary>The lock writers hold; shared with the owner.</summary>
    public object Sync { get; }

    /// <summary>True once the channel closed (the owner was or is being told).</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary><see cref="Environment.TickCount64"/> of the last completed socket write.</summary>
    public long LastSendTicks { get; private set; }

    /// <summary><see cref="Environment.TickCount64"/> of the last received bytes.</summary>
    public long LastReceiveTicks { get; private set; }

    /// <summary>Bytes queued and not yet handed to the socket (caller holds <see cref="Sync"/>).</summary>
    public int PendingBytes => _outCount;

    /// <summary>Starts the reader loop.</summary>
    public void Start() => _ = ReadLoopAsync();

    /// <summary>A span of at least <paramref name="size"/> bytes to encode into (caller holds <see cref="Sync"/>).</summary>
    public Span<byte> GetSpan(int size)
    {
        if (_out == null)
        {
            _out = ArrayPool<byte>.Shared.Rent(Math.Max(size, MinBuffer));
        }
        else if (_out.Length - _outCount < size)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_out.Length * 2, _outCount + size));
            Buffer.BlockCopy(_out, 0, bigger, 0, _outCount);
            ArrayPool<byte>.Shared.Return(_out);
            _out = bigger;
        }
        return _out.AsSpan(_outCount);
    }

    /// <summary>Commits <paramref name="count"/> encoded bytes and makes sure the send loop runs (caller holds <see cref="Sync"/>).</summary>
    public void Advance(int count)
    {
        _outCount += count;
        if (!_sending && _outCount > 0 && !IsClosed)
        {
            _sending = true;
            ThreadPool.UnsafeQueueUserWorkItem(static s => _ = ((MqttChannel)s).SendLoopAsync(), this);
        }
    }

    /// <summary>Queues a whole encoded packet (caller holds <see cref="Sync"/>).</summary>
    public void Write(MqttPacket packet)
    {
        int n = packet.GetEncodedLength();
        packet.WriteTo(GetSpan(n));
        Advance(n);
    }

    /// <summary>
    /// A task that completes when everything queued so far has been handed to the socket, or
    /// faults when the channel closes first (caller holds <see cref="Sync"/>).
    /// </summary>
    public Task WhenFlushed()
    {
        if (IsClosed) return Task.FromException(new IOException("the connection is closed"));
        if (_outCount > 0)
            return (_flush ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        if (_sending)
            return (_writingFlush ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        return Task.CompletedTask;
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (true)
            {
                byte[] buffer;
                int count;
                TaskCompletionSource written, idle = null;
                lock (Sync)
                {
                    written = _writingFlush;
                    _writingFlush = null;
                    if (IsClosed || _outCount == 0)
                    {
                        _sending = false;
                        idle = _flush;
                        _flush = null;
                        buffer = null;
                        count = 0;
                    }
                    else
                    {
                        buffer = _out;
                        count = _outCount;
                        _out = null;
                        _outCount = 0;
                        // Whoever waits for the queued bytes now waits for this write.
                        _writingFlush = _flush;
                        _flush = null;
                    }
                }
                written?.TrySetResult();
                if (buffer == null)
                {
                    idle?.TrySetResult();
                    return;
                }
                await _stream.WriteAsync(buffer.AsMemory(0, count)).ConfigureAwait(false);
                LastSendTicks = Environment.TickCount64;
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception e)
        {
            Close(e is ObjectDisposedException ? null : e);
        }
    }

    private async Task ReadLoopAsync()
    {
        byte[] buffer = null;
        int start = 0, end = 0;
        Exception error = null;
        try
        {
            while (true)
            {
                if (start == end)
                {
                    start = end = 0;
                    if (buffer != null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }
                    // Zero-byte read: wait for data without holding a buffer (idle connections are cheap).
                    await _stream.ReadAsync(Memory<byte>.Empty).ConfigureAwait(false);
                    if (IsClosed) return;
                    buffer = ArrayPool<byte>.Shared.Rent(MinBuffer * 2);
                }
                else if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                }
                int n = await _stream.ReadAsync(buffer.AsMemory(end)).ConfigureAwait(false);
                if (n == 0) break;
                LastReceiveTicks = Environment.TickCount64;
                end += n;
                while (start < end && !IsClosed)
                {
                    var span = buffer.AsSpan(start, end - start);
                    if (!MqttCodec.TryFrame(span, _maxPacketSize, out byte first, out int header, out int remaining))
                    {
                        // Make room for a large packet in one step rather than doubling repeatedly.
                        if (header > 0 && header + remaining > buffer.Length)
                        {
                            var bigger = ArrayPool<byte>.Shared.Rent(header + remaining);
                            Buffer.BlockCopy(buffer, start, bigger, 0, end - start);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = bigger;
                            end -= start;
                            start = 0;
                        }
                        break;
                    }
                    _owner.OnPacket(this, first, span.Slice(header, remaining));
                    start += header + remaining;
                }
                if (IsClosed) return;
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            if (buffer != null) ArrayPool<byte>.Shared.Return(buffer);
        }
        Close(error is ObjectDisposedException ? null : error);
    }

    /// <summary>
    /// Closes the socket at once (queued bytes are dropped) and tells the owner, once.
    /// Safe from any thread, with or without <see cref="Sync"/>.
    /// </summary>
    public void Close(Exception error = null)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        TaskCompletionSource flush, writing;
        lock (Sync)
        {
            flush = _flush;
            writing = _writingFlush;
            _flush = _writingFlush = null;
            // The send loop owns only the buffer it is writing; the queued one is dropped here.
            if (_out != null) ArrayPool<byte>.Shared.Return(_out);
            _out = null;
            _outCount = 0;
        }
        flush?.TrySetException(new IOException("the connection closed before the data was sent"));
        writing?.TrySetException(new IOException("the connection closed before the data was sent"));
        // A normal close (FIN), so the peer reads an orderly end of stream.
        try { _socket?.Close(); } catch { }
        try { _stream.Dispose(); } catch { }
        _owner.OnChannelClosed(this, error);
    }

    /// <summary>Closes after everything queued so far has been written (used after DISCONNECT).</summary>
    public async Task CloseAfterFlushAsync(int timeoutMs)
    {
        Task flushed;
        lock (Sync) flushed = WhenFlushed();
        try
        {
            await flushed.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs)).ConfigureAwait(false);
            try { _socket?.Shutdown(SocketShutdown.Send); } catch { }
        }
        catch
        {
        }
        Close();
    }
}
