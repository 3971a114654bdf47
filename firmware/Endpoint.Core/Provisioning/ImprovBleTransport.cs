using System;
using Endpoint.Core.Ble;
using Endpoint.Core.Runtime;
using Endpoint.Core.Text;

namespace Endpoint.Core.Provisioning
{
    /// <summary>
    /// Improv over Bluetooth LE (improv-wifi.com/ble, protocol 2.4): the Improv GATT service on an
    /// <see cref="IBleRadio"/>. RPC commands written to the RPC characteristic are put back together from
    /// several writes (a client sends at most 20 bytes per write on the default ATT MTU) and checked against
    /// their trailing sum checksum; state, error and results go to their characteristics, results with the
    /// same checksum. As an <see cref="IAdvertisementSource"/> it renders the Improv advertisement of the current state.
    /// </summary>
    public sealed class ImprovBleTransport : IImprovChannel, IAdvertisementSource
    {
        /// <summary>The Improv service.</summary>
        public const string ServiceUuid = ImprovServiceData.ServiceUuid;

        /// <summary>Current state: read, notify.</summary>
        public const string StateUuid = "00467768-6228-2272-4663-277478268001";

        /// <summary>Error state: read, notify.</summary>
        public const string ErrorUuid = "00467768-6228-2272-4663-277478268002";

        /// <summary>RPC command: write.</summary>
        public const string RpcCommandUuid = "00467768-6228-2272-4663-277478268003";

        /// <summary>RPC result: read, notify.</summary>
        public const string RpcResultUuid = "00467768-6228-2272-4663-277478268004";

        /// <summary>Capabilities: read.</summary>
        public const string CapabilitiesUuid = "00467768-6228-2272-4663-277478268005";

        private readonly IBleRadio _radio;
        private readonly IScheduler _scheduler;
        private readonly byte _capabilities;
        private readonly ByteBuffer _incoming = new ByteBuffer(64);
        private readonly ByteBuffer _out = new ByteBuffer(64);
        private readonly byte[] _one = new byte[1];
        private readonly BleService _service;
        private bool _started;
        private int _reassemblyTimer;

        /// <summary>Creates the service for <paramref name="radio"/>, offering <paramref name="capabilities"/> (<see cref="ImprovCapabilities"/>).</summary>
        public ImprovBleTransport(IBleRadio radio, IScheduler scheduler, byte capabilities)
        {
            _radio = radio;
            _scheduler = scheduler;
            _capabilities = capabilities;
            ReassemblyTimeoutMs = 3000;
            State = ImprovState.Stopped;
            _service = new BleService(ServiceUuid, new BleCharacteristic[]
            {
                new BleCharacteristic(StateUuid, true, false, true),
                new BleCharacteristic(ErrorUuid, true, false, true),
                new BleCharacteristic(RpcCommandUuid, false, true, false),
                new BleCharacteristic(RpcResultUuid, true, false, true),
                new BleCharacteristic(CapabilitiesUuid, true, false, false),
            });
            _radio.Written += (uuid, value) =>
            {
                byte[] copy = new byte[value.Length];
                Array.Copy(value, copy, value.Length);
                _scheduler.Post(() => OnWritten(uuid, copy));
            };
        }

        /// <summary>The GATT service.</summary>
        public BleService Service
        {
            get { return _service; }
        }

        /// <summary>The capabilities byte.</summary>
        public byte Capabilities
        {
            get { return _capabilities; }
        }

        /// <summary>The state last reported (shown in the advertisement).</summary>
        public ImprovState State { get; private set; }

        /// <summary>How long the pieces of one command may take to arrive before they are dropped as truncated.</summary>
        public long ReassemblyTimeoutMs { get; set; }

        /// <summary>True once the service is offered.</summary>
        public bool IsStarted
        {
            get { return _started; }
        }

        /// <summary>Complete, checksum-verified RPC commands (without the checksum).</summary>
        public event ImprovRpcHandler RpcReceived;

