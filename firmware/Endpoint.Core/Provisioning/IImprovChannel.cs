namespace Endpoint.Core.Provisioning
{
    /// <summary>
    /// Where a state machine's answers go: one Improv framing towards the client (the serial packets, or
    /// the BLE characteristics). Implementations frame and send at once, on the loop.
    /// </summary>
    public interface IImprovChannel
    {
        /// <summary>Reports the current state.</summary>
        void SendState(ImprovState state);

        /// <summary>Reports the error state (<see cref="ImprovError.None"/> clears it).</summary>
        void SendError(ImprovError error);

        /// <summary>
        /// Sends an RPC result for <paramref name="command"/>: the first <paramref name="count"/> strings of
        /// <paramref name="values"/>, as many as fit the 255 data bytes of one result.
        /// </summary>
        void SendResult(byte command, string[] values, int count);
    }
}
