namespace Endpoint.Core.Ble
{
    /// <summary>
    /// Something besides the BTHome readings that needs the radio's one advertising slot for a while (Improv
    /// provisioning). Registered with <see cref="Advertiser.AddSource"/>, it gets its turn in the advertiser's
    /// rotation; <see cref="Advertiser.Update"/> puts it on the air at once after its content changed.
    /// </summary>
    public interface IAdvertisementSource
    {
        /// <summary>
        /// Writes complete legacy advertising data — well-formed AD structures, at most 31 bytes (Core spec Vol 3
        /// Part C §11) — into <paramref name="output"/> at <paramref name="offset"/>; returns the byte count.
        /// </summary>
        int Render(byte[] output, int offset);
    }
}
