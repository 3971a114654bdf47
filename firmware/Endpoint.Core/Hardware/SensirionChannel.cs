namespace Endpoint.Core.Hardware
{
    /// <summary>
    /// The command/answer exchange Sensirion's humidity sensors (SHT3x, SHT4x) share on I2C: a command
    /// is written (most significant byte first), and the answer — two 16-bit words, each followed by
    /// its CRC-8 (SHT3x datasheet §4.12, SHT4x datasheet §4.4) — is read later, after the caller's
    /// timer. While converting the part does not acknowledge the read (SHT3x §4.4), so nothing blocks.
    /// An answer is read at most once; a CRC mismatch is an error, never a stale value. The bus is
    /// shared and not owned.
    /// </summary>
    public sealed class SensirionChannel
    {
        private const int AnswerLength = 6;

        private readonly II2cBus _bus;
        private readonly int _address;
        private readonly byte[] _command;
        private readonly byte[] _answer = new byte[AnswerLength];
        private bool _started;

        /// <summary>
        /// Creates the channel to the part at <paramref name="address"/> on <paramref name="bus"/>, whose
        /// commands are <paramref name="commandLength"/> bytes long (2 for the SHT3x, 1 for the SHT4x).
        /// </summary>
        public SensirionChannel(II2cBus bus, int address, int commandLength)
        {
            _bus = bus;
            _address = address;
            _command = new byte[commandLength];
        }

        /// <summary>I2C address.</summary>
        public int Address
        {
            get { return _address; }
        }

        /// <summary>Outcome of the last operation.</summary>
        public SensorStatus Status { get; private set; }

        /// <summary>
        /// Sends a command the part answers (a measurement, the serial number); read the answer with
        /// <see cref="TryReadWords"/>. False (status NoResponse) when the part does not acknowledge.
        /// </summary>
        public bool Start(int command)
        {
            _started = Write(command);
            return _started;
        }

        /// <summary>Sends a command without an answer (a soft reset); an answer still pending is dropped.</summary>
        public bool Send(int command)
        {
            _started = false;
            return Write(command);
        }

        /// <summary>
        /// Reads the answer to the last <see cref="Start"/>: true with its two words, or false with both
        /// 0 and <see cref="Status"/> saying why — no acknowledge (still converting, or gone; the caller
        /// may retry), CRC mismatch (the answer is consumed), or nothing started.
        /// </summary>
        public bool TryReadWords(out int first, out int second)
        {
            first = 0;
            second = 0;
            if (!_started)
            {
                Status = SensorStatus.NotStarted;
                return false;
            }

            if (!_bus.Read(_address, _answer, 0, AnswerLength))
            {
                Status = SensorStatus.NoResponse;
                return false;
            }

            _started = false;
            if (Crc8.Sensirion(_answer, 0) != _answer[2] || Crc8.Sensirion(_answer, 3) != _answer[5])
            {
                Status = SensorStatus.CrcMismatch;
                return false;
            }

            Status = SensorStatus.Ok;
            first = (_answer[0] << 8) | _answer[1];
            second = (_answer[3] << 8) | _answer[4];
            return true;
        }

        private bool Write(int command)
        {
            for (int i = 0; i < _command.Length; i++)
            {
                _command[i] = (byte)(command >> (8 * (_command.Length - 1 - i)));
            }

            bool acknowledged = _bus.Write(_address, _command, 0, _command.Length);
            Status = acknowledged ? SensorStatus.Ok : SensorStatus.NoResponse;
            return acknowledged;
        }
    }
}
