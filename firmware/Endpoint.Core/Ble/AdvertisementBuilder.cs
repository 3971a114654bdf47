using System;
using System.Text;

namespace Endpoint.Core.Ble
{
    /// <summary>
    /// Lays BTHome readings out as legacy advertisements (bthome.io/format "Advertising payload"):
    /// Flags (0x020106), the local name, then Service Data 0xFCD2 — at most 31 bytes each. When the
    /// readings do not fit one advertisement they are split into groups, each a complete BTHome packet
    /// of its own, to be advertised in turn; nothing is ever dropped or cut. The name gives way first:
    /// when it would leave no room for the largest object it is sent as a Shortened Local Name (AD type
    /// 0x08, which says so) cut at a character boundary.
    /// Group lists are allocated the first time they are needed; later splits allocate nothing.
    /// </summary>
    public sealed class AdvertisementBuilder
    {
        private const int FlagsLength = 3;      // 02 01 06
        private const int ServiceHeader = 4;    // length, 0x16, UUID (2)
        private const int GroupCapacity = 16;

        private readonly BthomeEncoder _encoder;
        private readonly bool _withPacketId;
        private readonly byte[] _name;
        private readonly BthomeReadings[] _groups;
        private readonly int[] _used;
        private int _groupCount;
        private int _nameLength;

        /// <summary>
        /// Creates a builder advertising <paramref name="name"/> (null or empty for none), with a packet id
        /// in every packet when <paramref name="withPacketId"/>, for up to <paramref name="capacity"/> readings.
        /// </summary>
        public AdvertisementBuilder(string name, BthomeEncoder encoder, bool withPacketId, int capacity)
        {
            _encoder = encoder;
            _withPacketId = withPacketId;
            _name = name == null ? new byte[0] : Encoding.UTF8.GetBytes(name);
            _groups = new BthomeReadings[capacity < 1 ? 1 : capacity];
            _used = new int[_groups.Length];
        }

        /// <summary>Number of packets the last <see cref="Split"/> produced (at least 1).</summary>
        public int GroupCount
        {
            get { return _groupCount; }
        }

        /// <summary>Bytes of name actually advertised (after any shortening).</summary>
        public int NameLength
        {
            get
            {
                UpdateNameLength();
                return _nameLength;
            }
        }

        /// <summary>True when the name is advertised shortened.</summary>
        public bool NameShortened
        {
            get { return NameLength < _name.Length; }
        }

        /// <summary>Bytes left for objects in each packet, besides the packet id.</summary>
        public int ObjectRoom
        {
            get
            {
                UpdateNameLength();
                return RoomFor(_nameLength);
            }
        }

        /// <summary>The readings of packet <paramref name="index"/>, in ascending object-id order.</summary>
        public BthomeReadings GroupAt(int index)
        {
            if (index < 0 || index >= _groupCount)
            {
                throw new ArgumentOutOfRangeException("index");
            }

            return _groups[index];
        }

        /// <summary>Index of the first packet carrying <paramref name="objectId"/>, or -1.</summary>
        public int GroupOf(int objectId)
        {
            for (int g = 0; g < _groupCount; g++)
            {
                BthomeReadings group = _groups[g];
                for (int i = 0; i < group.Count; i++)
                {
                    if (group.IdAt(i) == objectId)
                    {
                        return g;
                    }
                }
            }

            return -1;
        }

        /// <summary>
        /// Distributes <paramref name="readings"/> (ascending) over as few packets as first-fit allows:
        /// each reading goes to the first packet with room, so each packet stays in ascending order.
        /// Returns the packet count (1 for no readings: a packet with only the packet id).
        /// </summary>
        public int Split(BthomeReadings readings)
        {
            int room = ObjectRoom;
            _groupCount = 0;
            for (int i = 0; i < readings.Count; i++)
            {
                byte id = readings.IdAt(i);
                int size = 1 + BthomeObjects.SizeOf(id);
                int g = 0;
                while (g < _groupCount && _used[g] + size > room)
                {
                    g++;
                }

                if (g == _groupCount)
                {
                    if (size > room || g == _groups.Length)
                    {
                        throw new InvalidOperationException("BTHome object 0x" + id.ToString("X2") + " does not fit an advertisement");
                    }

                    OpenGroup();
                }

                _groups[g].AppendOrdered(id, readings.RawAt(i));
                _used[g] += size;
            }

            if (_groupCount == 0)
            {
                OpenGroup();
            }

            return _groupCount;
        }

        /// <summary>
        /// Writes packet <paramref name="group"/> as complete advertising data (flags, name, BTHome service
        /// data with <paramref name="packetId"/> and, when encrypting, <paramref name="counter"/>) and
        /// returns its length, at most 31.
        /// </summary>
        public int Render(int group, byte packetId, uint counter, byte[] output, int offset)
        {
            BthomeReadings objects = GroupAt(group);
            UpdateNameLength();
            int p = offset;
            output[p++] = 2;
            output[p++] = AdType.Flags;
            output[p++] = AdType.GeneralDiscoverableNoBrEdr;
            if (_nameLength > 0)
            {
                output[p++] = (byte)(_nameLength + 1);
                output[p++] = _nameLength < _name.Length ? AdType.ShortenedName : AdType.CompleteName;
                Array.Copy(_name, 0, output, p, _nameLength);
                p += _nameLength;
            }

            int lengthAt = p++;
            output[p++] = AdType.ServiceData16;
            output[p++] = (byte)(BthomeEncoder.ServiceUuid & 0xFF);
            output[p++] = (byte)(BthomeEncoder.ServiceUuid >> 8);
            int written = _encoder.Encode(_withPacketId, packetId, objects, counter, output, p);
            output[lengthAt] = (byte)(3 + written);
            p += written;
            if (p - offset > AdType.LegacyLimit)
            {
                // Split guarantees the room; reaching this means the encoder settings changed in between.
                throw new InvalidOperationException("advertisement of " + (p - offset) + " bytes exceeds 31; split again");
            }

            return p - offset;
        }

        private void OpenGroup()
        {
            if (_groups[_groupCount] == null)
            {
                _groups[_groupCount] = new BthomeReadings(GroupCapacity);
            }

            _groups[_groupCount].Clear();
            _used[_groupCount] = 0;
            _groupCount++;
        }

        private int RoomFor(int nameLength)
        {
            return AdType.LegacyLimit - FlagsLength - (nameLength > 0 ? 2 + nameLength : 0) - ServiceHeader
                - _encoder.Overhead - (_withPacketId ? 2 : 0);
        }

        // The whole name when it leaves room for the largest fixed-size object, else the longest
        // prefix that does, cut before a UTF-8 continuation byte.
        private void UpdateNameLength()
        {
            int length = _name.Length;
            while (length > 0 && RoomFor(length) < BthomeObjects.MaxFixedObjectLength)
            {
                length--;
            }

            while (length > 0 && length < _name.Length && (_name[length] & 0xC0) == 0x80)
            {
                length--;
            }

            _nameLength = length;
        }
    }
}
