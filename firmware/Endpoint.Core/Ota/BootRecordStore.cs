using System;
using Endpoint.Core.Storage;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// Keeps the <see cref="BootRecord"/> (<c>boot.a</c>/<c>boot.b</c>) and the last-known-good
    /// record (<c>boot-lkg.a</c>/<c>boot-lkg.b</c>), each an <see cref="AtomicRecordFile"/>: a power
    /// cut during a write leaves the previous record readable. The "write new, then rename"
    /// is this mechanism without a rename, which the ESP32 file systems do not all make atomic.
    /// The last-known-good record changes only when an app confirms itself, so it survives damage
    /// that destroys both generations of the boot record.
    /// </summary>
    public sealed class BootRecordStore
    {
        /// <summary>Name of the boot record.</summary>
        public const string RecordName = "boot";

        /// <summary>Name of the last-known-good record.</summary>
        public const string LastKnownGoodName = "boot-lkg";

        private const int LkgFormat = 1;
        private const int LkgSize = 42;

        private readonly IFileStore _files;
        private readonly AtomicRecordFile _record;
        private readonly AtomicRecordFile _lkg;

        /// <summary>Opens the records in <paramref name="files"/>.</summary>
        public BootRecordStore(IFileStore files)
        {
            _files = files;
            _record = new AtomicRecordFile(files, RecordName);
            _lkg = new AtomicRecordFile(files, LastKnownGoodName);
        }

        /// <summary>The boot record, or null when there is none or it is damaged (see <see cref="IsDamaged"/>).</summary>
        public BootRecord Read()
        {
            return BootRecord.Parse(_record.Read());
        }

        /// <summary>True when record files exist but none holds a valid record.</summary>
        public bool IsDamaged()
        {
            return Read() == null && (_files.Exists(RecordName + ".a") || _files.Exists(RecordName + ".b"));
        }

        /// <summary>Replaces the boot record (one flash write).</summary>
        public void Write(BootRecord record)
        {
            byte[] bytes = record.ToBytes();
            _record.Write(bytes, 0, bytes.Length);
        }

        /// <summary>Remembers <paramref name="record"/>'s active slot as the last known good app (one flash write).</summary>
        public void WriteLastKnownGood(BootRecord record)
        {
            byte[] b = new byte[LkgSize];
            b[0] = LkgFormat;
            b[1] = (byte)record.Active;
            LittleEndian.WriteUInt32(b, 2, (uint)record.ActiveBuild);
            LittleEndian.WriteUInt32(b, 6, (uint)record.Floor);
            Array.Copy(record.ActiveDigest, 0, b, 10, 32);
            _lkg.Write(b, 0, b.Length);
        }

        /// <summary>
        /// A confirmed boot record rebuilt from the last-known-good record, or null when there is none.
        /// </summary>
        public BootRecord ReadLastKnownGood()
        {
            byte[] b = _lkg.Read();
            if (b == null || b.Length != LkgSize || b[0] != LkgFormat || (b[1] != BootRecord.SlotA && b[1] != BootRecord.SlotB))
            {
                return null;
            }

            uint build = LittleEndian.ReadUInt32(b, 2);
            uint floor = LittleEndian.ReadUInt32(b, 6);
            if (build > int.MaxValue || floor > int.MaxValue)
            {
                return null;
            }

            BootRecord r = new BootRecord();
            r.Active = b[1];
            r.ActiveBuild = (int)build;
            r.Floor = (int)floor;
            Array.Copy(b, 10, r.ActiveDigest, 0, 32);
            return r;
        }
    }
}
