using System;

namespace Endpoint.Core.Storage
{
    /// <summary>
    /// One record that survives a power cut at any moment: two generations, <c>name.a</c> and
    /// <c>name.b</c>, each with a header (magic, sequence number, length, CRC-32). A write goes to the
    /// generation not holding the current record, so a torn write damages only the copy being written;
    /// a read takes the valid generation with the higher sequence. This needs no atomic rename, which
    /// the ESP32 file systems do not all promise.
    /// </summary>
    public sealed class AtomicRecordFile
    {
        private const int HeaderSize = 16;
        private const uint Magic = 0x31525045; // "EPR1" little-endian

        private readonly IFileStore _files;
        private readonly string _nameA;
        private readonly string _nameB;
        private uint _sequence;
        private bool _currentIsA;
        private bool _loaded;

        /// <summary>Creates a record named <paramref name="name"/> in <paramref name="files"/>.</summary>
        public AtomicRecordFile(IFileStore files, string name)
        {
            _files = files;
            _nameA = name + ".a";
            _nameB = name + ".b";
        }

        /// <summary>The current record's payload, or null when no valid generation exists.</summary>
        public byte[] Read()
        {
            byte[] a = Validate(_files.ReadAll(_nameA));
            byte[] b = Validate(_files.ReadAll(_nameB));
            uint seqA = a == null ? 0 : ReadUInt(a, 4);
            uint seqB = b == null ? 0 : ReadUInt(b, 4);
            _loaded = true;
            if (a == null && b == null)
            {
                _sequence = 0;
                _currentIsA = false;
                return null;
            }

            _currentIsA = b == null || (a != null && seqA > seqB);
            byte[] current = _currentIsA ? a : b;
            _sequence = _currentIsA ? seqA : seqB;
            return Payload(current);
        }

        /// <summary>Replaces the record. When this returns, the new payload is what <see cref="Read"/> gives, even after a power cut.</summary>
        public void Write(byte[] payload, int offset, int count)
        {
            if (!_loaded)
            {
                Read();
            }

            uint next = _sequence + 1;
            byte[] record = new byte[HeaderSize + count];
            WriteUInt(record, 0, Magic);
            WriteUInt(record, 4, next);
            WriteUInt(record, 8, (uint)count);
            Array.Copy(payload, offset, record, HeaderSize, count);
            uint crc = Crc32.Compute(record, 4, 8);
            crc = Crc32.Update(crc, record, HeaderSize, count);
            WriteUInt(record, 12, crc);

            string target = _currentIsA ? _nameB : _nameA;
            _files.Write(target, record, 0, record.Length);
            _sequence = next;
            _currentIsA = !_currentIsA;
        }

        /// <summary>Removes both generations.</summary>
        public void Delete()
        {
            _files.Delete(_nameA);
            _files.Delete(_nameB);
            _sequence = 0;
            _currentIsA = false;
            _loaded = true;
        }

        private static byte[] Validate(byte[] record)
        {
            if (record == null || record.Length < HeaderSize || ReadUInt(record, 0) != Magic)
            {
                return null;
            }

            uint length = ReadUInt(record, 8);
            if (length != (uint)(record.Length - HeaderSize))
            {
                return null;
            }

            uint crc = Crc32.Compute(record, 4, 8);
            crc = Crc32.Update(crc, record, HeaderSize, (int)length);
            return crc == ReadUInt(record, 12) ? record : null;
        }

        private static byte[] Payload(byte[] record)
        {
            byte[] payload = new byte[record.Length - HeaderSize];
            Array.Copy(record, HeaderSize, payload, 0, payload.Length);
            return payload;
        }

        private static uint ReadUInt(byte[] b, int at)
        {
            return (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
        }

        private static void WriteUInt(byte[] b, int at, uint v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }
    }
}
