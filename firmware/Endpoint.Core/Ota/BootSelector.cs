using Endpoint.Core.Storage;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// The bootstrapper's decision (Ota/README.md, "Boot rules"), portable so Endpoint.Boot on the
    /// device, the simulator and the tests run the same code:
    /// <list type="number">
    /// <item>No readable boot record: start the last known good slot; failing that, the complete
    /// slot with the highest build (on trial when the other slot can take over).</item>
    /// <item>Active slot on trial: count the boot before starting it; once
    /// <see cref="MaxTrialBoots"/> boots went by without a confirmation, go back to the previous
    /// slot and record <see cref="BootResult.RolledBack"/> with the reason.</item>
    /// <item>Active slot damaged (manifest or sizes do not match): go back to the previous slot.</item>
    /// </list>
    /// A slot being written (staging) is never started. Every change is one boot-record write.
    /// </summary>
    public sealed class BootSelector
    {
        /// <summary>The bootstrapper version this code implements (a manifest's <c>min_boot</c> is compared with it).</summary>
        public const int Version = 1;

        /// <summary>Unconfirmed trial boots before a rollback.</summary>
        public const int DefaultMaxTrialBoots = 3;

        private readonly BootRecordStore _store;
        private readonly SlotStore _slots;
        private readonly bool _hasBuiltInApp;

        /// <summary>
        /// Creates the selector. <paramref name="hasBuiltInApp"/>: the platform has an app of its own to
        /// fall back to when no slot can start (the simulator's compiled-in app; the device has none).
        /// </summary>
        public BootSelector(IFileStore files, int maxTrialBoots, bool hasBuiltInApp)
        {
            _store = new BootRecordStore(files);
            _slots = new SlotStore(files);
            MaxTrialBoots = maxTrialBoots;
            _hasBuiltInApp = hasBuiltInApp;
        }

        /// <summary>Unconfirmed trial boots allowed before a rollback.</summary>
        public int MaxTrialBoots { get; private set; }

        /// <summary>Decides what this boot starts, recording trial boots and fallbacks.</summary>
        public BootDecision Boot()
        {
            BootRecord r = _store.Read();
            if (r == null)
            {
                r = Recover(_store.IsDamaged());
            }

            if (r.Active != BootRecord.None && r.Trial)
            {
                if (r.TrialBoots >= MaxTrialBoots)
                {
                    r = FallBack(r, Describe(r) + " did not confirm itself healthy in " + MaxTrialBoots + " boots");
                }
                else
                {
                    r.TrialBoots++;
                    _store.Write(r);
                }
            }

            if (r.Active != BootRecord.None)
            {
                string damage = _slots.CheckQuick(r.Active, r.ActiveDigest);
                if (damage != null)
                {
                    r = FallBack(r, "slot " + BootRecord.SlotName(r.Active) + " cannot start: " + damage);
                }
            }

            return new BootDecision(r, r.Active == BootRecord.None ? null : _slots.ReadManifest(r.Active));
        }

        /// <summary>
        /// The platform could not start the slot (e.g. nanoFramework refused an assembly): go back to
        /// the previous slot as for a damaged one. Returns the new decision.
        /// </summary>
        public BootDecision ReportStartFailure(string reason)
        {
            BootRecord r = _store.Read();
            if (r == null || r.Active == BootRecord.None)
            {
                return Boot();
            }

            r = FallBack(r, "slot " + BootRecord.SlotName(r.Active) + " cannot start: " + reason);
            return new BootDecision(r, r.Active == BootRecord.None ? null : _slots.ReadManifest(r.Active));
        }

        private BootRecord FallBack(BootRecord r, string reason)
        {
            BootRecord n = r.Clone();
            bool previousOk = r.Previous != BootRecord.None && _slots.CheckQuick(r.Previous, r.PreviousDigest) == null;
            if (!previousOk && !_hasBuiltInApp && r.Trial && _slots.CheckQuick(r.Active, r.ActiveDigest) == null)
            {
                // Nothing to go back to: an unconfirmed app is better than none. Stop counting.
                n.Trial = false;
                n.TrialBoots = 0;
                n.Result = BootResult.None;
                n.Reason = reason + "; no previous app to fall back to";
                _store.Write(n);
                return n;
            }

            // The failed app's build and digest stay in the previous fields (with no previous slot) so
            // the rollback can be reported against the bundle that failed.
            n.Active = previousOk ? r.Previous : BootRecord.None;
            n.ActiveBuild = previousOk ? r.PreviousBuild : 0;
            n.ActiveDigest = previousOk ? r.PreviousDigest : new byte[32];
            n.Previous = BootRecord.None;
            n.PreviousBuild = r.ActiveBuild;
            n.PreviousDigest = r.ActiveDigest;
            n.Trial = false;
            n.TrialBoots = 0;
            n.Result = BootResult.RolledBack;
            n.ResultReported = false;
            n.Reason = previousOk ? reason : reason + (_hasBuiltInApp ? "; running the built-in app" : "; no app left to start");
            _store.Write(n);
            return n;
        }

        private BootRecord Recover(bool damaged)
        {
            BootRecord lkg = _store.ReadLastKnownGood();
            if (lkg != null && _slots.CheckQuick(lkg.Active, lkg.ActiveDigest) == null)
            {
                if (damaged)
                {
                    lkg.Result = BootResult.Recovered;
                    lkg.Reason = "boot record damaged: started the last known good app, build " + lkg.ActiveBuild;
                }

                _store.Write(lkg);
                return lkg;
            }

            // No usable record at all: take the complete slot with the highest build.
            SlotManifest a = Complete(BootRecord.SlotA);
            SlotManifest b = Complete(BootRecord.SlotB);
            BootRecord r = new BootRecord();
            r.Floor = lkg != null ? lkg.Floor : 0;
            if (a == null && b == null)
            {
                if (damaged)
                {
                    r.Result = BootResult.Recovered;
                    r.Reason = "boot record damaged and no complete app found";
                    _store.Write(r);
                }

                return r;
            }

            bool pickA = b == null || (a != null && a.Manifest.Build >= b.Manifest.Build);
            SlotManifest chosen = pickA ? a : b;
            SlotManifest other = pickA ? b : a;
            r.Active = pickA ? BootRecord.SlotA : BootRecord.SlotB;
            r.ActiveBuild = chosen.Manifest.Build;
            r.ActiveDigest = chosen.Digest;
            if (other != null)
            {
                // Either may be the one that never confirmed: try the newer on trial, the older behind it.
                r.Previous = BootRecord.Other(r.Active);
                r.PreviousBuild = other.Manifest.Build;
                r.PreviousDigest = other.Digest;
                r.Trial = true;
            }

            if (damaged)
            {
                r.Result = BootResult.Recovered;
                r.Reason = "boot record damaged: started build " + r.ActiveBuild + " from slot " + BootRecord.SlotName(r.Active);
            }

            _store.Write(r);
            return r;
        }

        private SlotManifest Complete(int slot)
        {
            SlotManifest m = _slots.ReadManifest(slot);
            return m != null && _slots.CheckSizes(slot, m.Manifest) == null ? m : null;
        }

        private string Describe(BootRecord r)
        {
            SlotManifest m = _slots.ReadManifest(r.Active);
            return m != null ? m.Manifest.Version + " (build " + m.Manifest.Build + ")" : "build " + r.ActiveBuild;
        }
    }
}
