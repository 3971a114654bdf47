namespace Endpoint.Core.Hardware
{
    /// <summary>
    /// A one-wire output for addressable LEDs (WS2812 and kin): sends a frame of raw bytes, already in
    /// the order the chips expect on the wire (e.g. G, R, B per pixel), and ends it with the latch gap.
    /// The device sends it with the ESP32 RMT peripheral; the host records frames.
    /// </summary>
    public interface IPixelOutput
    {
        /// <summary>Sends <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> as one frame.</summary>
        void Write(byte[] data, int offset, int count);
    }
}
