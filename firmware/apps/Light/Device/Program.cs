using Endpoint.Device;

namespace Endpoint.Apps.Light
{
    /// <summary>Device entry point of the light: the shared device start-up (<see cref="DeviceStartup"/>) with the light composed on it.</summary>
    public static class Program
    {
        /// <summary>nanoFramework calls this after boot.</summary>
        public static void Main()
        {
            DeviceStartup.Run("light", BuildInfo.Board, BuildInfo.Version, (runtime, board) => LightApp.Build(runtime, board));
        }
    }
}
