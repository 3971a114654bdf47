using System;
using System.IO.Ports;
using Endpoint.Core.Boards;
using Endpoint.Core.Hardware;
using nanoFramework.Hardware.Esp32;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="ISerialPort"/> over System.IO.Ports on an ESP32 UART, for Improv serial.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>COM1 (UART0, the USB bridge on most boards) belongs to the nanoFramework debugger (Wire Protocol),
    /// so Improv gets COM2 (UART1) routed to the pins the board declares for the roles <c>uart_improv.tx</c> and
    /// <c>uart_improv.rx</c>: <c>Configuration.SetPinFunction(pin, DeviceFunction.COM2_TX / COM2_RX)</c>
    /// (nanoFramework.Hardware.Esp32), as the nanoFramework serial samples do. A USB-serial adapter on
    /// those pins reaches it.</item>
    /// <item>115200 baud 8N1, the rate ESP Web Tools and ESPHome use for Improv serial.</item>
    /// <item><c>DataReceived</c> runs on a native event thread; it may be queued several times for data a
    /// previous call already read, so it reads only <c>BytesToRead</c> (nanoframework/Samples
    /// SerialCommunication, Scenario4_DataReceivedEvent).</item>
    /// </list>
    /// </remarks>
    public sealed class SerialPortAdapter : ISerialPort, IDisposable
    {
        /// <summary>Board role of the pin the device transmits on.</summary>
        public const string TxRole = "uart_improv.tx";

        /// <summary>Board role of the pin the device receives on.</summary>
        public const string RxRole = "uart_improv.rx";

        private readonly SerialPort _port;
        private readonly byte[] _buffer = new byte[128];

        /// <summary>Opens COM2 on <paramref name="txPin"/>/<paramref name="rxPin"/> at <paramref name="baud"/>.</summary>
        public SerialPortAdapter(int txPin, int rxPin, int baud)
        {
            Configuration.SetPinFunction(txPin, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(rxPin, DeviceFunction.COM2_RX);
            _port = new SerialPort("COM2", baud, Parity.None, 8, StopBits.One);
            _port.DataReceived += OnDataReceived;
            _port.Open();
        }

        /// <inheritdoc />
        public event SerialDataHandler DataReceived;

        /// <summary>The Improv UART of <paramref name="board"/>, or null when the board declares none.</summary>
        public static SerialPortAdapter ForBoard(BoardInfo board)
        {
            int tx = board.Pin(TxRole);
            int rx = board.Pin(RxRole);
            if (tx < 0 || rx < 0)
            {
                return null;
            }

            return new SerialPortAdapter(tx, rx, 115200);
        }

        /// <inheritdoc />
        public void Write(byte[] data, int offset, int count)
        {
            _port.Write(data, offset, count);
        }

        /// <summary>Closes the port.</summary>
        public void Dispose()
        {
            _port.DataReceived -= OnDataReceived;
            _port.Close();
            _port.Dispose();
        }

        private void OnDataReceived(object sender, SerialDataReceivedEventArgs e)
        {
            while (_port.BytesToRead > 0)
            {
                int n = _port.Read(_buffer, 0, _port.BytesToRead < _buffer.Length ? _port.BytesToRead : _buffer.Length);
                if (n <= 0)
                {
                    return;
                }

                SerialDataHandler handler = DataReceived;
                if (handler != null)
                {
                    handler(_buffer, n);
                }
            }
        }
    }
}
