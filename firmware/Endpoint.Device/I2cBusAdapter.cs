using System;
using System.Collections;
using System.Device.I2c;
using Endpoint.Core.Hardware;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="II2cBus"/> over System.Device.I2c.
    /// </summary>
    /// <remarks>
    /// nanoFramework opens an <see cref="I2cDevice"/> per (bus, address) (<c>I2cConnectionSettings(busId,
    /// deviceAddress, busSpeed)</c>), so the adapter keeps one device per address. The seam's
    /// <c>byte[]</c> + offset + count becomes <c>new SpanByte(array, start, length)</c> (no copy), and the
    /// <c>I2cTransferResult</c> returned by <c>Write/Read/WriteRead(SpanByte…)</c> is success only when its
    /// <c>Status</c> is <see cref="I2cTransferStatus.FullTransfer"/>; NACK (SlaveAddressNotAcknowledged,
    /// PartialTransfer), clock-stretch timeouts and native exceptions all read as <c>false</c>.
    /// </remarks>
    public sealed class I2cBusAdapter : II2cBus
    {
        private readonly int _busId;
        private readonly I2cBusSpeed _speed;
        private readonly Hashtable _devices = new Hashtable();
        private readonly object _sync = new object();

        /// <summary>Creates the adapter for nanoFramework bus <paramref name="busId"/> (1 = I2C1, 2 = I2C2 on ESP32).</summary>
        public I2cBusAdapter(int busId, I2cBusSpeed speed)
        {
            _busId = busId;
            _speed = speed;
        }

        /// <inheritdoc />
        public bool Write(int address, byte[] buffer, int offset, int count)
        {
            SpanByte data = new SpanByte(buffer, offset, count);
            try
            {
                return Succeeded(DeviceFor(address).Write(data));
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public bool Read(int address, byte[] buffer, int offset, int count)
        {
            SpanByte data = new SpanByte(buffer, offset, count);
            try
            {
                return Succeeded(DeviceFor(address).Read(data));
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public bool WriteRead(int address, byte[] write, int writeOffset, int writeCount, byte[] read, int readOffset, int readCount)
        {
            SpanByte writeSpan = new SpanByte(write, writeOffset, writeCount);
            SpanByte readSpan = new SpanByte(read, readOffset, readCount);
            try
            {
                return Succeeded(DeviceFor(address).WriteRead(writeSpan, readSpan));
            }
            catch (Exception)
            {
                return false;
            }
        }

        private static bool Succeeded(I2cTransferResult result)
        {
            return result.Status == I2cTransferStatus.FullTransfer;
        }

        private I2cDevice DeviceFor(int address)
        {
            lock (_sync)
            {
                I2cDevice device = (I2cDevice)_devices[address];
                if (device == null)
                {
                    device = new I2cDevice(new I2cConnectionSettings(_busId, address, _speed));
                    _devices[address] = device;
                }

                return device;
            }
        }
    }
}
