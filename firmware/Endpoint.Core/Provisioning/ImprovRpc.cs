using System.Text;
using Endpoint.Core.Text;

namespace Endpoint.Core.Provisioning
{
    /// <summary>
    /// The RPC layer both Improv framings share (improv-wifi.com/ble "RPC Command" / "RPC Result", and
    /// /serial "Packet: RPC Command" / "Packet: RPC Result"): a command is
    /// <c>[command][data length][data…]</c>, a result is <c>[command][data length]</c> followed by strings,
    /// each <c>[length][UTF-8 bytes]</c>. Lengths are one byte, so the data of one result is at most 255
    /// bytes. The framings add their own envelope (BLE: a trailing sum checksum; serial: the IMPROV packet).
    /// </summary>
    public static class ImprovRpc
    {
        /// <summary>Largest data length a one-byte length field can describe.</summary>
        public const int MaxData = 255;

        /// <summary>SSIDs are 1–32 octets (IEEE 802.11-2020 §9.4.2.2).</summary>
        public const int MaxSsidBytes = 32;

        /// <summary>WPA2 passphrases are 8–63 characters, a raw PSK 64 hex digits (IEEE 802.11-2020 §J.4.1); open networks have none.</summary>
        public const int MaxPasswordBytes = 64;

        /// <summary>
        /// Appends a result: <paramref name="command"/>, the data length, then the first <paramref name="count"/>
        /// strings of <paramref name="values"/> while the data stays within <paramref name="maxData"/> bytes
        /// (a string that does not fit ends the list). Returns how many strings were written.
        /// </summary>
        public static int WriteResult(ByteBuffer output, byte command, string[] values, int count, int maxData)
        {
            output.Append(command);
            int lengthAt = output.Length;
            output.Append(0);
            int data = 0;
            int written = 0;
            for (int i = 0; i < count; i++)
            {
                int bytes = Utf8Length(values[i]);
                if (bytes > 255 || data + 1 + bytes > maxData)
                {
                    break;
                }

                output.Append((byte)bytes);
                output.AppendUtf8(values[i]);
                data += 1 + bytes;
                written++;
            }

            output.Data[lengthAt] = (byte)data;
            return written;
        }

        /// <summary>Bytes <paramref name="s"/> takes in UTF-8, exactly as <see cref="ByteBuffer.AppendUtf8(string)"/> writes it.</summary>
        public static int Utf8Length(string s)
        {
            int n = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c < 0x80)
                {
                    n += 1;
                }
                else if (c < 0x800)
                {
                    n += 2;
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.Length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                {
                    n += 4;
                    i++;
                }
                else
                {
                    n += 3;
                }
            }

            return n;
        }

        /// <summary>
        /// Reads the data of "send Wi-Fi settings": <c>[ssid length][ssid][password length][password]</c>, which
        /// must fill the data exactly. Returns <see cref="ImprovError.None"/> with both strings, or
        /// <see cref="ImprovError.InvalidRpc"/> for a short or long field, an empty or over-long SSID, an
        /// over-long password, or bytes that are not UTF-8 or hold a NUL (the Wi-Fi driver takes C strings).
        /// </summary>
        public static ImprovError ParseWifiSettings(byte[] data, int offset, int count, out string ssid, out string password)
        {
            ssid = null;
            password = null;
            if (count < 2)
            {
                return ImprovError.InvalidRpc;
            }

            int ssidLength = data[offset];
            if (ssidLength == 0 || ssidLength > MaxSsidBytes || 1 + ssidLength + 1 > count)
            {
                return ImprovError.InvalidRpc;
            }

            int passwordLength = data[offset + 1 + ssidLength];
            if (passwordLength > MaxPasswordBytes || 2 + ssidLength + passwordLength != count)
            {
                return ImprovError.InvalidRpc;
            }

            int passwordAt = offset + 2 + ssidLength;
            if (!Utf8.IsValid(data, offset + 1, ssidLength) || !Utf8.IsValid(data, passwordAt, passwordLength))
            {
                return ImprovError.InvalidRpc;
            }

            ssid = Encoding.UTF8.GetString(data, offset + 1, ssidLength);
            password = passwordLength == 0 ? string.Empty : Encoding.UTF8.GetString(data, passwordAt, passwordLength);
            return ImprovError.None;
        }

        /// <summary>
        /// True when <paramref name="count"/> bytes at <paramref name="offset"/> are a host name this device
        /// accepts: one RFC 1123 label (§2.1; RFC 1035 §2.3.4 limits a label to 63 octets) of ASCII letters,
        /// digits and hyphens, not starting or ending with a hyphen — improv-wifi.com "Get/Set Hostname".
        /// </summary>
        public static bool IsValidHostname(byte[] data, int offset, int count)
        {
            if (count < 1 || count > 63 || data[offset] == '-' || data[offset + count - 1] == '-')
            {
                return false;
            }

            for (int i = offset; i < offset + count; i++)
            {
                byte b = data[i];
                bool ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// True when the bytes are a usable device name: 1–64 bytes of UTF-8 without control characters
        /// (it becomes the friendly name in the hub's discovery documents).
        /// </summary>
        public static bool IsValidDeviceName(byte[] data, int offset, int count)
        {
            if (count < 1 || count > 64 || !Utf8.IsValid(data, offset, count))
            {
                return false;
            }

            for (int i = offset; i < offset + count; i++)
            {
                if (data[i] < 0x20 || data[i] == 0x7F)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The low byte of the sum of <paramref name="count"/> bytes: the checksum of both framings.</summary>
        public static byte Checksum(byte[] data, int offset, int count)
        {
            int sum = 0;
            for (int i = offset; i < offset + count; i++)
            {
                sum += data[i];
            }

            return (byte)(sum & 0xFF);
        }
    }
}
