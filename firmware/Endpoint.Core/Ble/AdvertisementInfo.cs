namespace Endpoint.Core.Ble
{
    /// <summary>
    /// What <see cref="AdvertisementDecoder"/> found in legacy advertising data: flags, local name,
    /// 16-bit service data entries (pointing into the decoded array) and 128-bit service UUIDs.
    /// Reusable: each decode starts from empty.
    /// </summary>
    public sealed class AdvertisementInfo
    {
        private const int MaxEntries = 16;

        private readonly int[] _serviceUuids = new int[MaxEntries];
        private readonly int[] _serviceOffsets = new int[MaxEntries];
        private readonly int[] _serviceLengths = new int[MaxEntries];
        private readonly int[] _uuid128Offsets = new int[MaxEntries];

        /// <summary>The decoded array (entries' offsets refer to it).</summary>
        public byte[] Data { get; private set; }

        /// <summary>Null when the data was well formed, else why not (one sentence).</summary>
        public string Error { get; private set; }

        /// <summary>True when a Flags structure was present.</summary>
        public bool HasFlags { get; private set; }

        /// <summary>The flags byte.</summary>
        public byte Flags { get; private set; }

        /// <summary>The local name, or null.</summary>
        public string Name { get; private set; }

        /// <summary>True for a complete local name, false for a shortened one.</summary>
        public bool NameComplete { get; private set; }

        /// <summary>Number of 16-bit service data structures.</summary>
        public int ServiceDataCount { get; private set; }

        /// <summary>Number of 128-bit service UUIDs listed.</summary>
        public int Uuid128Count { get; private set; }

        /// <summary>The 16-bit UUID of service data entry <paramref name="index"/>.</summary>
        public int ServiceDataUuidAt(int index)
        {
            return _serviceUuids[index];
        }

        /// <summary>Offset in <see cref="Data"/> of the entry's value (after the UUID).</summary>
        public int ServiceDataOffsetAt(int index)
        {
            return _serviceOffsets[index];
        }

        /// <summary>Length of the entry's value (after the UUID).</summary>
        public int ServiceDataLengthAt(int index)
        {
            return _serviceLengths[index];
        }

        /// <summary>Index of the first service data entry with <paramref name="uuid"/>, or -1.</summary>
        public int FindServiceData(int uuid)
        {
            for (int i = 0; i < ServiceDataCount; i++)
            {
                if (_serviceUuids[i] == uuid)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// True when the 128-bit service UUID list names <paramref name="uuid"/>
        /// ("00467768-6228-2272-4663-277478268000"; UUIDs travel least significant byte first).
        /// </summary>
        public bool HasService128(string uuid)
        {
            // Canonical text is 32 hex digits and 4 dashes, most significant byte first.
            byte[] wanted = new byte[16];
            int digits = 0;
            for (int i = 0; uuid != null && i < uuid.Length; i++)
            {
                if (uuid[i] == '-')
                {
                    continue;
                }

                int v = HexValue(uuid[i]);
                if (v < 0 || digits == 32)
                {
                    return false;
                }

                int b = 15 - (digits / 2);
                wanted[b] = (byte)((wanted[b] << 4) | v);
                digits++;
            }

            if (digits != 32)
            {
                return false;
            }

            for (int n = 0; n < Uuid128Count; n++)
            {
                int at = _uuid128Offsets[n];
                bool same = true;
                for (int i = 0; i < 16 && same; i++)
                {
                    same = Data[at + i] == wanted[i];
                }

                if (same)
                {
                    return true;
                }
            }

            return false;
        }

        internal void Reset(byte[] data)
        {
            Data = data;
            Error = null;
            HasFlags = false;
            Flags = 0;
            Name = null;
            NameComplete = false;
            ServiceDataCount = 0;
            Uuid128Count = 0;
        }

        internal bool Fail(string error)
        {
            Error = error;
            return false;
        }

        internal void SetFlags(byte flags)
        {
            HasFlags = true;
            Flags = flags;
        }

        internal void SetName(string name, bool complete)
        {
            Name = name;
            NameComplete = complete;
        }

        internal bool AddServiceData(int uuid, int offset, int length)
        {
            if (ServiceDataCount == MaxEntries)
            {
                return false;
            }

            _serviceUuids[ServiceDataCount] = uuid;
            _serviceOffsets[ServiceDataCount] = offset;
            _serviceLengths[ServiceDataCount] = length;
            ServiceDataCount++;
            return true;
        }

        internal bool AddUuid128(int offset)
        {
            if (Uuid128Count == MaxEntries)
            {
                return false;
            }

            _uuid128Offsets[Uuid128Count++] = offset;
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
