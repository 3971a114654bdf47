using Endpoint.Core.Storage;

namespace Endpoint.Core.Ota
{
    /// <summary>What an app started by Endpoint.Boot learns about itself from the flash.</summary>
    public static class InstalledApp
    {
        /// <summary>
        /// The version in the manifest of the slot the boot record starts — the version to report, since
        /// the same compiled app can be installed as any bundle — or <paramref name="fallback"/> when no
        /// slot is active (the app was deployed by cable).
        /// </summary>
        public static string Version(IFileStore files, string fallback)
        {
            BootRecord record = new BootRecordStore(files).Read();
            if (record == null || record.Active == BootRecord.None)
            {
                return fallback;
            }

            SlotManifest m = new SlotStore(files).ReadManifest(record.Active);
            return m != null && OtaDigest.Same(m.Digest, record.ActiveDigest) ? m.Manifest.Version : fallback;
        }
    }
}
