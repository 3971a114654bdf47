namespace Endpoint.Apps.Light
{
    /// <summary>What this firmware image is: the board it was built for and its version (device build only).</summary>
    public static class BuildInfo
    {
        /// <summary>Board id, a key of Endpoint.Core.Boards.BoardCatalog (boards/&lt;id&gt;/board.json).</summary>
        public const string Board = "m5stack-atom-lite";

        /// <summary>Firmware (app) version, semantic.</summary>
        public const string Version = "1.0.0";
    }
}
