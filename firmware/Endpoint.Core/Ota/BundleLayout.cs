namespace Endpoint.Core.Ota
{
    /// <summary>
    /// The byte layout of an <c>.epk</c> bundle (Ota/README.md, "Bundle file"), little-endian:
    /// <code>
    /// 0      4  magic "EPK1"
    /// 4      4  manifest length M (1 … 8192)
    /// 8      M  manifest (canonical JSON)
    /// 8+M   64  Ed25519 signature of the manifest (see OtaSignature)
    /// 72+M   …  the assemblies, in manifest order, each exactly its manifest size; nothing after
    /// </code>
    /// </summary>
    public static class BundleLayout
    {
        /// <summary>Size of the fixed header (magic and manifest length).</summary>
        public const int HeaderSize = 8;

        /// <summary>Size of an Ed25519 signature.</summary>
        public const int SignatureSize = 64;

        /// <summary>The magic bytes, "EPK1".</summary>
        public static readonly byte[] Magic = new byte[] { (byte)'E', (byte)'P', (byte)'K', (byte)'1' };

        /// <summary>
        /// Checks the header in <paramref name="data"/> (at least <see cref="HeaderSize"/> bytes, of a file
        /// <paramref name="fileLength"/> long) and returns the manifest length. Throws <see cref="OtaException"/>.
        /// </summary>
        public static int ReadManifestLength(byte[] data, long fileLength)
        {
            if (fileLength < HeaderSize || data.Length < HeaderSize)
            {
                throw new OtaException("bundle is truncated: " + fileLength + " bytes is shorter than its header");
            }

            for (int i = 0; i < Magic.Length; i++)
            {
                if (data[i] != Magic[i])
                {
                    throw new OtaException("not an Endpoint bundle (the file does not start with EPK1)");
                }
            }

            uint length = LittleEndian.ReadUInt32(data, 4);
            if (length == 0 || length > OtaLimits.MaxManifestBytes)
            {
                throw new OtaException("bundle header gives a manifest of " + length + " bytes (1-" + OtaLimits.MaxManifestBytes + " allowed)");
            }

            if (fileLength < HeaderSize + length + SignatureSize)
            {
                throw new OtaException("bundle is truncated: it ends inside its manifest or signature");
            }

            return (int)length;
        }

        /// <summary>Offset of the first assembly image.</summary>
        public static int AssembliesOffset(int manifestLength)
        {
            return HeaderSize + manifestLength + SignatureSize;
        }

        /// <summary>
        /// Checks that a file of <paramref name="fileLength"/> bytes holds exactly the assemblies the
        /// manifest lists. Throws <see cref="OtaException"/>.
        /// </summary>
        public static void CheckLength(BundleManifest manifest, int manifestLength, long fileLength)
        {
            long expected = (long)AssembliesOffset(manifestLength) + manifest.TotalSize;
            if (fileLength < expected)
            {
                throw new OtaException("bundle is truncated: " + fileLength + " bytes, its manifest needs " + expected);
            }

            if (fileLength > expected)
            {
                throw new OtaException("bundle has " + (fileLength - expected) + " bytes after its last assembly");
            }
        }

        /// <summary>Offset of assembly <paramref name="index"/> in the file.</summary>
        public static long AssemblyOffset(BundleManifest manifest, int manifestLength, int index)
        {
            long at = AssembliesOffset(manifestLength);
            for (int i = 0; i < index; i++)
            {
                at += manifest.Assemblies[i].Size;
            }

            return at;
        }
    }
}
