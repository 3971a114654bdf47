using Endpoint.Device;

namespace Endpoint.Apps.Plug
{
    /// <summary>
    /// Device entry point of the plug: the shared device start-up (<see cref="DeviceStartup"/>, OTA included) with
    /// the plug composed on it. Endpoint.Boot calls <see cref="Main"/> the same way nanoFramework does
    /// (firmware/Endpoint.Boot/README.md, "Entry contract"); the version reported is then the installed bundle's.
    /// </summary>
    public static class Program
    {
        /// <summary>nanoFramework calls this after boot.</summary>
        public static void Main()
        {
            DeviceStartup.Run("plug", BuildInfo.Board, BuildInfo.Version, (runtime, board) => PlugApp.Build(runtime, board));
        }
    }
}
