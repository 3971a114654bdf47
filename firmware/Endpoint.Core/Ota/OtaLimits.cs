namespace Endpoint.Core.Ota
{
    /// <summary>
    /// Bounds every OTA parser enforces, so no input can make a device allocate or write without limit
    /// (Ota/README.md, "Limits"). A bundle outside them is refused as a whole.
    /// </summary>
    public static class OtaLimits
    {
        /// <summary>Largest manifest, in bytes.</summary>
        public const int MaxManifestBytes = 8192;

        /// <summary>Most assemblies in one bundle.</summary>
        public const int MaxAssemblies = 64;

        /// <summary>Largest single assembly (1 MiB). Zero-length assemblies are refused too.</summary>
        public const int MaxAssemblyBytes = 1024 * 1024;

        /// <summary>Largest sum of the assembly sizes (4 MiB).</summary>
        public const int MaxBundleBytes = 4 * 1024 * 1024;

        /// <summary>Most boards one bundle may name.</summary>
        public const int MaxBoards = 16;

        /// <summary>Largest offer command (the manifest in base64 plus a few fields).</summary>
        public const int MaxOfferBytes = 16384;

        /// <summary>Smallest block a device asks for.</summary>
        public const int MinBlockBytes = 256;

        /// <summary>Largest block a device asks for (MQTT messages on the ESP32 stay well under its heap).</summary>
        public const int MaxBlockBytes = 16384;

        /// <summary>Block size when the offer names none.</summary>
        public const int DefaultBlockBytes = 4096;

        /// <summary>Most block requests a device keeps outstanding.</summary>
        public const int MaxWindow = 8;

        /// <summary>Longest bundle URL in an offer (HTTP delivery).</summary>
        public const int MaxUrlChars = 512;
    }
}
