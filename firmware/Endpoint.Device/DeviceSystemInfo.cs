using System;
using Endpoint.Core.Hardware;
using Endpoint.Core.Storage;
using nanoFramework.Hardware.Esp32;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="ISystemInfo"/> for ESP32 on nanoFramework.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Free memory: <c>nanoFramework.Runtime.Native.GC.Run(false)</c> runs a collection (without compaction)
    /// and returns the free managed heap in bytes, so read it at telemetry pace, not in a tight loop.</item>
    /// <item>Reset reason, decided once at start-up: <c>Sleep.GetWakeupCause()</c> (nanoFramework.Hardware.Esp32)
    /// other than <c>Undefined</c> means the chip woke from deep sleep (<c>deep_sleep</c>); otherwise a marker left
    /// by <see cref="DeviceReboot"/> means <c>software</c>; otherwise <c>unknown</c>. nanoFramework exposes no
    /// ESP32 reset cause (esp_reset_reason), so power-on, watchdog, brownout and panic cannot be told apart.</item>
    /// </list>
    /// </remarks>
    public sealed class DeviceSystemInfo : ISystemInfo
    {
        private readonly string _resetReason;

        /// <summary>Creates the info without a reboot marker (reasons: deep_sleep or unknown).</summary>
        public DeviceSystemInfo()
            : this(null)
        {
        }

        /// <summary>Creates the info and consumes the reboot marker in <paramref name="files"/>.</summary>
        public DeviceSystemInfo(IFileStore files)
        {
            _resetReason = DetectResetReason(files);
        }

        /// <inheritdoc />
        public long FreeMemory
        {
            get { return nanoFramework.Runtime.Native.GC.Run(false); }
        }

        /// <inheritdoc />
        public string ResetReason
        {
            get { return _resetReason; }
        }

        private static string DetectResetReason(IFileStore files)
        {
            bool requested = false;
            if (files != null)
            {
                try
                {
                    requested = files.Exists(DeviceReboot.MarkerFile);
                    if (requested)
                    {
                        files.Delete(DeviceReboot.MarkerFile);
                    }
                }
                catch (Exception)
                {
                }
            }

            try
            {
                if (Sleep.GetWakeupCause() != Sleep.WakeupCause.Undefined)
                {
                    return "deep_sleep";
                }
            }
            catch (Exception)
            {
            }

            return requested ? "software" : "unknown";
        }
    }
}
