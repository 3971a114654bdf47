namespace Endpoint.Core.Ota
{
    /// <summary>One assembly (<c>.pe</c>) of a bundle, as the signed manifest describes it.</summary>
    public sealed class AssemblyEntry
    {
        /// <summary>Creates an entry.</summary>
        public AssemblyEntry(string name, string version, int size, byte[] sha256)
        {
            Name = name;
            Version = version;
            Size = size;
            Sha256 = sha256;
        }

        /// <summary>Assembly name, e.g. <c>Endpoint.Core</c> (the file is <c>Endpoint.Core.pe</c>).</summary>
        public string Name { get; private set; }

        /// <summary>Assembly version, <c>major.minor.build.revision</c>.</summary>
        public string Version { get; private set; }

        /// <summary>Size of the <c>.pe</c> image in bytes.</summary>
        public int Size { get; private set; }

        /// <summary>SHA-256 of the image (32 bytes).</summary>
        public byte[] Sha256 { get; private set; }

        /// <summary>True when <paramref name="other"/> has the same content (size and SHA-256).</summary>
        public bool SameContent(AssemblyEntry other)
        {
            if (other == null || other.Size != Size)
            {
                return false;
            }

            for (int i = 0; i < 32; i++)
            {
                if (other.Sha256[i] != Sha256[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
