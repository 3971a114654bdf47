namespace Endpoint.Core.Ota
{
    /// <summary>
    /// One block of an assembly on <c>endpoint/&lt;id&gt;/ota/block</c> (Ota/README.md, "Delivery"),
    /// binary, little-endian:
    /// <code>
    /// 0   4  magic "EPB1"
    /// 4   8  bundle id: the first 8 bytes of SHA-256(manifest)
    /// 12  2  assembly index in the manifest
    /// 14  2  reserved, 0
    /// 16  4  offset of the data in the assembly
    /// 20  …  data
    /// </code>
    /// </summary>
    public static class BlockMessage
    {
        /// <summary>Size of the header before the data.</summary>
        public const int HeaderSize = 20;

        /// <summary>Size of a bundle id.</summary>
        public const int BundleIdSize = 8;

        /// <summary>The magic bytes, "EPB1".</summary>
        public static readonly byte[] Magic = new byte[] { (byte)'E', (byte)'P', (byte)'B', (byte)'1' };

        /// <summary>Writes a header at <paramref name="at"/> in <paramref name="buffer"/>.</summary>
        public static void WriteHeader(byte[] buffer, int at, byte[] bundleId, int file, int offset)
        {
            for (int i = 0; i < 4; i++)
            {
                buffer[at + i] = Magic[i];
            }

            for (int i = 0; i < BundleIdSize; i++)
            {
                buffer[at + 4 + i] = bundleId[i];
            }

            LittleEndian.WriteUInt16(buffer, at + 12, file);
            LittleEndian.WriteUInt16(buffer, at + 14, 0);
            LittleEndian.WriteUInt32(buffer, at + 16, (uint)offset);
        }

        /// <summary>
        /// True when <paramref name="payload"/> is a block of the bundle <paramref name="bundleId"/>; its
        /// assembly index and offset are returned, the data is <c>payload[HeaderSize..]</c>.
        /// </summary>
        public static bool TryParse(byte[] payload, byte[] bundleId, out int file, out int offset)
        {
            file = -1;
            offset = -1;
            if (payload == null || payload.Length < HeaderSize)
            {
                return false;
            }

            for (int i = 0; i < 4; i++)
            {
                if (payload[i] != Magic[i])
                {
                    return false;
                }
            }

            for (int i = 0; i < BundleIdSize; i++)
            {
                if (payload[4 + i] != bundleId[i])
                {
                    return false;
                }
            }

            uint at = LittleEndian.ReadUInt32(payload, 16);
            if (LittleEndian.ReadUInt16(payload, 14) != 0 || at > int.MaxValue)
            {
                return false;
            }

            file = LittleEndian.ReadUInt16(payload, 12);
            offset = (int)at;
            return true;
        }
    }
}
