using Endpoint.Core.Ota;
using Endpoint.Device;

namespace Endpoint.Apps.Plug
{
    /// <summary>
    /// Device entry point of the plug: the shared device start-up (<see cref="DeviceStartup"/>) with the
    /// plug composed on it, and OTA attached. Endpoint.Boot calls <see cref="Main"/> the same way
    /// nanoFramework does (firmware/Endpoint.Boot/README.md, "Entry contract"); the version reported is
    /// then the installed bundle's.
    /// </summary>
    public static class Program
    {
        /// <summary>nanoFramework calls this after boot.</summary>
        public static void Main()
        {
            DeviceStartup.Run("plug", BuildInfo.Board, BuildInfo.Version, (runtime, board) =>
            {
                PlugApp.Build(runtime, board);
                OtaComponent.Attach(runtime, board.Soc, new OtaOptions());
            });
        }
    }
}
