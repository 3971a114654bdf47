using System;

namespace Endpoint.Core.Crypto
{
    /// <summary>
    /// AES-CCM authenticated encryption (RFC 3610, NIST SP 800-38C) over <see cref="Aes128"/>:
    /// a CBC-MAC over the nonce, the associated data and the message, then counter-mode encryption
    /// of the message and the tag. BTHome v2 uses it with a 13-byte nonce and a 4-byte tag.
    /// All work buffers are allocated once, so encrypting and decrypting allocate nothing.
    /// </summary>
    /// <remarks>
    /// Supported: nonces of 7–13 bytes (length field L = 15 − nonce length, RFC 3610 §2), tags of
    /// 4, 6, …, 16 bytes, associated data shorter than 0xFF00 bytes (the two-byte length encoding of
    /// RFC 3610 §2.2). An instance is not thread-safe.
    /// </remarks>
    public sealed class AesCcm
    {
        private const int Block = Aes128.BlockSize;
        private const int MaxShortAadLength = 0xFF00;

        private readonly Aes128 _aes;
        private readonly int _tagLength;
        private readonly byte[] _mac = new byte[Block];
        private readonly byte[] _counter = new byte[Block];
        private readonly byte[] _stream = new byte[Block];
        private readonly byte[] _tag = new byte[Block];

        /// <summary>Creates a CCM instance with a 16-byte key and a tag of <paramref name="tagLength"/> bytes.</summary>
        /// <exception cref="ArgumentException">The key is not 16 bytes or the tag length is not 4, 6, …, 16.</exception>
        public AesCcm(byte[] key, int tagLength)
        {
            if (tagLength < 4 || tagLength > 16 || (tagLength & 1) != 0)
            {
                throw new ArgumentException("CCM tag length must be 4, 6, 8, 10, 12, 14 or 16 bytes");
            }

            _aes = new Aes128(key);
            _tagLength = tagLength;
        }

        /// <summary>Length of the authentication tag (M in RFC 3610).</summary>
        public int TagLength
        {
            get { return _tagLength; }
        }

        /// <summary>
        /// Encrypts <paramref name="length"/> bytes of <paramref name="plaintext"/> into
        /// <paramref name="ciphertext"/> (the same array and offset is allowed) and writes the tag.
        /// </summary>
        public void Encrypt(
            byte[] nonce, int nonceOffset, int nonceLength,
            byte[] aad, int aadOffset, int aadLength,
            byte[] plaintext, int plaintextOffset, int length,
            byte[] ciphertext, int ciphertextOffset,
            byte[] tag, int tagOffset)
        {
            CheckArguments(nonceLength, aadLength, length);
            ComputeMac(nonce, nonceOffset, nonceLength, aad, aadOffset, aadLength, plaintext, plaintextOffset, length);
            Crypt(nonce, nonceOffset, nonceLength, plaintext, plaintextOffset, length, ciphertext, ciphertextOffset);

            // U = T xor first M bytes of S_0 (RFC 3610 §2.3).
            KeyStreamBlock(nonce, nonceOffset, nonceLength, 0);
            for (int i = 0; i < _tagLength; i++)
            {
                tag[tagOffset + i] = (byte)(_mac[i] ^ _stream[i]);
            }
        }

        /// <summary>
        /// Decrypts and verifies. Returns true when the tag matches; on a mismatch the plaintext output
        /// is zeroed (no unauthenticated byte is released) and false is returned.
        /// </summary>
        public bool Decrypt(
            byte[] nonce, int nonceOffset, int nonceLength,
            byte[] aad, int aadOffset, int aadLength,
            byte[] ciphertext, int ciphertextOffset, int length,
            byte[] tag, int tagOffset,
            byte[] plaintext, int plaintextOffset)
        {
            CheckArguments(nonceLength, aadLength, length);

            // Keep the received tag: tag and plaintext buffers may be the same array.
            for (int i = 0; i < _tagLength; i++)
            {
                _tag[i] = tag[tagOffset + i];
            }

            Crypt(nonce, nonceOffset, nonceLength, ciphertext, ciphertextOffset, length, plaintext, plaintextOffset);
            ComputeMac(nonce, nonceOffset, nonceLength, aad, aadOffset, aadLength, plaintext, plaintextOffset, length);
            KeyStreamBlock(nonce, nonceOffset, nonceLength, 0);

            // Constant-time comparison of the expected and received tags.
            int diff = 0;
            for (int i = 0; i < _tagLength; i++)
            {
                diff |= (byte)(_mac[i] ^ _stream[i]) ^ _tag[i];
            }

            if (diff != 0)
            {
                for (int i = 0; i < length; i++)
                {
                    plaintext[plaintextOffset + i] = 0;
                }

                return false;
            }

            return true;
        }

