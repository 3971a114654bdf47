using System;
using Endpoint.Core.Text;

namespace Endpoint.Core.Provisioning
{
    /// <summary>A complete, checksum-verified serial packet: its type and data (valid only during the call).</summary>
    public delegate void ImprovPacketHandler(byte type, byte[] data, int offset, int count);

    /// <summary>A packet was dropped; <paramref name="type"/> is its type byte, or 0 when not yet received.</summary>
    public delegate void ImprovFrameErrorHandler(ImprovFrameError error, byte type);

    /// <summary>
    /// The Improv serial framing (improv-wifi.com/serial, "Packet format"): <c>"IMPROV"</c>, version 1, type,
    /// data length, data, and a checksum that is the low byte of the sum of every preceding byte. Turns a byte
    /// stream that may also carry other text into packets: bytes that cannot start a packet are skipped, and
    /// after a bad checksum the search restarts one byte after the dropped packet's start, so a packet that
    /// follows a truncated one is still found. Line feeds between packets (ESPHome and the JavaScript SDK
    /// end every packet with one) are skipped like any other byte outside a packet.
    /// </summary>
    public sealed class ImprovSerialFramer
    {
        /// <summary>The protocol version this framing speaks.</summary>
        public const byte Version = 1;

        /// <summary>Packet type: current state (device to client).</summary>
        public const byte TypeCurrentState = 0x01;

        /// <summary>Packet type: error state (device to client).</summary>
        public const byte TypeErrorState = 0x02;

        /// <summary>Packet type: RPC command (client to device).</summary>
        public const byte TypeRpc = 0x03;

        /// <summary>Packet type: RPC result (device to client).</summary>
        public const byte TypeRpcResult = 0x04;

        /// <summary>Header, version, type and length.</summary>
        public const int HeaderLength = 9;

        /// <summary>The longest packet: header, 255 data bytes, checksum.</summary>
        public const int MaxPacketLength = HeaderLength + 255 + 1;

        private static readonly byte[] Magic = new byte[] { (byte)'I', (byte)'M', (byte)'P', (byte)'R', (byte)'O', (byte)'V', Version };

        private readonly byte[] _buffer = new byte[MaxPacketLength];
        private byte[] _replay = new byte[2 * MaxPacketLength];
        private byte[] _scratch = new byte[2 * MaxPacketLength];
        private int _count;
        private int _replayAt;
        private int _replayCount;
        private long _lastByteMs;

        /// <summary>Creates a framer that drops a partial packet after 1 s without bytes.</summary>
        public ImprovSerialFramer()
        {
            GapTimeoutMs = 1000;
        }

        /// <summary>Silence after which a partial packet is dropped as truncated (115200 baud moves a whole packet in 23 ms).</summary>
        public long GapTimeoutMs { get; set; }

        /// <summary>True while part of a packet is buffered.</summary>
        public bool HasPartial
        {
            get { return _count > 0; }
        }

        /// <summary>Complete packets.</summary>
        public event ImprovPacketHandler PacketReceived;

        /// <summary>Dropped packets (bad checksum, truncated). Bytes that never looked like a packet are not reported.</summary>
        public event ImprovFrameErrorHandler FrameError;

        /// <summary>Appends a packet of <paramref name="type"/> carrying <paramref name="count"/> data bytes (at most 255).</summary>
        public static void WritePacket(ByteBuffer output, byte type, byte[] data, int offset, int count)
        {
            if (count > 255)
            {
                throw new ArgumentException("an Improv serial packet carries at most 255 data bytes");
            }

            int start = output.Length;
            output.Append(Magic, 0, Magic.Length);
            output.Append(type);
            output.Append((byte)count);
            output.Append(data, offset, count);
            output.Append(ImprovRpc.Checksum(output.Data, start, output.Length - start));
        }

        /// <summary>
        /// Feeds received bytes; <paramref name="nowMs"/> (the loop clock) first drops a partial packet that
        /// has waited longer than <see cref="GapTimeoutMs"/>.
        /// </summary>
        public void Feed(byte[] data, int offset, int count, long nowMs)
        {
            if (_count > 0 && nowMs - _lastByteMs > GapTimeoutMs)
            {
                Expire();
            }

            _lastByteMs = nowMs;
            for (int i = offset; i < offset + count; i++)
            {
                Accept(data[i]);
                Drain();
            }
        }

        /// <summary>
        /// Drops a partial packet now, reporting it as truncated when its header had arrived, and searches
        /// its bytes again: the announced length of a truncated packet may have swallowed the next packet.
        /// </summary>
        public void Expire()
        {
            if (_count == 0)
            {
                return;
            }

            int had = _count;
            byte type = _count > 7 ? _buffer[7] : (byte)0;
            Reject();
            if (had >= Magic.Length)
            {
                RaiseError(ImprovFrameError.Truncated, type);
            }

            Drain();
        }

        private void Drain()
        {
            while (_replayAt < _replayCount)
            {
                Accept(_replay[_replayAt++]);
            }
        }

        private void Accept(byte b)
        {
            int at = _count;
            _buffer[_count++] = b;
            if (at < Magic.Length)
            {
                if (b != Magic[at])
                {
                    Reject();
                }

                return;
            }

            if (_count < HeaderLength)
            {
                return;
            }

            int total = HeaderLength + _buffer[8] + 1;
            if (_count < total)
            {
                return;
            }

            byte type = _buffer[7];
            if (ImprovRpc.Checksum(_buffer, 0, total - 1) != _buffer[total - 1])
            {
                Reject();
                RaiseError(ImprovFrameError.BadChecksum, type);
                return;
            }

            _count = 0;
            ImprovPacketHandler handler = PacketReceived;
            if (handler != null)
            {
                handler(type, _buffer, HeaderLength, total - HeaderLength - 1);
            }
        }

        // Not a packet from its first byte: look again from the second one, before the bytes still to come.
        private void Reject()
        {
            int keep = _count - 1;
            int rest = _replayCount - _replayAt;
            Array.Copy(_buffer, 1, _scratch, 0, keep);
            Array.Copy(_replay, _replayAt, _scratch, keep, rest);
            byte[] swap = _replay;
            _replay = _scratch;
            _scratch = swap;
            _replayAt = 0;
            _replayCount = keep + rest;
            _count = 0;
        }

        private void RaiseError(ImprovFrameError error, byte type)
        {
            ImprovFrameErrorHandler handler = FrameError;
            if (handler != null)
            {
                handler(error, type);
            }
        }
    }
}
