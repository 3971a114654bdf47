namespace Endpoint.Apps.Plug
{
    /// <summary>What this firmware image is: the board it was built for and its version (device build only).</summary>
    public static class BuildInfo
    {
        /// <summary>
        /// The board this image was built for, a key of Endpoint.Core.Boards.BoardCatalog (boards/&lt;id&gt;/board.json).
        /// The device prefers the <c>board.id</c> that <c>endpoint flash</c> stored, so one build serves every board.
        /// </summary>
        public const string Board = "esp32-devkitc";

        /// <summary>Firmware (app) version, semantic.</summary>
        public const string Version = "1.0.0";
    }
}