        private static void CheckArguments(int nonceLength, int aadLength, int length)
        {
            if (nonceLength < 7 || nonceLength > 13)
            {
                throw new ArgumentException("CCM nonce must be 7 to 13 bytes");
            }

            if (aadLength < 0 || aadLength >= MaxShortAadLength)
            {
                throw new ArgumentException("CCM associated data must be shorter than 65280 bytes");
            }

            int l = 15 - nonceLength;
            if (length < 0 || (l < 4 && length >= (1 << (8 * l))))
            {
                throw new ArgumentException("CCM message too long for the nonce length");
            }
        }

        // CBC-MAC of B_0 | encoded AAD | message, zero padded (RFC 3610 §2.2). Result in _mac.
        private void ComputeMac(
            byte[] nonce, int nonceOffset, int nonceLength,
            byte[] aad, int aadOffset, int aadLength,
            byte[] message, int messageOffset, int length)
        {
            int l = 15 - nonceLength;
            byte[] x = _mac;

            // B_0: flags = 64·Adata + 8·M' + L', then the nonce, then l(m) big-endian in L bytes.
            x[0] = (byte)((aadLength > 0 ? 0x40 : 0) | (((_tagLength - 2) / 2) << 3) | (l - 1));
            Array.Copy(nonce, nonceOffset, x, 1, nonceLength);
            int remaining = length;
            for (int i = Block - 1; i > nonceLength; i--)
            {
                x[i] = (byte)remaining;
                remaining >>= 8;
            }

            _aes.EncryptBlock(x, 0, x, 0);

            if (aadLength > 0)
            {
                // l(a) in two bytes, then the associated data, padded to a block boundary.
                x[0] ^= (byte)(aadLength >> 8);
                x[1] ^= (byte)aadLength;
                int pos = 2;
                for (int i = 0; i < aadLength; i++)
                {
                    if (pos == Block)
                    {
                        _aes.EncryptBlock(x, 0, x, 0);
                        pos = 0;
                    }

                    x[pos++] ^= aad[aadOffset + i];
                }

                _aes.EncryptBlock(x, 0, x, 0);
            }

            for (int done = 0; done < length; done += Block)
            {
                int n = length - done < Block ? length - done : Block;
                for (int i = 0; i < n; i++)
                {
                    x[i] ^= message[messageOffset + done + i];
                }

                _aes.EncryptBlock(x, 0, x, 0);
            }
        }

        // Counter mode with A_i, i = 1, 2, … (RFC 3610 §2.3).
        private void Crypt(byte[] nonce, int nonceOffset, int nonceLength, byte[] input, int inputOffset, int length, byte[] output, int outputOffset)
        {
            int counter = 1;
            for (int done = 0; done < length; done += Block)
            {
                KeyStreamBlock(nonce, nonceOffset, nonceLength, counter++);
                int n = length - done < Block ? length - done : Block;
                for (int i = 0; i < n; i++)
                {
                    output[outputOffset + done + i] = (byte)(input[inputOffset + done + i] ^ _stream[i]);
                }
            }
        }

        // S_i = E(K, A_i) with A_i = flags (L − 1) | nonce | i in L bytes. Result in _stream.
        private void KeyStreamBlock(byte[] nonce, int nonceOffset, int nonceLength, int index)
        {
            byte[] a = _counter;
            a[0] = (byte)(15 - nonceLength - 1);
            Array.Copy(nonce, nonceOffset, a, 1, nonceLength);
            int value = index;
            for (int i = Block - 1; i > nonceLength; i--)
            {
                a[i] = (byte)value;
                value >>= 8;
            }

            _aes.EncryptBlock(a, 0, _stream, 0);
        }
    }
}
