namespace Endpoint.Core.Ble
{
    /// <summary>
    /// A decoded BTHome v2 payload (filled by <see cref="BthomeDecoder"/>, reusable): the device
    /// information, the packet id and encryption counter when present, and the objects other than the
    /// packet id, in payload order. Text and raw objects point into <see cref="Payload"/>.
    /// </summary>
    public sealed class BthomePacket
    {
        /// <summary>Largest payload kept (an extended advertisement's service data fits).</summary>
        public const int MaxPayload = 255;

        private readonly byte[] _ids;
        private readonly long[] _raw;
        private readonly int[] _offsets;
        private readonly int[] _lengths;
        private readonly byte[] _payload = new byte[MaxPayload];

        /// <summary>Creates a result for up to <paramref name="capacity"/> objects.</summary>
        public BthomePacket(int capacity)
        {
            _ids = new byte[capacity];
            _raw = new long[capacity];
            _offsets = new int[capacity];
            _lengths = new int[capacity];
        }

        /// <summary>Creates a result for up to 64 objects.</summary>
        public BthomePacket()
            : this(64)
        {
        }

        /// <summary>Outcome of the last decode.</summary>
        public BthomeDecodeStatus Status { get; private set; }

        /// <summary>Why decoding failed, one sentence; null when <see cref="Status"/> is Ok.</summary>
        public string Error { get; private set; }

        /// <summary>The device information byte.</summary>
        public byte DeviceInfo { get; private set; }

        /// <summary>BTHome version from the device information (2 for BTHome v2).</summary>
        public int Version
        {
            get { return DeviceInfo >> 5; }
        }

        /// <summary>The encryption flag.</summary>
        public bool IsEncrypted
        {
            get { return (DeviceInfo & BthomeEncoder.EncryptedFlag) != 0; }
        }

        /// <summary>The trigger-based flag (the device advertises irregularly).</summary>
        public bool IsTriggerBased
        {
            get { return (DeviceInfo & BthomeEncoder.TriggerBasedFlag) != 0; }
        }

        /// <summary>True when the payload carried a packet id object.</summary>
        public bool HasPacketId { get; private set; }

        /// <summary>The packet id, when <see cref="HasPacketId"/>.</summary>
        public byte PacketId { get; private set; }

        /// <summary>True for an encrypted payload (the counter is readable even without the key).</summary>
        public bool HasCounter { get; private set; }

        /// <summary>The encryption counter.</summary>
        public uint Counter { get; private set; }

        /// <summary>Number of objects decoded (the packet id not counted).</summary>
        public int Count { get; private set; }

        /// <summary>The decrypted (or plain) object bytes; text and raw objects point here.</summary>
        public byte[] Payload
        {
            get { return _payload; }
        }

        /// <summary>Object id at <paramref name="index"/>.</summary>
        public byte IdAt(int index)
        {
            return _ids[index];
        }

        /// <summary>Raw integer of a fixed-size object (sign-extended for signed ones).</summary>
        public long RawAt(int index)
        {
            return _raw[index];
        }

        /// <summary>The value in the object's unit: raw × factor (1/0 for binary objects).</summary>
        public double ValueAt(int index)
        {
            return _raw[index] * BthomeObjects.FactorOf(_ids[index]);
        }

        /// <summary>Offset in <see cref="Payload"/> of the object's data (after the id, and the length byte for text/raw).</summary>
        public int DataOffsetAt(int index)
        {
            return _offsets[index];
        }

        /// <summary>Length of the object's data.</summary>
        public int DataLengthAt(int index)
        {
            return _lengths[index];
        }

        internal int Capacity
        {
            get { return _ids.Length; }
        }

        internal void Reset(byte deviceInfo)
        {
            Status = BthomeDecodeStatus.Ok;
            Error = null;
            DeviceInfo = deviceInfo;
            HasPacketId = false;
            PacketId = 0;
            HasCounter = false;
            Counter = 0;
            Count = 0;
        }

        internal void SetCounter(uint counter)
        {
            HasCounter = true;
            Counter = counter;
        }

        internal void SetPacketId(byte packetId)
        {
            HasPacketId = true;
            PacketId = packetId;
        }

        internal void Add(byte objectId, long raw, int dataOffset, int dataLength)
        {
            _ids[Count] = objectId;
            _raw[Count] = raw;
            _offsets[Count] = dataOffset;
            _lengths[Count] = dataLength;
            Count++;
        }

        internal BthomeDecodeStatus Fail(BthomeDecodeStatus status, string error)
        {
            Status = status;
            Error = error;
            return status;
        }
    }
}
