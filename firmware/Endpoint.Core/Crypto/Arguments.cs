using System;

namespace Endpoint.Core.Crypto
{
    /// <summary>Argument checks shared by the crypto API: caller bugs throw, bad data never does.</summary>
    internal static class Arguments
    {
        /// <summary>Throws unless <paramref name="array"/> is not null and [offset, offset+count) lies inside it.</summary>
        internal static void CheckRange(byte[] array, int offset, int count, string name)
        {
            if (array == null)
            {
                throw new ArgumentNullException(name);
            }

            if (offset < 0 || count < 0 || offset > array.Length - count)
            {
                throw new ArgumentOutOfRangeException(name, "offset " + offset + " and count " + count + " do not fit in " + array.Length + " bytes");
            }
        }

        /// <summary>Throws unless <paramref name="array"/> is not null and exactly <paramref name="length"/> bytes long.</summary>
        internal static void CheckLength(byte[] array, int length, string name)
        {
            if (array == null)
            {
                throw new ArgumentNullException(name);
            }

            if (array.Length != length)
            {
                throw new ArgumentException(name + " must be " + length + " bytes, not " + array.Length, name);
            }
        }
    }
}