        /// <summary>Commands that were dropped (bad checksum, too long, truncated).</summary>
        public event ImprovRejectHandler Rejected;

        /// <summary>The reported state changed: the advertisement should be rendered again.</summary>
        public event RuntimeRequestHandler StateChanged;

        /// <summary>Offers the service (once) and sets the capabilities.</summary>
        public void Start()
        {
            if (_started)
            {
                return;
            }

            _started = true;
            _radio.StartService(_service);
            _one[0] = _capabilities;
            _radio.SetValue(CapabilitiesUuid, _one, 0, 1);
        }

        /// <inheritdoc />
        public void SendState(ImprovState state)
        {
            bool changed = state != State;
            State = state;
            _one[0] = (byte)state;
            _radio.SetValue(StateUuid, _one, 0, 1);
            if (changed && StateChanged != null)
            {
                StateChanged();
            }
        }

        /// <inheritdoc />
        public void SendError(ImprovError error)
        {
            _one[0] = (byte)error;
            _radio.SetValue(ErrorUuid, _one, 0, 1);
        }

        /// <inheritdoc />
        public void SendResult(byte command, string[] values, int count)
        {
            _out.Clear();
            ImprovRpc.WriteResult(_out, command, values, count, ImprovRpc.MaxData);
            _out.Append(ImprovRpc.Checksum(_out.Data, 0, _out.Length));
            _radio.SetValue(RpcResultUuid, _out.Data, 0, _out.Length);
        }

        /// <summary>
        /// Renders the Improv advertisement for the current state (<see cref="ImprovServiceData.WriteAdvertisement"/>):
        /// the advertiser puts it on the air in turn with the BTHome packets while provisioning runs.
        /// </summary>
        public int Render(byte[] output, int offset)
        {
            return ImprovServiceData.WriteAdvertisement((byte)State, _capabilities, output, offset) - offset;
        }

        private void OnWritten(string uuid, byte[] value)
        {
            if (!_started || !SameUuid(uuid, RpcCommandUuid))
            {
                return;
            }

            _incoming.Append(value, 0, value.Length);
            CancelReassembly();
            if (_incoming.Length < 2)
            {
                ArmReassembly();
                return;
            }

            // [command][data length][data][checksum] (improv-wifi.com/ble, "Characteristic: RPC Command")
            int expected = _incoming.Data[1] + 3;
            if (_incoming.Length < expected)
            {
                ArmReassembly();
                return;
            }

            if (_incoming.Length > expected)
            {
                _incoming.Clear();
                Reject(ImprovFrameError.TooLong);
                return;
            }

            byte[] data = _incoming.Data;
            if (ImprovRpc.Checksum(data, 0, expected - 1) != data[expected - 1])
            {
                _incoming.Clear();
                Reject(ImprovFrameError.BadChecksum);
                return;
            }

            _incoming.Clear(); // the bytes stay in the array for the call below
            ImprovRpcHandler handler = RpcReceived;
            if (handler != null)
            {
                handler(data, 0, expected - 1);
            }
        }

        private void ArmReassembly()
        {
            _reassemblyTimer = _scheduler.SetTimeout(ReassemblyTimeoutMs, () =>
            {
                _reassemblyTimer = 0;
                _incoming.Clear();
                Reject(ImprovFrameError.Truncated);
            });
        }

        private void CancelReassembly()
        {
            if (_reassemblyTimer != 0)
            {
                _scheduler.Cancel(_reassemblyTimer);
                _reassemblyTimer = 0;
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

        // Radios may report UUIDs in upper case (RFC 4122 §3 says lower case on output, any case on input).
        private static bool SameUuid(string a, string b)
        {
            if (a == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                int digit = HexValue(a[i]);
                if (a[i] != b[i] && (digit < 0 || digit != HexValue(b[i])))
                {
                    return false;
                }
            }

            return true;
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
