using System;
using System.Threading;
using Endpoint.Core.Boards;
using Endpoint.Core.Hardware;
using Endpoint.Core.Ota;
using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;
using Endpoint.Device;

namespace Endpoint.Apps.Plug
{
    /// <summary>
    /// Device entry point of the plug: fills the platform with nanoFramework adapters, builds the portable
    /// app on the board, starts the runtime and runs its loop on the main thread forever. Endpoint.Boot
    /// calls <see cref="Main"/> the same way nanoFramework does (firmware/Endpoint.Boot/README.md, "Entry
    /// contract"); the version reported is then the installed bundle's.
    /// </summary>
    public static class Program
    {
        /// <summary>nanoFramework calls this after boot.</summary>
        public static void Main()
        {
            Platform p = new Platform();
            p.Clock = new DeviceClock();
            p.Log = new DeviceLog(LogLevel.Info);
            try
            {
                p.Loop = new EventLoop(p.Clock, p.Log);
                p.Files = new FlashFileStore(ProvisionedSettings.StorageRoot);
                p.Mqtt = new M2MqttTransport();
                p.Wifi = new WifiStationAdapter();
                try
                {
                    // The captive portal's access point (a restart applies it: see SoftAccessPointAdapter).
                    p.SoftAp = new SoftAccessPointAdapter();
                }
                catch (Exception ex)
                {
                    p.Log.Write(LogLevel.Warning, "main", "no soft AP: " + ex.Message + "; provisioning over Improv only");
                }

                p.Hardware = new DeviceHardware();
                p.SystemInfo = new DeviceSystemInfo(p.Files);
                p.Reboot = new DeviceReboot(p.Files);
                p.Random = new Random(DeviceIdentityFactory.SeedFromMac());

                // `endpoint flash` stores the device id and the board; without them the id comes from
                // the MAC and the board is the one this image was built for.
                KeyValueStore provisioned = new KeyValueStore(p.Files, ProvisionedSettings.StoreName);
                BoardInfo board = BoardCatalog.Get(ProvisionedSettings.BoardId(provisioned, BuildInfo.Board));
                if (board == null)
                {
                    p.Log.Write(LogLevel.Warning, "main", "stored board is not in this image's catalog; using " + BuildInfo.Board);
                    board = BoardCatalog.Get(BuildInfo.Board);
                }

                string id = ProvisionedSettings.DeviceId(provisioned, DeviceIdentityFactory.FromMac("plug"));
                DeviceIdentity identity = new DeviceIdentity(id, "plug", board.Id, InstalledApp.Version(p.Files, BuildInfo.Version));
                if (board.Has("ble"))
                {
                    p.Ble = new BleRadioAdapter(identity.Id);
                }

                // Improv serial on the UART the board keeps for it (COM1 is the debugger's); none: BLE only.
                try
                {
                    p.Serial = SerialPortAdapter.ForBoard(board);
                }
                catch (Exception ex)
                {
                    // Not worth a reboot loop: the device still provisions over BLE.
                    p.Log.Write(LogLevel.Warning, "main", "Improv serial unavailable: " + ex.Message);
                }

                EndpointRuntime runtime = new EndpointRuntime(identity, p);
                PlugApp.Build(runtime, board);
                OtaComponent.Attach(runtime, board.Soc, new OtaOptions());

                // Reads the Wi-Fi and hub settings from the runtime's settings store.
                runtime.Start();
                if (runtime.Portal != null && p.SoftAp.IsActive)
                {
                    // The access point came up at boot: serve DHCP, the captive DNS and the portal page on it.
                    new CaptivePortalServer(p.Loop, runtime.Portal, p.Log).Start();
                }
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
