using System;
using Endpoint.Core.Crypto;
using Endpoint.Core.Storage;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// The two app slots on flat storage (Ota/README.md, "Slots"): names carry the slot as a prefix,
    /// since the ESP32 file system may have no folders, and assemblies are named by their index in
    /// the manifest, which keeps names short on file systems that limit them:
    /// <code>
    /// slot-a.manifest   [u32 manifest length][manifest][64-byte signature]
    /// slot-a.0.pe       assembly 0 of the manifest
    /// slot-a.1.pe       …
    /// </code>
    /// </summary>
    public sealed class SlotStore
    {
        /// <summary>Bytes read or copied per step.</summary>
        public const int ChunkSize = 4096;

        private readonly IFileStore _files;

        /// <summary>Opens the slots in <paramref name="files"/>.</summary>
        public SlotStore(IFileStore files)
        {
            _files = files;
        }

        /// <summary>The storage.</summary>
        public IFileStore Files
        {
            get { return _files; }
        }

        /// <summary>Name prefix of a slot's files.</summary>
        public static string Prefix(int slot)
        {
            return slot == BootRecord.SlotA ? "slot-a." : "slot-b.";
        }

        /// <summary>File holding a slot's manifest and signature.</summary>
        public static string ManifestName(int slot)
        {
            return Prefix(slot) + "manifest";
        }

        /// <summary>File holding assembly <paramref name="index"/> of a slot.</summary>
        public static string AssemblyName(int slot, int index)
        {
            return Prefix(slot) + index + ".pe";
        }

        /// <summary>Writes a slot's manifest file (one flash write).</summary>
        public void WriteManifest(int slot, byte[] manifest, byte[] signature)
        {
            byte[] file = new byte[4 + manifest.Length + BundleLayout.SignatureSize];
            LittleEndian.WriteUInt32(file, 0, (uint)manifest.Length);
            Array.Copy(manifest, 0, file, 4, manifest.Length);
            Array.Copy(signature, 0, file, 4 + manifest.Length, BundleLayout.SignatureSize);
            _files.Write(ManifestName(slot), file, 0, file.Length);
        }

        /// <summary>The slot's manifest, or null when it is missing, torn or does not parse.</summary>
        public SlotManifest ReadManifest(int slot)
        {
            if (slot != BootRecord.SlotA && slot != BootRecord.SlotB)
            {
                return null;
            }

            byte[] file = _files.ReadAll(ManifestName(slot));
            if (file == null || file.Length < 4 + BundleLayout.SignatureSize)
            {
                return null;
            }

            uint length = LittleEndian.ReadUInt32(file, 0);
            if (length == 0 || length > OtaLimits.MaxManifestBytes || file.Length != 4 + length + BundleLayout.SignatureSize)
            {
                return null;
            }

            byte[] bytes = new byte[length];
            byte[] signature = new byte[BundleLayout.SignatureSize];
            Array.Copy(file, 4, bytes, 0, bytes.Length);
            Array.Copy(file, 4 + bytes.Length, signature, 0, signature.Length);
            BundleManifest manifest;
            try
            {
                manifest = BundleManifest.Parse(bytes, 0, bytes.Length);
            }
            catch (OtaException)
            {
                return null;
            }

            return new SlotManifest(bytes, signature, OtaDigest.Of(bytes, 0, bytes.Length), manifest);
        }

        /// <summary>Deletes every file of a slot.</summary>
        public void Clear(int slot)
        {
            string[] names = _files.List(Prefix(slot));
            for (int i = 0; i < names.Length; i++)
            {
                _files.Delete(names[i]);
            }
        }

        /// <summary>
        /// The cheap check the bootstrapper makes before starting a slot: the manifest is the one the
        /// boot record names (same SHA-256) and every assembly file has its manifest size. Content was
        /// hash-verified before the slot could become active, and nanoFramework's loader checks each
        /// image's own CRC. Returns null when the slot is bootable, else why not.
        /// </summary>
        public string CheckQuick(int slot, byte[] digest)
        {
            SlotManifest m = ReadManifest(slot);
            if (m == null)
            {
                return "its manifest is missing or damaged";
            }

            if (!OtaDigest.Same(m.Digest, digest))
            {
                return "its manifest is not the one the boot record names";
            }

            return CheckSizes(slot, m.Manifest);
        }

        /// <summary>Null when every assembly file of the slot has its manifest size, else which one does not.</summary>
        public string CheckSizes(int slot, BundleManifest manifest)
        {
            for (int i = 0; i < manifest.Assemblies.Length; i++)
            {
                AssemblyEntry a = manifest.Assemblies[i];
                if (_files.Length(AssemblyName(slot, i)) != a.Size)
                {
                    return "assembly " + a.Name + " is missing or incomplete";
                }
            }

            return null;
        }

        /// <summary>True when the stored file is exactly the assembly the entry describes (size and SHA-256).</summary>
        public bool HasContent(string name, AssemblyEntry entry)
        {
            if (_files.Length(name) != entry.Size)
            {
                return false;
            }

            byte[] hash = HashFile(name, entry.Size);
            return hash != null && OtaDigest.Same(hash, entry.Sha256);
        }

        /// <summary>SHA-256 of the first <paramref name="length"/> bytes of a file, read in chunks; null when it is shorter.</summary>
        public byte[] HashFile(string name, int length)
        {
            Sha256 sha = new Sha256();
            byte[] chunk = new byte[ChunkSize];
            int done = 0;
            while (done < length)
            {
                int want = length - done < ChunkSize ? length - done : ChunkSize;
                int got = _files.ReadAt(name, done, chunk, 0, want);
                if (got <= 0)
                {
                    return null;
                }

                sha.Update(chunk, 0, got);
                done += got;
            }

            return sha.Final();
        }
    }
}
