using System;
using System.Text;
using Endpoint.Core.Hardware;
using Endpoint.Core.Storage;
using nanoFramework.Runtime.Native;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IReboot"/> through <c>nanoFramework.Runtime.Native.Power.RebootDevice()</c>.
    /// </summary>
    /// <remarks>
    /// nanoFramework has no API for the ESP32 reset reason, so before rebooting the reason is written to a
    /// marker file (<see cref="MarkerFile"/>) in the file store; <see cref="DeviceSystemInfo"/> reads it at the
    /// next boot and reports <c>software</c>. <c>RebootDevice()</c> raises <c>Power.OnRebootEvent</c> and then
    /// resets the chip; it does not return.
    /// </remarks>
    public sealed class DeviceReboot : IReboot
    {
        /// <summary>Name of the marker file that records a requested reboot.</summary>
        public const string MarkerFile = "reset_reason";

        private readonly IFileStore _files;

        /// <summary>Reboots without recording the reason.</summary>
        public DeviceReboot()
            : this(null)
        {
        }

        /// <summary>Reboots and records the reason in <paramref name="files"/> for <see cref="DeviceSystemInfo"/>.</summary>
        public DeviceReboot(IFileStore files)
        {
            _files = files;
        }

        /// <inheritdoc />
        public void Reboot(string reason)
        {
            if (_files != null)
            {
                try
                {
                    byte[] text = Encoding.UTF8.GetBytes(reason == null ? "software" : reason);
                    _files.Write(MarkerFile, text, 0, text.Length);
                }
                catch (Exception)
                {
                    // Rebooting matters more than remembering why.
                }
            }

            Power.RebootDevice();
        }
    }
}
