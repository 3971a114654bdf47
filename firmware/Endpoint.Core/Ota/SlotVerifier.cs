namespace Endpoint.Core.Ota
{
    /// <summary>
    /// The full check of a slot: the manifest's signature under a trusted key and every assembly's
    /// SHA-256. The installer makes it piece by piece before a slot becomes active; tests and
    /// <c>endpoint ota</c> tooling use it to prove what a slot holds.
    /// </summary>
    public static class SlotVerifier
    {
        /// <summary>Null when the slot holds a complete app signed by <paramref name="publicKey"/>, else why not.</summary>
        public static string Verify(SlotStore slots, int slot, byte[] publicKey)
        {
            SlotManifest m = slots.ReadManifest(slot);
            if (m == null)
            {
                return "slot " + BootRecord.SlotName(slot) + ": manifest missing or damaged";
            }

            if (!OtaSignature.Verify(publicKey, m.Bytes, 0, m.Bytes.Length, m.Signature))
            {
                return "slot " + BootRecord.SlotName(slot) + ": manifest signature does not match the key";
            }

            AssemblyEntry[] all = m.Manifest.Assemblies;
            for (int i = 0; i < all.Length; i++)
            {
                if (!slots.HasContent(SlotStore.AssemblyName(slot, i), all[i]))
                {
                    return "slot " + BootRecord.SlotName(slot) + ": assembly " + all[i].Name + " does not match its SHA-256";
                }
            }

            return null;
        }
    }
}
