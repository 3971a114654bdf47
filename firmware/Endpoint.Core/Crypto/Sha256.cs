using System;

namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// SHA-256 (FIPS 180-4 §6.2), incremental: <see cref="Update"/> any number of times, then
    /// <see cref="Final(byte[], int)"/>. The same shape as <see cref="Sha512"/>; on the 32-bit
    /// device SHA-256 is the cheaper of the two (32-bit words, 64 rounds), so content hashes use it.
    /// </summary>
    /// <remarks>
    /// An instance is not thread-safe; <see cref="Final(byte[], int)"/> resets it for the next message.
    /// Messages up to 2^61 - 1 bytes (the 64-bit bit length of §5.1.1).
    /// </remarks>
    public sealed class Sha256
    {
        /// <summary>Digest length in bytes.</summary>
        public const int HashSize = 32;

        /// <summary>Block length in bytes (FIPS 180-4 §1, Figure 1).</summary>
        public const int BlockSize = 64;

        // FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
        private static readonly uint[] K =
        {
            0x428A2F98U, 0x71374491U, 0xB5C0FBCFU, 0xE9B5DBA5U, 0x3956C25BU, 0x59F111F1U, 0x923F82A4U, 0xAB1C5ED5U,
            0xD807AA98U, 0x12835B01U, 0x243185BEU, 0x550C7DC3U, 0x72BE5D74U, 0x80DEB1FEU, 0x9BDC06A7U, 0xC19BF174U,
            0xE49B69C1U, 0xEFBE4786U, 0x0FC19DC6U, 0x240CA1CCU, 0x2DE92C6FU, 0x4A7484AAU, 0x5CB0A9DCU, 0x76F988DAU,
            0x983E5152U, 0xA831C66DU, 0xB00327C8U, 0xBF597FC7U, 0xC6E00BF3U, 0xD5A79147U, 0x06CA6351U, 0x14292967U,
            0x27B70A85U, 0x2E1B2138U, 0x4D2C6DFCU, 0x53380D13U, 0x650A7354U, 0x766A0ABBU, 0x81C2C92EU, 0x92722C85U,
            0xA2BFE8A1U, 0xA81A664BU, 0xC24B8B70U, 0xC76C51A3U, 0xD192E819U, 0xD6990624U, 0xF40E3585U, 0x106AA070U,
            0x19A4C116U, 0x1E376C08U, 0x2748774CU, 0x34B0BCB5U, 0x391C0CB3U, 0x4ED8AA4AU, 0x5B9CCA4FU, 0x682E6FF3U,
            0x748F82EEU, 0x78A5636FU, 0x84C87814U, 0x8CC70208U, 0x90BEFFFAU, 0xA4506CEBU, 0xBEF9A3F7U, 0xC67178F2U
        };

        private readonly uint[] _state = new uint[8];
        private readonly uint[] _w = new uint[64];
        private readonly byte[] _block = new byte[BlockSize];
        private int _blockLength;
        private ulong _byteCount;

        /// <summary>A hash of the empty message, ready for <see cref="Update"/>.</summary>
        public Sha256()
        {
            Reset();
        }

        /// <summary>Forgets any data and starts a new message.</summary>
        public void Reset()
        {
            // FIPS 180-4 §5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
            _state[0] = 0x6A09E667U;
            _state[1] = 0xBB67AE85U;
            _state[2] = 0x3C6EF372U;
            _state[3] = 0xA54FF53AU;
            _state[4] = 0x510E527FU;
            _state[5] = 0x9B05688CU;
            _state[6] = 0x1F83D9ABU;
            _state[7] = 0x5BE0CD19U;
            _blockLength = 0;
            _byteCount = 0;
        }

        /// <summary>Adds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> to the message.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range is not inside <paramref name="data"/>.</exception>
        public void Update(byte[] data, int offset, int count)
        {
            Arguments.CheckRange(data, offset, count, "data");
            _byteCount += (ulong)count;

            if (_blockLength > 0)
            {
                int take = BlockSize - _blockLength;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(data, offset, _block, _blockLength, take);
                _blockLength += take;
                offset += take;
                count -= take;
                if (_blockLength < BlockSize)
                {
                    return;
                }

                Compress(_block, 0);
                _blockLength = 0;
            }

            // Whole blocks straight from the caller's array, no copy.
            while (count >= BlockSize)
            {
                Compress(data, offset);
                offset += BlockSize;
                count -= BlockSize;
            }

            if (count > 0)
            {
                Array.Copy(data, offset, _block, 0, count);
                _blockLength = count;
            }
        }

        /// <summary>
        /// Pads the message (FIPS 180-4 §5.1.1), writes the 32-byte digest into <paramref name="output"/>
        /// at <paramref name="offset"/>, and resets this instance for a new message.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than 32 bytes from <paramref name="offset"/>.</exception>
        public void Final(byte[] output, int offset)
        {
            Arguments.CheckRange(output, offset, HashSize, "output");

            ulong bitCount = _byteCount << 3;

            _block[_blockLength++] = 0x80;
            if (_blockLength > BlockSize - 8)
            {
                Array.Clear(_block, _blockLength, BlockSize - _blockLength);
                Compress(_block, 0);
                _blockLength = 0;
            }

            Array.Clear(_block, _blockLength, BlockSize - 8 - _blockLength);
            WriteBigEndian((uint)(bitCount >> 32), _block, BlockSize - 8);
            WriteBigEndian((uint)bitCount, _block, BlockSize - 4);
            Compress(_block, 0);

            for (int i = 0; i < 8; i++)
            {
                WriteBigEndian(_state[i], output, offset + 4 * i);
            }

            // Nothing of the message stays behind (Ed25519 hashes secret key material through here).
            Array.Clear(_block, 0, BlockSize);
            Array.Clear(_w, 0, _w.Length);
            Reset();
        }

        /// <summary>Pads the message and returns its 32-byte digest; resets this instance.</summary>
        public byte[] Final()
        {
            byte[] digest = new byte[HashSize];
            Final(digest, 0);
            return digest;
        }

        /// <summary>The SHA-256 digest of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static byte[] Hash(byte[] data, int offset, int count)
        {
            Sha256 sha = new Sha256();
            sha.Update(data, offset, count);
            return sha.Final();
        }

        /// <summary>The compression function of FIPS 180-4 §6.2.2 on the block at <paramref name="offset"/>.</summary>
        private void Compress(byte[] block, int offset)
        {
            uint[] w = _w;
            for (int t = 0; t < 16; t++)
            {
                int o = offset + 4 * t;
                w[t] = ((uint)block[o] << 24) | ((uint)block[o + 1] << 16) | ((uint)block[o + 2] << 8) | block[o + 3];
            }

            for (int t = 16; t < 64; t++)
            {
                uint x = w[t - 2];
                uint y = w[t - 15];
                // σ1(x) = ROTR^17(x) ⊕ ROTR^19(x) ⊕ SHR^10(x); σ0(y) = ROTR^7(y) ⊕ ROTR^18(y) ⊕ SHR^3(y) (§4.1.2)
                uint s1 = ((x >> 17) | (x << 15)) ^ ((x >> 19) | (x << 13)) ^ (x >> 10);
                uint s0 = ((y >> 7) | (y << 25)) ^ ((y >> 18) | (y << 14)) ^ (y >> 3);
                w[t] = s1 + w[t - 7] + s0 + w[t - 16];
            }

            uint a = _state[0], b = _state[1], c = _state[2], d = _state[3];
            uint e = _state[4], f = _state[5], g = _state[6], h = _state[7];
            for (int t = 0; t < 64; t++)
            {
                // Σ1(e) = ROTR^6 ⊕ ROTR^11 ⊕ ROTR^25; Ch(e,f,g) = (e ∧ f) ⊕ (¬e ∧ g)
                uint t1 = h + (((e >> 6) | (e << 26)) ^ ((e >> 11) | (e << 21)) ^ ((e >> 25) | (e << 7)))
                        + ((e & f) ^ (~e & g)) + K[t] + w[t];
                // Σ0(a) = ROTR^2 ⊕ ROTR^13 ⊕ ROTR^22; Maj(a,b,c) = (a ∧ b) ⊕ (a ∧ c) ⊕ (b ∧ c)
                uint t2 = (((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^ ((a >> 22) | (a << 10)))
                        + ((a & b) ^ (a & c) ^ (b & c));
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            _state[0] += a;
            _state[1] += b;
            _state[2] += c;
            _state[3] += d;
            _state[4] += e;
            _state[5] += f;
            _state[6] += g;
            _state[7] += h;
        }

        private static void WriteBigEndian(uint value, byte[] output, int offset)
        {
            output[offset] = (byte)(value >> 24);
            output[offset + 1] = (byte)(value >> 16);
            output[offset + 2] = (byte)(value >> 8);
            output[offset + 3] = (byte)value;
        }
    }
}
