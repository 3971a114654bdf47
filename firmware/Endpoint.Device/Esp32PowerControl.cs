using System;
using Endpoint.Core.Hardware;
using nanoFramework.Hardware.Esp32;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IPowerControl"/> through nanoFramework.Hardware.Esp32's <see cref="Sleep"/>.
    /// </summary>
    /// <remarks>
    /// <c>Sleep.EnableWakeupByTimer(TimeSpan)</c> arms the RTC timer (it returns an <see cref="EspNativeError"/>;
    /// anything but <c>OK</c> would mean an endless sleep, so it throws instead), and
    /// <c>Sleep.StartDeepSleep()</c> enters deep sleep and never returns: the chip starts again from reset,
    /// where <c>Sleep.GetWakeupCause()</c> reads <c>Timer</c> and <see cref="DeviceSystemInfo"/> reports
    /// <c>deep_sleep</c>. Only the RTC domain stays powered (ESP32-C3 datasheet: about 5 µA).
    /// </remarks>
    public sealed class Esp32PowerControl : IPowerControl
    {
        /// <inheritdoc />
        public void DeepSleep(long durationMs)
        {
            if (durationMs < 1)
            {
                durationMs = 1;
            }

            EspNativeError armed = Sleep.EnableWakeupByTimer(new TimeSpan(durationMs * TimeSpan.TicksPerMillisecond));
            if (armed != EspNativeError.OK)
            {
                throw new InvalidOperationException("cannot arm the deep sleep timer: " + armed.ToString());
            }

            Sleep.StartDeepSleep();
        }
    }
}
