using System.Text;
using Endpoint.Core.Text;

namespace Endpoint.Core.Ble
{
    /// <summary>
    /// Walks legacy advertising data: a sequence of AD structures (length, type, data; Core
    /// Specification Vol 3 Part C §11), at most 31 bytes. Keeps what a scanner shows — flags, local
    /// name, 16-bit service data, 128-bit service UUIDs — and rejects malformed data with one sentence
    /// instead of throwing.
    /// </summary>
    public static class AdvertisementDecoder
    {
        /// <summary>
        /// Decodes <paramref name="count"/> bytes at <paramref name="offset"/> into <paramref name="result"/>.
        /// Returns false (see <see cref="AdvertisementInfo.Error"/>) for malformed data; what was read before
        /// the fault stays in the result.
        /// </summary>
        public static bool Decode(byte[] data, int offset, int count, AdvertisementInfo result)
        {
            result.Reset(data);
            if (count > AdType.LegacyLimit)
            {
                return result.Fail("advertising data of " + count + " bytes exceeds the 31-byte legacy limit");
            }

            int p = offset;
            int end = offset + count;
            while (p < end)
            {
                int at = p - offset;
                int length = data[p];
                if (length == 0)
                {
                    // A zero length ends the significant part early (Vol 3 Part C §11); the rest is padding.
                    return true;
                }

                if (p + 1 + length > end)
                {
                    return result.Fail("AD structure at byte " + at + " claims " + length + " bytes, only " + (end - p - 1) + " follow");
                }

                byte type = data[p + 1];
                int valueAt = p + 2;
                int valueLength = length - 1;
                switch (type)
                {
                    case AdType.Flags:
                        if (valueLength < 1)
                        {
                            return result.Fail("flags structure at byte " + at + " is empty");
                        }

                        result.SetFlags(data[valueAt]);
                        break;

                    case AdType.ShortenedName:
                    case AdType.CompleteName:
                        if (!Utf8.IsValid(data, valueAt, valueLength))
                        {
                            return result.Fail("local name at byte " + at + " is not valid UTF-8");
                        }

                        result.SetName(Encoding.UTF8.GetString(data, valueAt, valueLength), type == AdType.CompleteName);
                        break;

                    case AdType.ServiceData16:
                        if (valueLength < 2)
                        {
                            return result.Fail("service data structure at byte " + at + " is shorter than its 16-bit UUID");
                        }

                        int uuid = data[valueAt] | (data[valueAt + 1] << 8);
                        if (!result.AddServiceData(uuid, valueAt + 2, valueLength - 2))
                        {
                            return result.Fail("too many service data structures");
                        }

                        break;

                    case AdType.IncompleteUuid128:
                    case AdType.CompleteUuid128:
                        if (valueLength % 16 != 0)
                        {
                            return result.Fail("128-bit UUID list at byte " + at + " is " + valueLength + " bytes, not a multiple of 16");
                        }

                        for (int u = 0; u < valueLength; u += 16)
                        {
                            if (!result.AddUuid128(valueAt + u))
                            {
                                return result.Fail("too many 128-bit UUIDs");
                            }
                        }

                        break;
                }

                p += 1 + length;
            }

            return true;
        }
    }
}
