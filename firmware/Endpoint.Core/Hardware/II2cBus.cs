namespace Endpoint.Core.Hardware
{
    /// <summary>
    /// One I2C bus. Buffers are plain arrays with offset and count (not SpanByte) so portable
    /// drivers compile for both targets; the device adapter wraps them for nanoFramework.
    /// </summary>
    public interface II2cBus
    {
        /// <summary>Writes <paramref name="count"/> bytes to the device at 7-bit <paramref name="address"/>. False on NACK or bus error.</summary>
        bool Write(int address, byte[] buffer, int offset, int count);

        /// <summary>Reads <paramref name="count"/> bytes from the device. False on NACK or bus error.</summary>
        bool Read(int address, byte[] buffer, int offset, int count);

        /// <summary>Write then read with a repeated start (register reads). False on NACK or bus error.</summary>
        bool WriteRead(int address, byte[] write, int writeOffset, int writeCount, byte[] read, int readOffset, int readCount);
    }
}
