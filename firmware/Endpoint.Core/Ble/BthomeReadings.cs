using System;

namespace Endpoint.Core.Ble
{
    /// <summary>
    /// A reusable list of BTHome objects to advertise: object id and raw integer value, kept in
    /// ascending object-id order as the specification requires (objects with the same id keep the
    /// order they were added in). Fixed capacity, so filling it again allocates nothing.
    /// </summary>
    public sealed class BthomeReadings
    {
        private readonly byte[] _ids;
        private readonly long[] _raw;
        private int _count;

        /// <summary>Creates an empty list for up to <paramref name="capacity"/> objects.</summary>
        public BthomeReadings(int capacity)
        {
            _ids = new byte[capacity];
            _raw = new long[capacity];
        }

        /// <summary>Number of objects.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Maximum number of objects.</summary>
        public int Capacity
        {
            get { return _ids.Length; }
        }

        /// <summary>Bytes the objects take in a payload: id byte plus data for each.</summary>
        public int EncodedLength
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _count; i++)
                {
                    n += 1 + BthomeObjects.SizeOf(_ids[i]);
                }

                return n;
            }
        }

        /// <summary>Removes every object, keeping the capacity.</summary>
        public void Clear()
        {
            _count = 0;
        }

        /// <summary>The object id at <paramref name="index"/>.</summary>
        public byte IdAt(int index)
        {
            return _ids[index];
        }

        /// <summary>The raw value at <paramref name="index"/>.</summary>
        public long RawAt(int index)
        {
            return _raw[index];
        }

        /// <summary>
        /// Adds a raw value (the integer on the air: 2150 for 21.50 °C). Returns false, adding nothing,
        /// when the value does not fit the object's data size.
        /// </summary>
        /// <exception cref="ArgumentException">The id is undefined or is a variable-length (text, raw) object.</exception>
        /// <exception cref="InvalidOperationException">The list is full.</exception>
        public bool AddRaw(int objectId, long raw)
        {
            if (BthomeObjects.SizeOf(objectId) == 0)
            {
                throw new ArgumentException("BTHome object 0x" + objectId.ToString("X2") + " is not a fixed-size object");
            }

            if (raw < BthomeObjects.MinRaw(objectId) || raw > BthomeObjects.MaxRaw(objectId))
            {
                return false;
            }

            if (_count == _ids.Length)
            {
                throw new InvalidOperationException("BTHome reading list is full (" + _ids.Length + ")");
            }

            // Insert after every object with an id not above this one: ascending, stable.
            int at = _count;
            while (at > 0 && _ids[at - 1] > objectId)
            {
                _ids[at] = _ids[at - 1];
                _raw[at] = _raw[at - 1];
                at--;
            }

            _ids[at] = (byte)objectId;
            _raw[at] = raw;
            _count++;
            return true;
        }

        /// <summary>
        /// Adds a value in the object's unit (21.5 for 21.5 °C), rounded to the object's resolution.
        /// Binary objects take 0 for off and anything else for on. Returns false, adding nothing, when the
        /// value is NaN or outside what the object can carry (never clipped).
        /// </summary>
        public bool AddValue(int objectId, double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                return false;
            }

            if (BthomeObjects.KindOf(objectId) == BthomeObjectKind.Binary)
            {
                return AddRaw(objectId, value != 0 ? 1 : 0);
            }

            double scaled = value / BthomeObjects.FactorOf(objectId);
            if (scaled < -9.2e18 || scaled > 9.2e18)
            {
                return false;
            }

            return AddRaw(objectId, (long)System.Math.Floor(scaled + 0.5));
        }

        /// <summary>Replaces the content with a copy of <paramref name="other"/>.</summary>
        public void CopyFrom(BthomeReadings other)
        {
            if (other._count > _ids.Length)
            {
                throw new InvalidOperationException("BTHome reading list is full (" + _ids.Length + ")");
            }

            Array.Copy(other._ids, _ids, other._count);
            Array.Copy(other._raw, _raw, other._count);
            _count = other._count;
        }

        /// <summary>Appends an object that is already in order (used when splitting an ordered list).</summary>
        internal void AppendOrdered(byte objectId, long raw)
        {
            if (_count == _ids.Length)
            {
                throw new InvalidOperationException("BTHome reading list is full (" + _ids.Length + ")");
            }

            _ids[_count] = objectId;
            _raw[_count] = raw;
            _count++;
        }
    }
}
