using System.Text;
using Endpoint.Core.Storage;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// The device's trusted OTA public key, the file <c>ota.pub</c> in its flash: the 32-byte Ed25519
    /// key as 64 hex digits, optionally followed by a line break (the same text <c>endpoint ota
    /// keygen</c> writes, so the file can be copied as it is).
    /// </summary>
    public static class TrustedKey
    {
        /// <summary>The file name.</summary>
        public const string FileName = "ota.pub";

        /// <summary>The key, or null when the file is missing or not a key.</summary>
        public static byte[] Read(IFileStore files)
        {
            byte[] data = files.ReadAll(FileName);
            if (data == null || data.Length < 64 || data.Length > 66)
            {
                return null;
            }

            for (int i = 64; i < data.Length; i++)
            {
                if (data[i] != (byte)'\n' && data[i] != (byte)'\r')
                {
                    return null;
                }
            }

            return Hex.Decode(Encoding.UTF8.GetString(data, 0, 64), 32);
        }

        /// <summary>Stores the key (one flash write), unless the file already holds it.</summary>
        public static void Write(IFileStore files, byte[] publicKey)
        {
            byte[] current = Read(files);
            if (current != null && OtaDigest.Same(current, publicKey))
            {
                return;
            }

            byte[] text = Encoding.UTF8.GetBytes(Hex.Encode(publicKey) + "\n");
            files.Write(FileName, text, 0, text.Length);
        }

        /// <summary>A short, non-secret name for a key in logs: its first 4 bytes in hex.</summary>
        public static string Fingerprint(byte[] publicKey)
        {
            return Hex.Encode(publicKey, 0, 4);
        }
    }
}
