namespace Endpoint.Core.Provisioning
{
    /// <summary>Why a frame of an Improv framing was dropped.</summary>
    public enum ImprovFrameError
    {
        /// <summary>The checksum did not match the bytes.</summary>
        BadChecksum,
        /// <summary>The frame stopped arriving before it was complete.</summary>
        Truncated,
        /// <summary>More bytes arrived than the frame's length field announced.</summary>
        TooLong,
        /// <summary>A well-formed packet of a type the protocol does not define.</summary>
        UnknownType,
    }
}
