using System;
using System.Threading;
using Endpoint.Core.Boards;
using Endpoint.Core.Hardware;
using Endpoint.Core.Ota;
using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;

namespace Endpoint.Device
{
    /// <summary>Composes an app on its runtime and board (PlugApp.Build, LightApp.Build, …).</summary>
    public delegate void AppComposer(EndpointRuntime runtime, BoardInfo board);

    /// <summary>
    /// The device start-up every app shares: fills the platform with the nanoFramework adapters, finds
    /// the board and identity `endpoint flash` stored (else the image's own board and a MAC-based id),
    /// lets the app compose itself, attaches over-the-air updates, starts the runtime, and runs its loop on the
    /// main thread forever. One copy, so every app gets the same seams (BLE, Improv serial, soft AP, deep sleep, OTA).
    /// </summary>
    public static class DeviceStartup
    {
        /// <summary>Runs the app; returns only if start-up failed (after scheduling a restart).</summary>
        /// <param name="appType">plug, light, sensor: the id prefix and the reported type.</param>
        /// <param name="imageBoard">The board this image was built for.</param>
        /// <param name="imageVersion">The image's version (an installed OTA bundle's version wins).</param>
        /// <param name="compose">Builds the app on the runtime.</param>
        public static void Run(string appType, string imageBoard, string imageVersion, AppComposer compose)
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
                p.Http = new HttpRangeFetcherAdapter(); // OTA offers with a 'url'
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
                p.Power = new Esp32PowerControl();
                p.Random = new Random(DeviceIdentityFactory.SeedFromMac());

                KeyValueStore provisioned = new KeyValueStore(p.Files, ProvisionedSettings.StoreName);
                BoardInfo board = BoardCatalog.Get(ProvisionedSettings.BoardId(provisioned, imageBoard));
                if (board == null)
                {
                    p.Log.Write(LogLevel.Warning, "main", "stored board is not in this image's catalog; using " + imageBoard);
                    board = BoardCatalog.Get(imageBoard);
                }

                string id = ProvisionedSettings.DeviceId(provisioned, DeviceIdentityFactory.FromMac(appType));
                DeviceIdentity identity = new DeviceIdentity(id, appType, board.Id, InstalledApp.Version(p.Files, imageVersion));
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
                compose(runtime, board);

                // Every app takes updates the same way: the trusted key and the bootstrapper's version come from
                // the flash (ota.pub from `endpoint flash --ota-key`); without them offers are refused with the reason.
                OtaComponent.Attach(runtime, board.Soc, new OtaOptions());

                // Reads the Wi-Fi and hub settings from the runtime's settings store.
                runtime.Start();
                if (runtime.Portal != null && p.SoftAp != null && p.SoftAp.IsActive)
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
