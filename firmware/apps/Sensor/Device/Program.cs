using Endpoint.Device;

namespace Endpoint.Apps.Sensor
{
    /// <summary>
    /// Device entry point of the sensor: the shared device start-up (<see cref="DeviceStartup"/>, deep
    /// sleep included) with the sensor composed on it. In battery mode the app ends every boot with a
    /// deep sleep, which never returns; nanoFramework calls <see cref="Main"/> again after each wake.
    /// </summary>
    public static class Program
    {
        /// <summary>nanoFramework calls this after boot (and after every wake from deep sleep).</summary>
        public static void Main()
        {
            DeviceStartup.Run("sensor", BuildInfo.Board, BuildInfo.Version, (runtime, board) => SensorApp.Build(runtime, board));
        }
    }
}
