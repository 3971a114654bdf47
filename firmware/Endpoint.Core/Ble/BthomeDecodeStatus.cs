namespace Endpoint.Core.Ble
{
    /// <summary>Outcome of <see cref="BthomeDecoder.Decode"/>.</summary>
    public enum BthomeDecodeStatus
    {
        /// <summary>Decoded: every object was read.</summary>
        Ok = 0,

        /// <summary>Not a BTHome v2 payload: no device information byte, or a version other than 2.</summary>
        UnsupportedVersion = 1,

        /// <summary>The payload ends inside an object, or is shorter than encryption requires.</summary>
        Truncated = 2,

        /// <summary>An object id the specification does not define (its size is unknown, so decoding stops).</summary>
        UnknownObject = 3,

        /// <summary>Object ids are not in ascending order, which the specification requires.</summary>
        OutOfOrder = 4,

        /// <summary>Encrypted and no bind key was given: only the counter is known.</summary>
        Encrypted = 5,

        /// <summary>Encrypted and the MIC does not match: wrong bind key or tampered data.</summary>
        AuthenticationFailed = 6,

        /// <summary>More objects than the result can hold.</summary>
        TooManyObjects = 7,
    }
}
