using System.Text;
using Endpoint.Core.Storage;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// <c>boot.version</c>: the bootstrapper writes its version (decimal) at start, so the app it
    /// starts can refuse bundles that need a newer one (<c>min_boot</c>). No file means the app was
    /// not started by Endpoint.Boot, and over-the-air updates cannot work.
    /// </summary>
    public static class BootVersionFile
    {
        /// <summary>The file name.</summary>
        public const string FileName = "boot.version";

        /// <summary>The recorded version, or 0 when there is none.</summary>
        public static int Read(IFileStore files)
        {
            byte[] data = files.ReadAll(FileName);
            if (data == null || data.Length == 0 || data.Length > 5)
            {
                return 0;
            }

            int v = 0;
            for (int i = 0; i < data.Length; i++)
            {
                if (data[i] < (byte)'0' || data[i] > (byte)'9')
                {
                    return 0;
                }

                v = (v * 10) + (data[i] - (byte)'0');
            }

            return v;
        }

        /// <summary>Records <paramref name="version"/>, writing only when it changed (flash wear).</summary>
        public static void Write(IFileStore files, int version)
        {
            if (Read(files) == version)
            {
                return;
            }

            byte[] text = Encoding.UTF8.GetBytes(version.ToString());
            files.Write(FileName, text, 0, text.Length);
        }
    }
}
