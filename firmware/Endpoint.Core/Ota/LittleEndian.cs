namespace Endpoint.Core.Ota
{
    /// <summary>Little-endian integers in byte arrays, the byte order of every OTA binary format.</summary>
    public static class LittleEndian
    {
        /// <summary>Reads an unsigned 16-bit integer.</summary>
        public static int ReadUInt16(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8);
        }

        /// <summary>Reads an unsigned 32-bit integer.</summary>
        public static uint ReadUInt32(byte[] b, int at)
        {
            return (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
        }

        /// <summary>Writes an unsigned 16-bit integer.</summary>
        public static void WriteUInt16(byte[] b, int at, int v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
        }

        /// <summary>Writes an unsigned 32-bit integer.</summary>
        public static void WriteUInt32(byte[] b, int at, uint v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }
    }
}
