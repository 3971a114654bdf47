using Endpoint.Core.Hardware;
using Endpoint.Core.Runtime;
using Endpoint.Core.Text;

namespace Endpoint.Core.Provisioning
{
    /// <summary>An RPC command arrived: <c>[command][data length][data]</c>, valid only during the call.</summary>
    public delegate void ImprovRpcHandler(byte[] data, int offset, int count);

    /// <summary>A frame addressed to the device could not be decoded.</summary>
    public delegate void ImprovRejectHandler(ImprovFrameError error);

    /// <summary>
    /// Improv over a UART (improv-wifi.com/serial): bytes from the port go through an
    /// <see cref="ImprovSerialFramer"/> on the loop; RPC packets are raised as <see cref="RpcReceived"/>,
    /// bad ones as <see cref="Rejected"/>. Answers are written as packets, each followed by a line feed as
    /// ESPHome's improv_serial does (the JavaScript SDK reads the stream line by line).
    /// </summary>
    public sealed class ImprovSerialTransport : IImprovChannel
    {
        private readonly ISerialPort _port;
        private readonly IScheduler _scheduler;
        private readonly IClock _clock;
        private readonly ImprovSerialFramer _framer = new ImprovSerialFramer();
        private readonly ByteBuffer _body = new ByteBuffer(64);
        private readonly ByteBuffer _packet = new ByteBuffer(64);
        private readonly byte[] _one = new byte[1];
        private int _gapTimer;

        /// <summary>Listens on <paramref name="port"/>; received bytes are handled on the loop of <paramref name="scheduler"/>.</summary>
        public ImprovSerialTransport(ISerialPort port, IScheduler scheduler, IClock clock)
        {
            _port = port;
            _scheduler = scheduler;
            _clock = clock;
            _framer.PacketReceived += OnPacket;
            _framer.FrameError += OnFrameError;
            _port.DataReceived += (data, count) =>
            {
                // The port may reuse its buffer once this returns: copy before crossing to the loop.
                byte[] copy = new byte[count];
                System.Array.Copy(data, copy, count);
                _scheduler.Post(() => Feed(copy, 0, copy.Length));
            };
        }

        /// <summary>RPC commands from the client.</summary>
        public event ImprovRpcHandler RpcReceived;

        /// <summary>RPC packets that were dropped (bad checksum, truncated, unknown packet type).</summary>
        public event ImprovRejectHandler Rejected;

        /// <summary>Feeds bytes received from the port (on the loop).</summary>
        public void Feed(byte[] data, int offset, int count)
        {
            _framer.Feed(data, offset, count, _clock.UptimeMs);
            if (_gapTimer != 0)
            {
                _scheduler.Cancel(_gapTimer);
                _gapTimer = 0;
            }

            if (_framer.HasPartial)
            {
                _gapTimer = _scheduler.SetTimeout(_framer.GapTimeoutMs + 1, () =>
                {
                    _gapTimer = 0;
                    _framer.Expire();
                });
            }
        }

        /// <inheritdoc />
        public void SendState(ImprovState state)
        {
            _one[0] = (byte)state;
            Write(ImprovSerialFramer.TypeCurrentState, _one, 0, 1);
        }

        /// <inheritdoc />
        public void SendError(ImprovError error)
        {
            _one[0] = (byte)error;
            Write(ImprovSerialFramer.TypeErrorState, _one, 0, 1);
        }

        /// <inheritdoc />
        public void SendResult(byte command, string[] values, int count)
        {
            _body.Clear();

            // The packet's own length byte covers command and data length too: at most 253 data bytes.
            ImprovRpc.WriteResult(_body, command, values, count, ImprovRpc.MaxData - 2);
            Write(ImprovSerialFramer.TypeRpcResult, _body.Data, 0, _body.Length);
        }

        private void Write(byte type, byte[] data, int offset, int count)
        {
            _packet.Clear();
            ImprovSerialFramer.WritePacket(_packet, type, data, offset, count);
            _packet.Append((byte)'\n');
            _port.Write(_packet.Data, 0, _packet.Length);
        }

        private void OnPacket(byte type, byte[] data, int offset, int count)
        {
            if (type == ImprovSerialFramer.TypeRpc)
            {
                ImprovRpcHandler handler = RpcReceived;
                if (handler != null)
                {
                    handler(data, offset, count);
                }
            }
            else if (type > ImprovSerialFramer.TypeRpcResult || type == 0)
            {
                Reject(ImprovFrameError.UnknownType);
            }

            // Types 0x01, 0x02 and 0x04 go from device to client: an echo of our own packets, ignored.
        }

        private void OnFrameError(ImprovFrameError error, byte type)
        {
            // Only packets that were (or may have been) meant for the device get an error back.
            if (type == ImprovSerialFramer.TypeRpc || type == 0 || type > ImprovSerialFramer.TypeRpcResult)
            {
                Reject(error);
            }
        }

        private void Reject(ImprovFrameError error)
        {
            ImprovRejectHandler handler = Rejected;
            if (handler != null)
            {
                handler(error);
            }
        }
    }
}
