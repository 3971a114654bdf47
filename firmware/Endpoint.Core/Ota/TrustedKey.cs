using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// The device's trusted OTA public key: the file <c>ota.pub</c> (<see cref="ProvisionedSettings.OtaPublicKeyFile"/>)
    /// in its flash, the 32-byte Ed25519 key as <c>endpoint flash --ota-key</c> writes it. The text form
    /// <c>endpoint ota keygen</c> writes (64 hex digits and a line break) is read too, so that file can be
    /// copied onto a device as it is.
    /// </summary>
    public static class TrustedKey
    {
        /// <summary>The file name.</summary>
        public const string FileName = ProvisionedSettings.OtaPublicKeyFile;

        /// <summary>The key, or null when the file is missing or not a key.</summary>
        public static byte[] Read(IFileStore files)
        {
            byte[] data = files.ReadAll(FileName);
            if (data == null)
            {
                return null;
            }

            if (data.Length == OtaSignature.PublicKeySize)
            {
                return data;
            }

            if (data.Length < 64 || data.Length > 66)
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

            return Hex.Decode(System.Text.Encoding.UTF8.GetString(data, 0, 64), 32);
        }

        /// <summary>Stores the key as 32 raw bytes (one flash write), unless the file already holds it.</summary>
        public static void Write(IFileStore files, byte[] publicKey)
        {
            byte[] current = Read(files);
            if (current != null && OtaDigest.Same(current, publicKey))
            {
                return;
            }

            files.Write(FileName, publicKey, 0, publicKey.Length);
        }

        /// <summary>A short, non-secret name for a key in logs: its first 4 bytes in hex.</summary>
        public static string Fingerprint(byte[] publicKey)
        {
            return Hex.Encode(publicKey, 0, 4);
        }
    }
}
