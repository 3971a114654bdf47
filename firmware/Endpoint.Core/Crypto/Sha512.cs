using System;

namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// SHA-512 (FIPS 180-4 §6.4), incremental: <see cref="Update"/> any number of times, then
    /// <see cref="Final(byte[], int)"/>. nanoFramework has no SHA-512 (nor SHA-256) in managed code,
    /// and Ed25519 (RFC 8032 §5.1) is defined over SHA-512, so the core brings its own.
    /// </summary>
    /// <remarks>
    /// An instance is not thread-safe; <see cref="Final(byte[], int)"/> resets it for the next message.
    /// Messages up to 2^64 - 1 bytes (the 128-bit length field of §5.1.2 is written in full).
    /// </remarks>
    public sealed class Sha512
    {
        /// <summary>Digest length in bytes.</summary>
        public const int HashSize = 64;

        /// <summary>Block length in bytes (FIPS 180-4 §1, Figure 1).</summary>
        public const int BlockSize = 128;

        // FIPS 180-4 §4.2.3: the first 64 bits of the fractional parts of the cube roots of the first 80 primes.
        private static readonly ulong[] K =
        {
            0x428A2F98D728AE22UL, 0x7137449123EF65CDUL, 0xB5C0FBCFEC4D3B2FUL, 0xE9B5DBA58189DBBCUL,
            0x3956C25BF348B538UL, 0x59F111F1B605D019UL, 0x923F82A4AF194F9BUL, 0xAB1C5ED5DA6D8118UL,
            0xD807AA98A3030242UL, 0x12835B0145706FBEUL, 0x243185BE4EE4B28CUL, 0x550C7DC3D5FFB4E2UL,
            0x72BE5D74F27B896FUL, 0x80DEB1FE3B1696B1UL, 0x9BDC06A725C71235UL, 0xC19BF174CF692694UL,
            0xE49B69C19EF14AD2UL, 0xEFBE4786384F25E3UL, 0x0FC19DC68B8CD5B5UL, 0x240CA1CC77AC9C65UL,
            0x2DE92C6F592B0275UL, 0x4A7484AA6EA6E483UL, 0x5CB0A9DCBD41FBD4UL, 0x76F988DA831153B5UL,
            0x983E5152EE66DFABUL, 0xA831C66D2DB43210UL, 0xB00327C898FB213FUL, 0xBF597FC7BEEF0EE4UL,
            0xC6E00BF33DA88FC2UL, 0xD5A79147930AA725UL, 0x06CA6351E003826FUL, 0x142929670A0E6E70UL,
            0x27B70A8546D22FFCUL, 0x2E1B21385C26C926UL, 0x4D2C6DFC5AC42AEDUL, 0x53380D139D95B3DFUL,
            0x650A73548BAF63DEUL, 0x766A0ABB3C77B2A8UL, 0x81C2C92E47EDAEE6UL, 0x92722C851482353BUL,
            0xA2BFE8A14CF10364UL, 0xA81A664BBC423001UL, 0xC24B8B70D0F89791UL, 0xC76C51A30654BE30UL,
            0xD192E819D6EF5218UL, 0xD69906245565A910UL, 0xF40E35855771202AUL, 0x106AA07032BBD1B8UL,
            0x19A4C116B8D2D0C8UL, 0x1E376C085141AB53UL, 0x2748774CDF8EEB99UL, 0x34B0BCB5E19B48A8UL,
            0x391C0CB3C5C95A63UL, 0x4ED8AA4AE3418ACBUL, 0x5B9CCA4F7763E373UL, 0x682E6FF3D6B2B8A3UL,
            0x748F82EE5DEFB2FCUL, 0x78A5636F43172F60UL, 0x84C87814A1F0AB72UL, 0x8CC702081A6439ECUL,
            0x90BEFFFA23631E28UL, 0xA4506CEBDE82BDE9UL, 0xBEF9A3F7B2C67915UL, 0xC67178F2E372532BUL,
            0xCA273ECEEA26619CUL, 0xD186B8C721C0C207UL, 0xEADA7DD6CDE0EB1EUL, 0xF57D4F7FEE6ED178UL,
            0x06F067AA72176FBAUL, 0x0A637DC5A2C898A6UL, 0x113F9804BEF90DAEUL, 0x1B710B35131C471BUL,
            0x28DB77F523047D84UL, 0x32CAAB7B40C72493UL, 0x3C9EBE0A15C9BEBCUL, 0x431D67C49C100D4CUL,
            0x4CC5D4BECB3E42B6UL, 0x597F299CFC657E2AUL, 0x5FCB6FAB3AD6FAECUL, 0x6C44198C4A475817UL
        };

        private readonly ulong[] _state = new ulong[8];
        private readonly ulong[] _w = new ulong[80];
        private readonly byte[] _block = new byte[BlockSize];
        private int _blockLength;
        private ulong _byteCount;

        /// <summary>A hash of the empty message, ready for <see cref="Update"/>.</summary>
        public Sha512()
        {
            Reset();
        }

        /// <summary>Forgets any data and starts a new message.</summary>
        public void Reset()
        {
            // FIPS 180-4 §5.3.5: the first 64 bits of the fractional parts of the square roots of the first 8 primes.
            _state[0] = 0x6A09E667F3BCC908UL;
            _state[1] = 0xBB67AE8584CAA73BUL;
            _state[2] = 0x3C6EF372FE94F82BUL;
            _state[3] = 0xA54FF53A5F1D36F1UL;
            _state[4] = 0x510E527FADE682D1UL;
            _state[5] = 0x9B05688C2B3E6C1FUL;
            _state[6] = 0x1F83D9ABFB41BD6BUL;
            _state[7] = 0x5BE0CD19137E2179UL;
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
        /// Pads the message (FIPS 180-4 §5.1.2), writes the 64-byte digest into <paramref name="output"/>
        /// at <paramref name="offset"/>, and resets this instance for a new message.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than 64 bytes from <paramref name="offset"/>.</exception>
        public void Final(byte[] output, int offset)
        {
            Arguments.CheckRange(output, offset, HashSize, "output");

            ulong bitCountHigh = _byteCount >> 61;
            ulong bitCountLow = _byteCount << 3;

            _block[_blockLength++] = 0x80;
            if (_blockLength > BlockSize - 16)
            {
                Array.Clear(_block, _blockLength, BlockSize - _blockLength);
                Compress(_block, 0);
                _blockLength = 0;
            }

            Array.Clear(_block, _blockLength, BlockSize - 16 - _blockLength);
            WriteBigEndian(bitCountHigh, _block, BlockSize - 16);
            WriteBigEndian(bitCountLow, _block, BlockSize - 8);
            Compress(_block, 0);

            for (int i = 0; i < 8; i++)
            {
                WriteBigEndian(_state[i], output, offset + 8 * i);
            }

            // Nothing of the message stays behind (Ed25519 hashes secret key material through here).
            Array.Clear(_block, 0, BlockSize);
            Array.Clear(_w, 0, _w.Length);
            Reset();
        }

        /// <summary>Pads the message and returns its 64-byte digest; resets this instance.</summary>
        public byte[] Final()
        {
            byte[] digest = new byte[HashSize];
            Final(digest, 0);
            return digest;
        }

        /// <summary>The SHA-512 digest of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static byte[] Hash(byte[] data, int offset, int count)
        {
            Sha512 sha = new Sha512();
            sha.Update(data, offset, count);
            return sha.Final();
        }

        /// <summary>The compression function of FIPS 180-4 §6.4.2 on the block at <paramref name="offset"/>.</summary>
        private void Compress(byte[] block, int offset)
        {
            ulong[] w = _w;
            for (int t = 0; t < 16; t++)
            {
                int o = offset + 8 * t;
                w[t] = ((ulong)block[o] << 56) | ((ulong)block[o + 1] << 48) | ((ulong)block[o + 2] << 40) | ((ulong)block[o + 3] << 32)
                     | ((ulong)block[o + 4] << 24) | ((ulong)block[o + 5] << 16) | ((ulong)block[o + 6] << 8) | block[o + 7];
            }

            for (int t = 16; t < 80; t++)
            {
                ulong x = w[t - 2];
                ulong y = w[t - 15];
                // σ1(x) = ROTR^19(x) ⊕ ROTR^61(x) ⊕ SHR^6(x); σ0(y) = ROTR^1(y) ⊕ ROTR^8(y) ⊕ SHR^7(y) (§4.1.3)
                ulong s1 = ((x >> 19) | (x << 45)) ^ ((x >> 61) | (x << 3)) ^ (x >> 6);
                ulong s0 = ((y >> 1) | (y << 63)) ^ ((y >> 8) | (y << 56)) ^ (y >> 7);
                w[t] = s1 + w[t - 7] + s0 + w[t - 16];
            }

            ulong a = _state[0], b = _state[1], c = _state[2], d = _state[3];
            ulong e = _state[4], f = _state[5], g = _state[6], h = _state[7];
            for (int t = 0; t < 80; t++)
            {
                // Σ1(e) = ROTR^14 ⊕ ROTR^18 ⊕ ROTR^41; Ch(e,f,g) = (e ∧ f) ⊕ (¬e ∧ g)
                ulong t1 = h + (((e >> 14) | (e << 50)) ^ ((e >> 18) | (e << 46)) ^ ((e >> 41) | (e << 23)))
                         + ((e & f) ^ (~e & g)) + K[t] + w[t];
                // Σ0(a) = ROTR^28 ⊕ ROTR^34 ⊕ ROTR^39; Maj(a,b,c) = (a ∧ b) ⊕ (a ∧ c) ⊕ (b ∧ c)
                ulong t2 = (((a >> 28) | (a << 36)) ^ ((a >> 34) | (a << 30)) ^ ((a >> 39) | (a << 25)))
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

        private static void WriteBigEndian(ulong value, byte[] output, int offset)
        {
            for (int i = 7; i >= 0; i--)
            {
                output[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}
