namespace Endpoint.Core.Ota
{
    /// <summary>What the last update or boot decision did, kept in the boot record until it has been reported.</summary>
    public enum BootResult
    {
        /// <summary>Nothing to report.</summary>
        None = 0,

        /// <summary>A new app was installed and confirmed itself healthy.</summary>
        Updated = 1,

        /// <summary>The bootstrapper went back to the previous app (trial not confirmed, or the active slot is damaged).</summary>
        RolledBack = 2,

        /// <summary>The boot record was damaged; the last known good app was started.</summary>
        Recovered = 3,
    }
}
