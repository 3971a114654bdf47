namespace Endpoint.Core.Ota
{
    /// <summary>A slot's stored manifest: its exact bytes, signature, digest and parsed form.</summary>
    public sealed class SlotManifest
    {
        /// <summary>Creates the value.</summary>
        public SlotManifest(byte[] bytes, byte[] signature, byte[] digest, BundleManifest manifest)
        {
            Bytes = bytes;
            Signature = signature;
            Digest = digest;
            Manifest = manifest;
        }

        /// <summary>The manifest bytes as signed.</summary>
        public byte[] Bytes { get; private set; }

        /// <summary>The Ed25519 signature.</summary>
        public byte[] Signature { get; private set; }

        /// <summary>SHA-256 of <see cref="Bytes"/>.</summary>
        public byte[] Digest { get; private set; }

        /// <summary>The parsed manifest.</summary>
        public BundleManifest Manifest { get; private set; }
    }
}
