namespace Endpoint.Core.Hardware
{
    /// <summary>Bytes arrived on a serial port. May be raised on any thread: post into the loop.</summary>
    public delegate void SerialDataHandler(byte[] data, int count);

    /// <summary>A UART (System.IO.Ports on the device; a tty on the host).</summary>
    public interface ISerialPort
    {
        /// <summary>Writes bytes.</summary>
        void Write(byte[] data, int offset, int count);

        /// <summary>Incoming bytes, in arrival order.</summary>
        event SerialDataHandler DataReceived;
    }
}
