namespace Endpoint.Core.Ota
{
    /// <summary>What <see cref="BootSelector.Boot"/> decided.</summary>
    public sealed class BootDecision
    {
        /// <summary>Creates the decision.</summary>
        public BootDecision(BootRecord record, SlotManifest manifest)
        {
            Record = record;
            Manifest = manifest;
        }

        /// <summary>The boot record as it now stands on flash.</summary>
        public BootRecord Record { get; private set; }

        /// <summary>The slot to start, or <see cref="BootRecord.None"/> (no installed app).</summary>
        public int Slot
        {
            get { return Record.Active; }
        }

        /// <summary>The manifest of <see cref="Slot"/>, or null.</summary>
        public SlotManifest Manifest { get; private set; }

        /// <summary>True when the app starts on trial and must confirm itself.</summary>
        public bool Trial
        {
            get { return Record.Active != BootRecord.None && Record.Trial; }
        }
    }
}
