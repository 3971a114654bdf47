namespace Endpoint.Core.Provisioning
{
    /// <summary>Which framing a state machine serves; the two differ in a few rules (see <see cref="ImprovStateMachine"/>).</summary>
    public enum ImprovTransport
    {
        /// <summary>The IMPROV packet framing on a UART. Serial access counts as physical presence: always authorized.</summary>
        Serial,
        /// <summary>The Improv GATT service; credentials need authorization (a button press) unless configured open.</summary>
        Ble,
    }
}
