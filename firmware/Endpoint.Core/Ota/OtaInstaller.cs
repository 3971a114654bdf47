using System;
using Endpoint.Core.Crypto;
using Endpoint.Core.Storage;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// Writes a bundle into the slot that is not running, power-cut safe at every flash write
    /// (Ota/README.md, "Install"), without any transport of its own: <see cref="OtaComponent"/> feeds
    /// it blocks from the hub, tests feed it directly.
    /// <list type="number">
    /// <item><see cref="Begin"/>: the boot record marks the target slot as staging (and no longer as a
    /// fallback), the slot is cleared, the manifest and signature are written, then the progress record.</item>
    /// <item>Each assembly is copied from the running slot when it has one with the same SHA-256,
    /// else appended block by block from the hub. The bytes already stored are the file's length,
    /// so a resume after a reboot asks for exactly what is missing.</item>
    /// <item>Each finished assembly is read back from flash and its SHA-256 checked, a chunk per
    /// step, before the progress record marks it done; a mismatch deletes it and fetches it again, once.</item>
    /// <item><see cref="Commit"/>: one boot-record write makes the slot active, on trial, with the
    /// old slot as the fallback.</item>
    /// </list>
    /// Until that last write the running app stays the one that boots.
    /// </summary>
    public sealed class OtaInstaller
    {
        /// <summary>Name of the progress record.</summary>
        public const string ProgressName = "ota-progress";

        /// <summary>Downloads (or copies) of one assembly before the update is given up.</summary>
        public const int MaxAttempts = 2;

        private const int ProgressFormat = 1;

        private readonly IFileStore _files;
        private readonly SlotStore _slots;
        private readonly BootRecordStore _store;
        private readonly AtomicRecordFile _progress;
        private readonly byte[] _chunk = new byte[SlotStore.ChunkSize];
        private readonly Sha256 _sha = new Sha256();
        private int _verifyIndex = -1;
        private int _verifyOffset;

        private bool[] _done;
        private int[] _attempts;
        private int[] _stored;
        private int[] _sourceSlot;
        private int[] _sourceIndex;
        private bool[] _local;

        /// <summary>Creates an installer over <paramref name="files"/>.</summary>
        public OtaInstaller(IFileStore files)
        {
            _files = files;
            _slots = new SlotStore(files);
            _store = new BootRecordStore(files);
            _progress = new AtomicRecordFile(files, ProgressName);
        }

        /// <summary>True while an update is staged.</summary>
        public bool HasJob
        {
            get { return Manifest != null; }
        }

        /// <summary>The staged bundle's manifest.</summary>
        public BundleManifest Manifest { get; private set; }

        /// <summary>SHA-256 of its manifest bytes.</summary>
        public byte[] Digest { get; private set; }

        /// <summary>Its bundle id (first 8 bytes of <see cref="Digest"/>).</summary>
        public byte[] BundleId { get; private set; }

        /// <summary>The bundle id as 16 hex digits.</summary>
        public string BundleIdHex { get; private set; }

        /// <summary>The slot being written.</summary>
        public int Slot { get; private set; }

        /// <summary>Bytes that must come from the hub.</summary>
        public int DownloadTotal
        {
            get { return Sum(true, false); }
        }

        /// <summary>Bytes of <see cref="DownloadTotal"/> stored so far.</summary>
        public int DownloadDone
        {
            get { return Sum(true, true); }
        }

        /// <summary>Bytes copied from the running slot instead of downloaded.</summary>
        public int ReuseTotal
        {
            get { return Sum(false, false); }
        }

        /// <summary>
        /// Stages a verified bundle (the caller has checked the signature and every policy). Returns the
        /// boot record as now written.
        /// </summary>
        public BootRecord Begin(BootRecord boot, byte[] manifestBytes, byte[] signature, BundleManifest manifest, byte[] digest)
        {
            int slot = boot.Active == BootRecord.None ? BootRecord.SlotA : BootRecord.Other(boot.Active);
            BootRecord n = boot.Clone();
            n.Staging = slot;
            if (n.Previous == slot)
            {
                n.Previous = BootRecord.None;
                n.PreviousBuild = 0;
                n.PreviousDigest = new byte[32];
            }

            _store.Write(n);
            _slots.Clear(slot);
            _slots.WriteManifest(slot, manifestBytes, signature);
            Load(slot, manifest, digest);
            PlanSources(n);
            WriteProgress();
            return n;
        }

        /// <summary>Picks up the update a reboot or power cut interrupted; false when there is none to resume.</summary>
        public bool Resume(BootRecord boot)
        {
            Clear();
            byte[] p = _progress.Read();
            if (p == null || p.Length < 35 || p[0] != ProgressFormat || boot.Staging == BootRecord.None || p[1] != boot.Staging)
            {
                return false;
            }

            SlotManifest m = _slots.ReadManifest(boot.Staging);
            byte[] digest = new byte[32];
            Array.Copy(p, 2, digest, 0, 32);
            int count = p[34];
            if (m == null || !OtaDigest.Same(m.Digest, digest) || count != m.Manifest.Assemblies.Length || p.Length != 35 + (2 * count))
            {
                return false;
            }

            Load(boot.Staging, m.Manifest, digest);
            for (int i = 0; i < count; i++)
            {
                _done[i] = (p[35 + (2 * i)] & 1) != 0;
                _local[i] = (p[35 + (2 * i)] & 2) != 0;
                _attempts[i] = p[36 + (2 * i)];
                long length = _files.Length(SlotStore.AssemblyName(Slot, i));
                if (_done[i] && length != Manifest.Assemblies[i].Size)
                {
                    _done[i] = false;
                }

                if (length > Manifest.Assemblies[i].Size)
                {
                    _files.Delete(SlotStore.AssemblyName(Slot, i));
                    length = 0;
                }

                _stored[i] = length < 0 ? 0 : (int)length;
            }

            PlanSources(boot);
            return true;
        }

        /// <summary>The first assembly not yet stored and verified, or -1 when all are.</summary>
        public int NextFile()
        {
            for (int i = 0; i < _done.Length; i++)
            {
                if (!_done[i])
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>True when assembly <paramref name="index"/> is copied from the running slot.</summary>
        public bool IsLocal(int index)
        {
            return _sourceSlot[index] != BootRecord.None;
        }

        /// <summary>Bytes of assembly <paramref name="index"/> already stored.</summary>
        public int Stored(int index)
        {
            return _stored[index];
        }

        /// <summary>True when assembly <paramref name="index"/> is verified.</summary>
        public bool IsDone(int index)
        {
            return _done[index];
        }

        /// <summary>Copies the next chunk of a local assembly (one flash write).</summary>
        public void CopyChunk(int index)
        {
            int size = Manifest.Assemblies[index].Size;
            int from = _stored[index];
            int count = size - from < _chunk.Length ? size - from : _chunk.Length;
            if (count <= 0)
            {
                return;
            }

            string source = SlotStore.AssemblyName(_sourceSlot[index], _sourceIndex[index]);
            int got = _files.ReadAt(source, from, _chunk, 0, count);
            if (got != count)
            {
                // The running slot's copy is shorter than its manifest says: fetch this one instead.
                _sourceSlot[index] = BootRecord.None;
                _local[index] = false;
                return;
            }

            _files.Append(SlotStore.AssemblyName(Slot, index), _chunk, 0, count);
            _stored[index] += count;
        }

        /// <summary>
        /// Appends downloaded bytes to assembly <paramref name="index"/> at <paramref name="offset"/>,
        /// which must be <see cref="Stored"/> (one flash write).
        /// </summary>
        public void AppendBlock(int index, int offset, byte[] data, int dataOffset, int count)
        {
            if (offset != _stored[index] || count <= 0 || offset + count > Manifest.Assemblies[index].Size)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            _files.Append(SlotStore.AssemblyName(Slot, index), data, dataOffset, count);
            _stored[index] += count;
        }

        /// <summary>
        /// Hashes the next chunk of a fully stored assembly, read back from flash, so a long check
        /// never holds the loop (SHA-256 runs at roughly 10-20 KB/s on the device). Returns false while
        /// there is more to hash. When it returns true the check is over: either the assembly is
        /// verified (<see cref="IsDone"/>, recorded in the progress record) or it did not match and was
        /// deleted to be fetched again. Throws <see cref="OtaException"/> when it failed
        /// <see cref="MaxAttempts"/> times.
        /// </summary>
        public bool VerifyStep(int index)
        {
            AssemblyEntry entry = Manifest.Assemblies[index];
            string name = SlotStore.AssemblyName(Slot, index);
            if (_verifyIndex != index)
            {
                _verifyIndex = index;
                _verifyOffset = 0;
                _sha.Reset();
            }

            int count = entry.Size - _verifyOffset < _chunk.Length ? entry.Size - _verifyOffset : _chunk.Length;
            int got = count > 0 ? _files.ReadAt(name, _verifyOffset, _chunk, 0, count) : 0;
            if (got > 0)
            {
                _sha.Update(_chunk, 0, got);
                _verifyOffset += got;
            }

            if (got == count && _verifyOffset < entry.Size)
            {
                return false;
            }

            _verifyIndex = -1;
            if (_verifyOffset == entry.Size && _files.Length(name) == entry.Size && OtaDigest.Same(_sha.Final(), entry.Sha256))
            {
                _done[index] = true;
                WriteProgress();
                return true;
            }

            _attempts[index]++;
            _files.Delete(name);
            _stored[index] = 0;
            _sourceSlot[index] = BootRecord.None;
            _local[index] = false;
            WriteProgress();
            if (_attempts[index] >= MaxAttempts)
            {
                throw new OtaException("assembly " + entry.Name + " does not match its SHA-256 in the signed manifest (" + _attempts[index] + " downloads): the bundle is damaged or was tampered with");
            }

            return true;
        }

        /// <summary>
        /// Makes the staged slot active, on trial, with the running slot as its fallback (one flash
        /// write). Returns the new boot record.
        /// </summary>
        public BootRecord Commit(BootRecord boot)
        {
            if (NextFile() >= 0 || _slots.CheckSizes(Slot, Manifest) != null)
            {
                throw new InvalidOperationException("the staged slot is not complete");
            }

            BootRecord n = boot.Clone();
            n.Previous = boot.Active;
            n.PreviousBuild = boot.Active == BootRecord.None ? 0 : boot.ActiveBuild;
            n.PreviousDigest = boot.Active == BootRecord.None ? new byte[32] : boot.ActiveDigest;
            n.Active = Slot;
            n.ActiveBuild = Manifest.Build;
            n.ActiveDigest = Digest;
            n.Staging = BootRecord.None;
            n.Trial = true;
            n.TrialBoots = 0;
            n.Result = BootResult.None;
            n.ResultReported = false;
            n.Reason = null;
            _store.Write(n);
            _progress.Delete();
            Clear();
            return n;
        }

        /// <summary>Drops the staged update: its slot is cleared and no longer staging. Returns the boot record.</summary>
        public BootRecord Abandon(BootRecord boot)
        {
            _progress.Delete();
            BootRecord n = boot;
            if (boot.Staging != BootRecord.None)
            {
                _slots.Clear(boot.Staging);
                n = boot.Clone();
                n.Staging = BootRecord.None;
                _store.Write(n);
            }

            Clear();
            return n;
        }

        private void Load(int slot, BundleManifest manifest, byte[] digest)
        {
            int count = manifest.Assemblies.Length;
            Slot = slot;
            Manifest = manifest;
            Digest = digest;
            BundleId = OtaDigest.BundleId(digest);
            BundleIdHex = Hex.Encode(BundleId);
            _done = new bool[count];
            _attempts = new int[count];
            _stored = new int[count];
            _sourceSlot = new int[count];
            _sourceIndex = new int[count];
            _local = new bool[count];
            _verifyIndex = -1;
        }

        private void Clear()
        {
            Manifest = null;
            Digest = null;
            BundleId = null;
            BundleIdHex = null;
            Slot = BootRecord.None;
        }

        // Assemblies the running slot already has (same size and SHA-256 in its manifest, which was
        // verified when it was installed) are copied; a file that failed once is always fetched.
        private void PlanSources(BootRecord boot)
        {
            SlotManifest running = null;
            if (boot.Active != BootRecord.None)
            {
                running = _slots.ReadManifest(boot.Active);
                if (running != null && !OtaDigest.Same(running.Digest, boot.ActiveDigest))
                {
                    running = null;
                }
            }

            for (int i = 0; i < _done.Length; i++)
            {
                _sourceSlot[i] = BootRecord.None;
                if (_done[i])
                {
                    continue;
                }

                _local[i] = false;
                if (running == null || _attempts[i] > 0)
                {
                    continue;
                }

                for (int j = 0; j < running.Manifest.Assemblies.Length; j++)
                {
                    if (Manifest.Assemblies[i].SameContent(running.Manifest.Assemblies[j]))
                    {
                        _sourceSlot[i] = boot.Active;
                        _sourceIndex[i] = j;
                        _local[i] = true;
                        break;
                    }
                }
            }
        }

        private void WriteProgress()
        {
            int count = _done.Length;
            byte[] p = new byte[35 + (2 * count)];
            p[0] = ProgressFormat;
            p[1] = (byte)Slot;
            Array.Copy(Digest, 0, p, 2, 32);
            p[34] = (byte)count;
            for (int i = 0; i < count; i++)
            {
                p[35 + (2 * i)] = (byte)((_done[i] ? 1 : 0) | (_local[i] ? 2 : 0));
                p[36 + (2 * i)] = (byte)(_attempts[i] > 255 ? 255 : _attempts[i]);
            }

            _progress.Write(p, 0, p.Length);
        }

        private int Sum(bool remote, bool storedOnly)
        {
            int total = 0;
            for (int i = 0; i < _done.Length; i++)
            {
                if (_local[i] != remote)
                {
                    total += storedOnly ? _stored[i] : Manifest.Assemblies[i].Size;
                }
            }

            return total;
        }
    }
}
