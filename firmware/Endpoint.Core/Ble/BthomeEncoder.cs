using System;
using Endpoint.Core.Crypto;

namespace Endpoint.Core.Ble
{
    /// <summary>
    /// Writes BTHome v2 service data (bthome.io/format): the device information byte, then the
    /// objects in ascending object-id order, optionally encrypted (bthome.io/encryption: AES-CCM with
    /// the 16-byte bind key, nonce = MAC + UUID + device information + counter, 4-byte MIC).
    /// The output is what follows the 16-bit UUID 0xFCD2 in a Service Data AD structure.
    /// Every buffer is allocated up front: encoding allocates nothing.
    /// </summary>
    public sealed class BthomeEncoder
    {
        /// <summary>The BTHome 16-bit service UUID.</summary>
        public const int ServiceUuid = 0xFCD2;

        /// <summary>Bytes encryption adds after the ciphertext: counter (4) and MIC (4).</summary>
        public const int EncryptionOverhead = 8;

        /// <summary>Device information: bit 0 encryption flag.</summary>
        public const byte EncryptedFlag = 0x01;

        /// <summary>Device information: bit 2 trigger-based device (sends only when something happens).</summary>
        public const byte TriggerBasedFlag = 0x04;

        /// <summary>Device information: BTHome version 2 in bits 5–7.</summary>
        public const byte Version2 = 0x40;

        private const int MicLength = 4;
        private const int NonceLength = 13;

        private readonly byte[] _plain = new byte[32];
        private readonly byte[] _nonce = new byte[NonceLength];
        private AesCcm _ccm;

        /// <summary>True for a device that advertises only when triggered (a sleepy button or door sensor).</summary>
        public bool TriggerBased { get; set; }

        /// <summary>True once <see cref="EnableEncryption"/> has been called.</summary>
        public bool Encrypted
        {
            get { return _ccm != null; }
        }

        /// <summary>The device information byte for the current settings.</summary>
        public byte DeviceInfo
        {
            get { return (byte)(Version2 | (TriggerBased ? TriggerBasedFlag : 0) | (Encrypted ? EncryptedFlag : 0)); }
        }

        /// <summary>Bytes the service data takes besides the objects: device information (+ counter and MIC).</summary>
        public int Overhead
        {
            get { return 1 + (Encrypted ? EncryptionOverhead : 0); }
        }

        /// <summary>
        /// Encrypts from now on with <paramref name="bindKey"/> (16 bytes). <paramref name="mac"/> is the
        /// advertiser's address, 6 bytes in the order it is written (AA:BB:… → AA first), which the
        /// receiver puts in the nonce as well. The key is copied into the cipher; the caller may clear its array.
        /// </summary>
        public void EnableEncryption(byte[] bindKey, byte[] mac)
        {
            if (mac == null || mac.Length != 6)
            {
                throw new ArgumentException("BTHome encryption needs the 6-byte device address");
            }

            _ccm = new AesCcm(bindKey, MicLength);
            Array.Copy(mac, 0, _nonce, 0, 6);
            _nonce[6] = (byte)(ServiceUuid & 0xFF);
            _nonce[7] = (byte)(ServiceUuid >> 8);
        }

        /// <summary>Length <see cref="Encode"/> would write.</summary>
        public int EncodedLength(bool withPacketId, BthomeReadings objects)
        {
            return Overhead + (withPacketId ? 2 : 0) + objects.EncodedLength;
        }

        /// <summary>
        /// Writes the plain objects: the packet id first when <paramref name="withPacketId"/> (id 0x00
        /// is the lowest, so order holds), then <paramref name="objects"/>. Returns the bytes written.
        /// </summary>
        public static int WriteObjects(bool withPacketId, byte packetId, BthomeReadings objects, byte[] output, int offset)
        {
            int p = offset;
            if (withPacketId)
            {
                output[p++] = BthomeObjects.PacketId;
                output[p++] = packetId;
            }

            for (int i = 0; i < objects.Count; i++)
            {
                p = WriteObject(objects.IdAt(i), objects.RawAt(i), output, p);
            }

            return p - offset;
        }

        /// <summary>Writes one fixed-size object (id, then the value little-endian) and returns the offset after it.</summary>
        public static int WriteObject(byte objectId, long raw, byte[] output, int offset)
        {
            int size = BthomeObjects.SizeOf(objectId);
            output[offset++] = objectId;
            for (int i = 0; i < size; i++)
            {
                output[offset++] = (byte)(raw >> (8 * i));
            }

            return offset;
        }

        /// <summary>
        /// Writes the service data after the UUID: device information, then the objects — in clear, or
        /// encrypted followed by <paramref name="counter"/> (little-endian) and the MIC. The counter must
        /// never repeat under one key. Returns the bytes written.
        /// </summary>
        public int Encode(bool withPacketId, byte packetId, BthomeReadings objects, uint counter, byte[] output, int offset)
        {
            byte info = DeviceInfo;
            output[offset] = info;
            if (_ccm == null)
            {
                return 1 + WriteObjects(withPacketId, packetId, objects, output, offset + 1);
            }

            int n = WriteObjects(withPacketId, packetId, objects, _plain, 0);
            _nonce[8] = info;
            _nonce[9] = (byte)counter;
            _nonce[10] = (byte)(counter >> 8);
            _nonce[11] = (byte)(counter >> 16);
            _nonce[12] = (byte)(counter >> 24);

            int cipherAt = offset + 1;
            int counterAt = cipherAt + n;
            int micAt = counterAt + 4;
            _ccm.Encrypt(_nonce, 0, NonceLength, null, 0, 0, _plain, 0, n, output, cipherAt, output, micAt);
            Array.Copy(_nonce, 9, output, counterAt, 4);
            return 1 + n + EncryptionOverhead;
        }
    }
}
