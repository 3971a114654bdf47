using System;
using Endpoint.Core.Crypto;

namespace Endpoint.Core.Ble
{
    /// <summary>
    /// Reads BTHome v2 service data (the bytes after UUID 0xFCD2), the inverse of
    /// <see cref="BthomeEncoder"/>: device information, optional decryption with a bind key, then the
    /// objects. Strict: a payload that breaks the specification (wrong version, undefined object id,
    /// objects out of order, data cut short, bad MIC) yields a status and a one-sentence error, never an
    /// exception, whatever the bytes.
    /// </summary>
    public sealed class BthomeDecoder
    {
        private const int NonceLength = 13;
        private const int MicLength = 4;

        private readonly byte[] _nonce = new byte[NonceLength];
        private AesCcm _ccm;

        /// <summary>Sets the bind key used for encrypted payloads (16 bytes), or null for none.</summary>
        public void SetBindKey(byte[] bindKey)
        {
            _ccm = bindKey == null ? null : new AesCcm(bindKey, MicLength);
        }

        /// <summary>
        /// Decodes <paramref name="count"/> bytes of service data into <paramref name="result"/>.
        /// <paramref name="mac"/> (6 bytes, written order) is the advertiser's address, needed only to decrypt.
        /// </summary>
        public BthomeDecodeStatus Decode(byte[] data, int offset, int count, byte[] mac, BthomePacket result)
        {
            if (count < 1)
            {
                result.Reset(0);
                return result.Fail(BthomeDecodeStatus.UnsupportedVersion, "no BTHome device information byte");
            }

            byte info = data[offset];
            result.Reset(info);
            if (result.Version != 2)
            {
                return result.Fail(BthomeDecodeStatus.UnsupportedVersion, "BTHome version " + result.Version + " in the device information byte, expected 2");
            }

            int length = count - 1;
            if (length > BthomePacket.MaxPayload)
            {
                return result.Fail(BthomeDecodeStatus.TooManyObjects, "BTHome payload longer than " + BthomePacket.MaxPayload + " bytes");
            }

            byte[] payload = result.Payload;
            if (!result.IsEncrypted)
            {
                Array.Copy(data, offset + 1, payload, 0, length);
                return ReadObjects(payload, length, result);
            }

            // Encrypted: ciphertext, then counter (4, little-endian) and MIC (4).
            if (length < BthomeEncoder.EncryptionOverhead)
            {
                return result.Fail(BthomeDecodeStatus.Truncated, "encrypted BTHome payload of " + length + " bytes is shorter than its counter and MIC (8)");
            }

            int cipherLength = length - BthomeEncoder.EncryptionOverhead;
            int counterAt = offset + 1 + cipherLength;
            uint counter = (uint)(data[counterAt] | (data[counterAt + 1] << 8) | (data[counterAt + 2] << 16) | (data[counterAt + 3] << 24));
            result.SetCounter(counter);
            if (_ccm == null)
            {
                return result.Fail(BthomeDecodeStatus.Encrypted, "encrypted; no bind key given");
            }

            if (mac == null || mac.Length != 6)
            {
                return result.Fail(BthomeDecodeStatus.AuthenticationFailed, "encrypted; the advertiser's address is needed to decrypt");
            }

            Array.Copy(mac, 0, _nonce, 0, 6);
            _nonce[6] = (byte)(BthomeEncoder.ServiceUuid & 0xFF);
            _nonce[7] = (byte)(BthomeEncoder.ServiceUuid >> 8);
            _nonce[8] = info;
            Array.Copy(data, counterAt, _nonce, 9, 4);
            if (!_ccm.Decrypt(_nonce, 0, NonceLength, null, 0, 0, data, offset + 1, cipherLength, data, counterAt + 4, payload, 0))
            {
                return result.Fail(BthomeDecodeStatus.AuthenticationFailed, "MIC mismatch: wrong bind key or altered data");
            }

            return ReadObjects(payload, cipherLength, result);
        }

        private static BthomeDecodeStatus ReadObjects(byte[] payload, int length, BthomePacket result)
        {
            int p = 0;
            int previous = -1;
            while (p < length)
            {
                int at = p;
                byte id = payload[p++];
                BthomeObjectKind kind = BthomeObjects.KindOf(id);
                if (kind == BthomeObjectKind.Unknown)
                {
                    return result.Fail(BthomeDecodeStatus.UnknownObject, "undefined object id 0x" + id.ToString("X2") + " at object byte " + at);
                }

                if (id < previous)
                {
                    return result.Fail(BthomeDecodeStatus.OutOfOrder, "object 0x" + id.ToString("X2") + " at object byte " + at + " follows 0x" + previous.ToString("X2") + ": ids must ascend");
                }

                previous = id;
                int size = BthomeObjects.SizeOf(id);
                if (size == 0)
                {
                    // Text and raw: a length byte, then the data.
                    if (p >= length)
                    {
                        return result.Fail(BthomeDecodeStatus.Truncated, BthomeObjects.NameOf(id) + " object at byte " + at + " has no length byte");
                    }

                    size = payload[p++];
                    if (p + size > length)
                    {
                        return TruncatedObject(result, id, at, size, length - p);
                    }

                    if (result.Count == result.Capacity)
                    {
                        return result.Fail(BthomeDecodeStatus.TooManyObjects, "more than " + result.Capacity + " objects");
                    }

                    result.Add(id, 0, p, size);
                    p += size;
                    continue;
                }

                if (p + size > length)
                {
                    return TruncatedObject(result, id, at, size, length - p);
                }

                long raw = 0;
                for (int i = size - 1; i >= 0; i--)
                {
                    raw = (raw << 8) | payload[p + i];
                }

                if (BthomeObjects.IsSigned(id) && (payload[p + size - 1] & 0x80) != 0)
                {
                    raw -= 1L << (8 * size);
                }

                if (id == BthomeObjects.PacketId)
                {
                    result.SetPacketId((byte)raw);
                }
                else
                {
                    if (result.Count == result.Capacity)
                    {
                        return result.Fail(BthomeDecodeStatus.TooManyObjects, "more than " + result.Capacity + " objects");
                    }

                    result.Add(id, raw, p, size);
                }

                p += size;
            }

            return BthomeDecodeStatus.Ok;
        }

        private static BthomeDecodeStatus TruncatedObject(BthomePacket result, byte id, int at, int size, int left)
        {
            return result.Fail(
                BthomeDecodeStatus.Truncated,
                BthomeObjects.NameOf(id) + " object 0x" + id.ToString("X2") + " at object byte " + at + " needs " + size + " data bytes, " + (left < 0 ? 0 : left) + " left");
        }
    }
}
