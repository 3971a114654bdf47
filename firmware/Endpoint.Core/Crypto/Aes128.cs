using System;

namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// AES-128 block encryption (FIPS-197), forward direction only: CCM (<see cref="AesCcm"/>) and
    /// CTR never need the inverse cipher. Written out in portable C# because not every nanoFramework
    /// target exposes a usable AES. Table-free except for the S-box; the round keys are expanded once
    /// in the constructor, so <see cref="EncryptBlock"/> allocates nothing.
    /// </summary>
    /// <remarks>
    /// This is a straightforward byte-oriented implementation: it is not constant-time with respect to
    /// cache timing (the S-box lookups are data dependent). That is acceptable for BTHome advertisement
    /// encryption on a microcontroller without a data cache shared with an attacker.
    /// </remarks>
    public sealed class Aes128
    {
        /// <summary>Block and key size in bytes.</summary>
        public const int BlockSize = 16;

        private const int Rounds = 10;

        // FIPS-197 §5.1.1 Figure 7.
        private static readonly byte[] SBox = new byte[]
        {
            0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
            0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
            0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
            0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
            0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
            0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
            0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
            0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
            0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
            0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
            0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
            0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
            0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
            0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
            0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
            0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
        };

        // Round constants x^(i-1) in GF(2^8), FIPS-197 §5.2.
        private static readonly byte[] Rcon = new byte[] { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36 };

        // 11 round keys of 16 bytes (FIPS-197 §5.2, Nb = 4, Nk = 4, Nr = 10).
        private readonly byte[] _roundKeys = new byte[BlockSize * (Rounds + 1)];
        private readonly byte[] _state = new byte[BlockSize];

        /// <summary>Expands a 16-byte key.</summary>
        /// <exception cref="ArgumentException">The key is not 16 bytes.</exception>
        public Aes128(byte[] key)
        {
            if (key == null || key.Length != BlockSize)
            {
                throw new ArgumentException("AES-128 needs a 16-byte key");
            }

            ExpandKey(key);
        }

        /// <summary>
        /// Encrypts the 16 bytes at <paramref name="input"/>[<paramref name="inputOffset"/>] into
        /// <paramref name="output"/>[<paramref name="outputOffset"/>]. Input and output may overlap.
        /// </summary>
        public void EncryptBlock(byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            byte[] s = _state;
            for (int i = 0; i < BlockSize; i++)
            {
                s[i] = (byte)(input[inputOffset + i] ^ _roundKeys[i]);
            }

            for (int round = 1; round < Rounds; round++)
            {
                SubBytesShiftRows(s);
                MixColumns(s);
                AddRoundKey(s, round);
            }

            SubBytesShiftRows(s);
            AddRoundKey(s, Rounds);
            Array.Copy(s, 0, output, outputOffset, BlockSize);
        }

        private void ExpandKey(byte[] key)
        {
            byte[] w = _roundKeys;
            Array.Copy(key, 0, w, 0, BlockSize);
            for (int i = 4; i < 4 * (Rounds + 1); i++)
            {
                int p = (i - 1) * 4;
                byte t0 = w[p];
                byte t1 = w[p + 1];
                byte t2 = w[p + 2];
                byte t3 = w[p + 3];
                if (i % 4 == 0)
                {
                    // RotWord, SubWord, xor Rcon.
                    byte first = t0;
                    t0 = (byte)(SBox[t1] ^ Rcon[(i / 4) - 1]);
                    t1 = SBox[t2];
                    t2 = SBox[t3];
                    t3 = SBox[first];
                }

                int q = (i - 4) * 4;
                int o = i * 4;
                w[o] = (byte)(w[q] ^ t0);
                w[o + 1] = (byte)(w[q + 1] ^ t1);
                w[o + 2] = (byte)(w[q + 2] ^ t2);
                w[o + 3] = (byte)(w[q + 3] ^ t3);
            }
        }

        // The state is column-major: byte r + 4c is row r, column c (FIPS-197 §3.4).
        private static void SubBytesShiftRows(byte[] s)
        {
            // Row 0: no shift.
            s[0] = SBox[s[0]];
            s[4] = SBox[s[4]];
            s[8] = SBox[s[8]];
            s[12] = SBox[s[12]];

            // Row 1: rotate left by 1.
            byte t = s[1];
            s[1] = SBox[s[5]];
            s[5] = SBox[s[9]];
            s[9] = SBox[s[13]];
            s[13] = SBox[t];

            // Row 2: rotate left by 2.
            t = s[2];
            s[2] = SBox[s[10]];
            s[10] = SBox[t];
            t = s[6];
            s[6] = SBox[s[14]];
            s[14] = SBox[t];

            // Row 3: rotate left by 3 (= right by 1).
            t = s[15];
            s[15] = SBox[s[11]];
            s[11] = SBox[s[7]];
            s[7] = SBox[s[3]];
            s[3] = SBox[t];
        }

        private static void MixColumns(byte[] s)
        {
            for (int c = 0; c < 16; c += 4)
            {
                byte a0 = s[c];
                byte a1 = s[c + 1];
                byte a2 = s[c + 2];
                byte a3 = s[c + 3];
                byte all = (byte)(a0 ^ a1 ^ a2 ^ a3);

                // FIPS-197 §5.1.3 in the form s'_r = a_r ^ all ^ xtime(a_r ^ a_{r+1}).
                s[c] = (byte)(a0 ^ all ^ XTime((byte)(a0 ^ a1)));
                s[c + 1] = (byte)(a1 ^ all ^ XTime((byte)(a1 ^ a2)));
                s[c + 2] = (byte)(a2 ^ all ^ XTime((byte)(a2 ^ a3)));
                s[c + 3] = (byte)(a3 ^ all ^ XTime((byte)(a3 ^ a0)));
            }
        }

        private void AddRoundKey(byte[] s, int round)
        {
            int k = round * BlockSize;
            for (int i = 0; i < BlockSize; i++)
            {
                s[i] ^= _roundKeys[k + i];
            }
        }

        // Multiplication by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS-197 §4.2.1).
        private static byte XTime(byte b)
        {
            return (byte)((b << 1) ^ (((b >> 7) & 1) * 0x1b));
        }
    }
}
