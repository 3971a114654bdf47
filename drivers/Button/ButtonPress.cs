namespace Endpoint.Drivers.Button
{
    /// <summary>The gestures a <see cref="Button"/> recognises.</summary>
    public enum ButtonPress
    {
        /// <summary>Pressed and released once.</summary>
        Short,
        /// <summary>Two short presses within the double-press gap.</summary>
        Double,
        /// <summary>Held for the long-press time (fires while still held).</summary>
        Long,
    }
}
