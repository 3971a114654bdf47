using Endpoint.Core.Json;

namespace Endpoint.Core.Hub
{
    /// <summary>
    /// Handles <c>endpoint/&lt;id&gt;/cmd/&lt;name&gt;</c>. The payload has been checked for size and UTF-8.
    /// Returns null on success (optionally writing extra members into <paramref name="result"/>, an open
    /// JSON object), the reason the command was refused, or <see cref="HubClient.Ignored"/> for a message it
    /// ignores on purpose (no result at all).
    /// </summary>
    public delegate string DeviceCommandHandler(byte[] payload, int offset, int count, JsonWriter result);

    /// <summary>Raised when the hub connection changes state.</summary>
    public delegate void HubStateChangedHandler(HubState state, string detail);

    /// <summary>Result of <see cref="HubClient.Flush"/>: true when the broker confirmed it has everything published before.</summary>
    public delegate void HubFlushHandler(bool confirmed);
}
