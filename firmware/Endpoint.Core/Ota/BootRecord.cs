using System;
using System.Text;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// Which app slot boots, whether it is on trial, and what to fall back to (Ota/README.md, "Boot
    /// record"). Kept in an <see cref="Storage.AtomicRecordFile"/> by <see cref="BootRecordStore"/>;
    /// binary, little-endian:
    /// <code>
    /// 0   1  format (1)
    /// 1   1  active slot (0 none, 1 a, 2 b)
    /// 2   1  1 when the active slot is on trial
    /// 3   1  trial boots started so far
    /// 4   1  previous slot (what a rollback returns to), 0 none
    /// 5   1  staging slot (being written, never booted), 0 none
    /// 6   1  result to report (BootResult)
    /// 7   1  1 when the result has been reported
    /// 8   4  active build
    /// 12  4  previous build
    /// 16  4  anti-rollback floor: the highest build ever confirmed
    /// 20  32 SHA-256 of the active slot's manifest
    /// 52  32 SHA-256 of the previous slot's manifest
    /// 84  1  reason length n (0-200)
    /// 85  n  reason, UTF-8
    /// </code>
    /// </summary>
    public sealed class BootRecord
    {
        /// <summary>No slot.</summary>
        public const int None = 0;

        /// <summary>Slot a.</summary>
        public const int SlotA = 1;

        /// <summary>Slot b.</summary>
        public const int SlotB = 2;

        private const int Format = 1;
        private const int FixedSize = 85;
        private const int MaxReasonBytes = 200;

        /// <summary>Creates an empty record: nothing installed.</summary>
        public BootRecord()
        {
            ActiveDigest = new byte[32];
            PreviousDigest = new byte[32];
        }

        /// <summary>The slot that boots, or <see cref="None"/>.</summary>
        public int Active;

        /// <summary>True while the active app has not yet confirmed itself healthy.</summary>
        public bool Trial;

        /// <summary>Trial boots started so far.</summary>
        public int TrialBoots;

        /// <summary>The slot a rollback returns to, or <see cref="None"/>.</summary>
        public int Previous;

        /// <summary>The slot being written by an update, or <see cref="None"/>.</summary>
        public int Staging;

        /// <summary>What to report.</summary>
        public BootResult Result;

        /// <summary>True once <see cref="Result"/> has been reported.</summary>
        public bool ResultReported;

        /// <summary>Build of the active slot.</summary>
        public int ActiveBuild;

        /// <summary>Build of the previous slot.</summary>
        public int PreviousBuild;

        /// <summary>Anti-rollback floor: the highest build that ever confirmed itself.</summary>
        public int Floor;

        /// <summary>SHA-256 of the active slot's manifest bytes.</summary>
        public byte[] ActiveDigest;

        /// <summary>SHA-256 of the previous slot's manifest bytes.</summary>
        public byte[] PreviousDigest;

        /// <summary>Why <see cref="Result"/> happened, or null.</summary>
        public string Reason;

        /// <summary>The other app slot.</summary>
        public static int Other(int slot)
        {
            return slot == SlotA ? SlotB : SlotA;
        }

        /// <summary>"a", "b" or "none", for messages.</summary>
        public static string SlotName(int slot)
        {
            return slot == SlotA ? "a" : slot == SlotB ? "b" : "none";
        }

        /// <summary>A copy.</summary>
        public BootRecord Clone()
        {
            BootRecord r = new BootRecord();
            r.Active = Active;
            r.Trial = Trial;
            r.TrialBoots = TrialBoots;
            r.Previous = Previous;
            r.Staging = Staging;
            r.Result = Result;
            r.ResultReported = ResultReported;
            r.ActiveBuild = ActiveBuild;
            r.PreviousBuild = PreviousBuild;
            r.Floor = Floor;
            r.ActiveDigest = Copy(ActiveDigest);
            r.PreviousDigest = Copy(PreviousDigest);
            r.Reason = Reason;
            return r;
        }

        /// <summary>The record's bytes.</summary>
        public byte[] ToBytes()
        {
            byte[] reason = Reason == null ? new byte[0] : Encoding.UTF8.GetBytes(Reason);
            int reasonLength = reason.Length > MaxReasonBytes ? MaxReasonBytes : reason.Length;
            // Never cut a UTF-8 sequence in two: back up over continuation bytes.
            while (reasonLength > 0 && reasonLength < reason.Length && (reason[reasonLength] & 0xC0) == 0x80)
            {
                reasonLength--;
            }

            byte[] b = new byte[FixedSize + reasonLength];
            b[0] = Format;
            b[1] = (byte)Active;
            b[2] = (byte)(Trial ? 1 : 0);
            b[3] = (byte)(TrialBoots > 255 ? 255 : TrialBoots);
            b[4] = (byte)Previous;
            b[5] = (byte)Staging;
            b[6] = (byte)Result;
            b[7] = (byte)(ResultReported ? 1 : 0);
            LittleEndian.WriteUInt32(b, 8, (uint)ActiveBuild);
            LittleEndian.WriteUInt32(b, 12, (uint)PreviousBuild);
            LittleEndian.WriteUInt32(b, 16, (uint)Floor);
            Array.Copy(ActiveDigest, 0, b, 20, 32);
            Array.Copy(PreviousDigest, 0, b, 52, 32);
            b[84] = (byte)reasonLength;
            Array.Copy(reason, 0, b, FixedSize, reasonLength);
            return b;
        }

        /// <summary>Parses a record; null when it is not one this code wrote (treated as damaged).</summary>
        public static BootRecord Parse(byte[] b)
        {
            if (b == null || b.Length < FixedSize || b[0] != Format || b.Length != FixedSize + b[84] || b[84] > MaxReasonBytes)
            {
                return null;
            }

            BootRecord r = new BootRecord();
            r.Active = b[1];
            r.Trial = b[2] == 1;
            r.TrialBoots = b[3];
            r.Previous = b[4];
            r.Staging = b[5];
            r.Result = (BootResult)b[6];
            r.ResultReported = b[7] == 1;
            uint active = LittleEndian.ReadUInt32(b, 8);
            uint previous = LittleEndian.ReadUInt32(b, 12);
            uint floor = LittleEndian.ReadUInt32(b, 16);
            if (!IsSlot(r.Active) || !IsSlot(r.Previous) || !IsSlot(r.Staging) || b[2] > 1 || b[7] > 1 || b[6] > 3
                || active > int.MaxValue || previous > int.MaxValue || floor > int.MaxValue
                || (r.Active != None && (r.Active == r.Previous || r.Active == r.Staging))
                || (r.Previous != None && r.Previous == r.Staging))
            {
                return null;
            }

            r.ActiveBuild = (int)active;
            r.PreviousBuild = (int)previous;
            r.Floor = (int)floor;
            Array.Copy(b, 20, r.ActiveDigest, 0, 32);
            Array.Copy(b, 52, r.PreviousDigest, 0, 32);
            r.Reason = b[84] == 0 ? null : Encoding.UTF8.GetString(b, FixedSize, b[84]);
            return r;
        }

        private static bool IsSlot(int slot)
        {
            return slot == None || slot == SlotA || slot == SlotB;
        }

        private static byte[] Copy(byte[] b)
        {
            byte[] c = new byte[b.Length];
            Array.Copy(b, c, b.Length);
            return c;
        }
    }
}
