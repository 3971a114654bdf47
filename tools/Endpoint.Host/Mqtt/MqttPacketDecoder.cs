using System;

namespace Endpoint.Host.Mqtt;

/// <summary>
/// Streaming decoder: feed it bytes as they arrive (any split), take whole packets out.
/// Malformed input raises <see cref="MqttProtocolException"/> — and only that — after which the
/// decoder stays faulted (the connection must be closed, MQTT 3.1.1 §4.8).
/// </summary>
public sealed class MqttPacketDecoder
{
    private readonly int _maxPacketSize;
    private byte[] _buffer = new byte[256];
    private int _start, _end;
    private string _fault;

    /// <summary>Creates a decoder that rejects packets larger than <paramref name="maxPacketSize"/> bytes (header included).</summary>
    public MqttPacketDecoder(int maxPacketSize = MqttCodec.MaxRemainingLength + 5)
    {
        if (maxPacketSize < 2) throw new ArgumentOutOfRangeException(nameof(maxPacketSize));
        _maxPacketSize = maxPacketSize;
    }

    /// <summary>Bytes received but not yet returned as packets.</summary>
    public int BufferedBytes => _end - _start;

    /// <summary>Appends received bytes.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        if (_start == _end) _start = _end = 0;
        if (_buffer.Length - _end < data.Length)
        {
            int live = _end - _start;
            if (_buffer.Length - live < data.Length || _start == 0)
            {
                long want = Math.Max((long)_buffer.Length * 2, (long)live + data.Length);
                var bigger = new byte[Math.Min(want, int.MaxValue - 64)];
                Buffer.BlockCopy(_buffer, _start, bigger, 0, live);
                _buffer = bigger;
            }
            else
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, live);
            }
            _end = live;
            _start = 0;
        }
        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>
    /// Takes the next whole packet, or returns false when more bytes are needed. Throws
    /// <see cref="MqttProtocolException"/> as soon as the buffered bytes cannot be valid.
    /// </summary>
    public bool TryDecode(out MqttPacket packet)
    {
        packet = null;
        if (_fault != null) throw new MqttProtocolException(_fault);
        try
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            if (!MqttCodec.TryFrame(span, _maxPacketSize, out byte first, out int header, out int remaining)) return false;
            packet = MqttCodec.Decode(first, span.Slice(header, remaining));
            _start += header + remaining;
            return true;
        }
        catch (MqttProtocolException e)
        {
            _fault = e.Message;
            throw;
        }
    }
}
