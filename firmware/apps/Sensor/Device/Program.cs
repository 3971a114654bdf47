using System;
using System.Threading;
using Endpoint.Core.Boards;
using Endpoint.Core.Hardware;
using Endpoint.Core.Runtime;
using Endpoint.Device;

namespace Endpoint.Apps.Sensor
{
    /// <summary>
    /// Device entry point of the sensor: fills the platform with nanoFramework adapters (deep sleep
    /// included), builds the portable app on the board, starts the runtime and runs its loop on the main
    /// thread. In battery mode the app ends every boot with a deep sleep, which never returns.
    /// </summary>
    public static class Program
    {
        /// <summary>nanoFramework calls this after boot (and after every wake from deep sleep).</summary>
        public static void Main()
        {
            Platform p = new Platform();
            p.Clock = new DeviceClock();
            p.Log = new DeviceLog(LogLevel.Info);
            try
            {
                p.Loop = new EventLoop(p.Clock, p.Log);
                p.Files = new FlashFileStore("I:\\endpoint");
                p.Mqtt = new M2MqttTransport();
                p.Wifi = new WifiStationAdapter();
                p.Hardware = new DeviceHardware();
                p.SystemInfo = new DeviceSystemInfo(p.Files);
                p.Reboot = new DeviceReboot(p.Files);
                p.Power = new Esp32PowerControl();
                p.Random = new Random(DeviceIdentityFactory.SeedFromMac());

                BoardInfo board = BoardCatalog.Get(BuildInfo.Board);
                DeviceIdentity identity = new DeviceIdentity(DeviceIdentityFactory.FromMac("sensor"), "sensor", board.Id, BuildInfo.Version);
                EndpointRuntime runtime = new EndpointRuntime(identity, p);
                SensorApp.Build(runtime, board);

                // Reads the Wi-Fi and hub settings from the runtime's settings store.
                runtime.Start();
            }
            catch (Exception ex)
            {
                // Nothing can run without the runtime: say why, then start over.
                p.Log.Write(LogLevel.Error, "main", "start-up failed: " + ex.Message + "; restarting in 10 s");
                Thread.Sleep(10000);
                IReboot reboot = p.Reboot != null ? p.Reboot : new DeviceReboot();
                reboot.Reboot("start-up failed");
                return;
            }

            new DeviceLoopRunner(p.Loop, p.Log).Run();
        }
    }
}
