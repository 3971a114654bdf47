using System.Collections;
using Endpoint.Core.Json;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// The signed description of a bundle (Ota/README.md, "Manifest"): which app, which version and
    /// build, for which boards and SoC, which entry type, which bootstrapper it needs and which
    /// assemblies it is made of. <see cref="Parse"/> is strict: every field is checked against
    /// <see cref="OtaLimits"/> and its syntax, duplicates are refused, and unknown fields are refused
    /// unless their name starts with <c>x_</c> (informational extensions a device may ignore).
    /// </summary>
    public sealed class BundleManifest
    {
        /// <summary>The manifest format this code reads and writes.</summary>
        public const int CurrentFormat = 1;

        /// <summary>Prefix of field names a device ignores; any other unknown field is refused.</summary>
        public const string ExtensionPrefix = "x_";

        private const int HasFormat = 1;
        private const int HasApp = 2;
        private const int HasVersion = 4;
        private const int HasBuild = 8;
        private const int HasBoards = 16;
        private const int HasSoc = 32;
        private const int HasEntry = 64;
        private const int HasMinBoot = 128;
        private const int HasAssemblies = 256;
        private const int AllFields = 511;

        /// <summary>Creates a manifest (the packer fills it; devices get theirs from <see cref="Parse"/>).</summary>
        public BundleManifest(string app, string version, int build, string[] boards, string soc, string entry, int minBoot, AssemblyEntry[] assemblies)
        {
            Format = CurrentFormat;
            App = app;
            Version = version;
            Build = build;
            Boards = boards;
            Soc = soc;
            Entry = entry;
            MinBoot = minBoot;
            Assemblies = assemblies;
        }

        /// <summary>Manifest format (1).</summary>
        public int Format { get; private set; }

        /// <summary>App id, the device type it runs as (plug, light, sensor).</summary>
        public string App { get; private set; }

        /// <summary>Semantic version shown to people, e.g. 1.1.0.</summary>
        public string Version { get; private set; }

        /// <summary>Monotonic build number; a device refuses builds lower than what it runs (anti-rollback).</summary>
        public int Build { get; private set; }

        /// <summary>Board ids the bundle runs on.</summary>
        public string[] Boards { get; private set; }

        /// <summary>SoC the bundle is built for (esp32, esp32c3, esp32s3).</summary>
        public string Soc { get; private set; }

        /// <summary>Full name of the type whose public static <c>Main()</c> starts the app.</summary>
        public string Entry { get; private set; }

        /// <summary>Lowest Endpoint.Boot version that can start this bundle.</summary>
        public int MinBoot { get; private set; }

        /// <summary>The assemblies, in load order (dependencies first).</summary>
        public AssemblyEntry[] Assemblies { get; private set; }

        /// <summary>Sum of the assembly sizes.</summary>
        public int TotalSize
        {
            get
            {
                int total = 0;
                for (int i = 0; i < Assemblies.Length; i++)
                {
                    total += Assemblies[i].Size;
                }

                return total;
            }
        }

        /// <summary>True when <paramref name="board"/> is one of <see cref="Boards"/>.</summary>
        public bool SupportsBoard(string board)
        {
            for (int i = 0; i < Boards.Length; i++)
            {
                if (Boards[i] == board)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The boards as one comma-separated line, for messages.</summary>
        public string BoardList()
        {
            string list = string.Empty;
            for (int i = 0; i < Boards.Length; i++)
            {
                list = i == 0 ? Boards[i] : list + ", " + Boards[i];
            }

            return list;
        }

        /// <summary>
        /// Parses and checks a manifest. Throws <see cref="OtaException"/> with the first problem found;
        /// never anything else, whatever the input.
        /// </summary>
        public static BundleManifest Parse(byte[] data, int offset, int count)
        {
            if (count <= 0)
            {
                throw new OtaException("manifest is empty");
            }

            if (count > OtaLimits.MaxManifestBytes)
            {
                throw new OtaException("manifest is " + count + " bytes, more than the " + OtaLimits.MaxManifestBytes + " allowed");
            }

            try
            {
                return ParseJson(new JsonReader(data, offset, count));
            }
            catch (JsonFormatException ex)
            {
                throw new OtaException("manifest is not valid JSON: " + ex.Message);
            }
        }

        private static BundleManifest ParseJson(JsonReader r)
        {
            Expect(r, JsonToken.BeginObject, "manifest must be a JSON object");
            int seen = 0;
            int format = 0;
            string app = null;
            string version = null;
            int build = 0;
            string[] boards = null;
            string soc = null;
            string entry = null;
            int minBoot = 0;
            AssemblyEntry[] assemblies = null;
            while (true)
            {
                r.Read();
                if (r.Token == JsonToken.EndObject)
                {
                    break;
                }

                string name = r.GetString();
                int bit = FieldBit(name);
                if (bit == 0)
                {
                    SkipExtension(r, name, "manifest");
                    continue;
                }

                if ((seen & bit) != 0)
                {
                    throw new OtaException("manifest field '" + name + "' appears twice");
                }

                seen |= bit;
                switch (bit)
                {
                    case HasFormat:
                        format = ReadInt(r, name, 1, 1000);
                        if (format != CurrentFormat)
                        {
                            throw new OtaException("manifest format " + format + " is not supported (this device reads format " + CurrentFormat + ")");
                        }

                        break;
                    case HasApp:
                        app = ReadString(r, name);
                        Require(OtaText.IsLowerId(app, 32), "manifest app '" + app + "' is not 1-32 characters a-z, 0-9, '-' or '_'");
                        break;
                    case HasVersion:
                        version = ReadString(r, name);
                        Require(OtaText.IsSemanticVersion(version), "manifest version '" + version + "' is not a semantic version (MAJOR.MINOR.PATCH)");
                        break;
                    case HasBuild:
                        build = ReadInt(r, name, 1, int.MaxValue);
                        break;
                    case HasBoards:
                        boards = ReadBoards(r);
                        break;
                    case HasSoc:
                        soc = ReadString(r, name);
                        Require(OtaText.IsLowerId(soc, 32), "manifest soc '" + soc + "' is not 1-32 characters a-z, 0-9, '-' or '_'");
                        break;
                    case HasEntry:
                        entry = ReadString(r, name);
                        Require(OtaText.IsTypeName(entry), "manifest entry '" + entry + "' is not a type name");
                        break;
                    case HasMinBoot:
                        minBoot = ReadInt(r, name, 1, 65535);
                        break;
                    case HasAssemblies:
                        assemblies = ReadAssemblies(r);
                        break;
                }
            }

            if (r.Read())
            {
                throw new OtaException("manifest has content after its end");
            }

            if (seen != AllFields)
            {
                throw new OtaException("manifest lacks the field '" + MissingField(seen) + "'");
            }

            BundleManifest m = new BundleManifest(app, version, build, boards, soc, entry, minBoot, assemblies);
            m.Format = format;
            return m;
        }

        private static string[] ReadBoards(JsonReader r)
        {
            Expect(r, JsonToken.BeginArray, "manifest boards must be an array of board ids");
            ArrayList list = new ArrayList();
            while (true)
            {
                r.Read();
                if (r.Token == JsonToken.EndArray)
                {
                    break;
                }

                Require(r.Token == JsonToken.String, "manifest boards must be an array of board ids");
                string board = r.GetString();
                Require(OtaText.IsLowerId(board, 64), "manifest board '" + board + "' is not 1-64 characters a-z, 0-9, '-' or '_'");
                Require(list.Count < OtaLimits.MaxBoards, "manifest names more than " + OtaLimits.MaxBoards + " boards");
                Require(!list.Contains(board), "manifest names board '" + board + "' twice");
                list.Add(board);
            }

            Require(list.Count > 0, "manifest names no board");
            return (string[])list.ToArray(typeof(string));
        }

        private static AssemblyEntry[] ReadAssemblies(JsonReader r)
        {
            Expect(r, JsonToken.BeginArray, "manifest assemblies must be an array");
            ArrayList list = new ArrayList();
            long total = 0;
            while (true)
            {
                r.Read();
                if (r.Token == JsonToken.EndArray)
                {
                    break;
                }

                Require(r.Token == JsonToken.BeginObject, "each manifest assembly must be an object");
                Require(list.Count < OtaLimits.MaxAssemblies, "manifest lists more than " + OtaLimits.MaxAssemblies + " assemblies");
                AssemblyEntry a = ReadAssembly(r, list.Count);
                for (int i = 0; i < list.Count; i++)
                {
                    Require(!OtaText.EqualsIgnoreCase(((AssemblyEntry)list[i]).Name, a.Name), "manifest lists assembly '" + a.Name + "' twice");
                }

                total += a.Size;
                Require(total <= OtaLimits.MaxBundleBytes, "manifest assemblies add up to more than " + OtaLimits.MaxBundleBytes + " bytes");
                list.Add(a);
            }

            Require(list.Count > 0, "manifest lists no assembly");
            AssemblyEntry[] all = new AssemblyEntry[list.Count];
            for (int i = 0; i < all.Length; i++)
            {
                all[i] = (AssemblyEntry)list[i];
            }

            return all;
        }

        private static AssemblyEntry ReadAssembly(JsonReader r, int index)
        {
            string where = "manifest assembly #" + (index + 1);
            string name = null;
            string version = null;
            int size = -1;
            byte[] sha = null;
            while (true)
            {
                r.Read();
                if (r.Token == JsonToken.EndObject)
                {
                    break;
                }

                string field = r.GetString();
                if (field == "name")
                {
                    Require(name == null, where + ": field 'name' appears twice");
                    name = ReadString(r, field);
                    Require(OtaText.IsAssemblyName(name), where + ": name '" + name + "' is not 1-64 characters A-Z, a-z, 0-9, '.', '-' or '_'");
                    where = "manifest assembly " + name;
                }
                else if (field == "version")
                {
                    Require(version == null, where + ": field 'version' appears twice");
                    version = ReadString(r, field);
                    Require(OtaText.IsAssemblyVersion(version), where + ": version '" + version + "' is not major.minor.build.revision");
                }
                else if (field == "size")
                {
                    Require(size < 0, where + ": field 'size' appears twice");
                    size = ReadInt(r, field, 0, int.MaxValue);
                    Require(size > 0, where + ": size is 0 (an empty assembly cannot be loaded)");
                    Require(size <= OtaLimits.MaxAssemblyBytes, where + ": size " + size + " is more than the " + OtaLimits.MaxAssemblyBytes + " bytes allowed");
                }
                else if (field == "sha256")
                {
                    Require(sha == null, where + ": field 'sha256' appears twice");
                    string hex = ReadString(r, field);
                    Require(Hex.IsLowerHex(hex, 32), where + ": sha256 is not 64 lower-case hex digits");
                    sha = Hex.Decode(hex, 32);
                }
                else
                {
                    SkipExtension(r, field, where);
                }
            }

            Require(name != null, where + " lacks the field 'name'");
            Require(version != null, where + " lacks the field 'version'");
            Require(size > 0, where + " lacks the field 'size'");
            Require(sha != null, where + " lacks the field 'sha256'");
            return new AssemblyEntry(name, version, size, sha);
        }

        private static void SkipExtension(JsonReader r, string name, string where)
        {
            if (!OtaText.StartsWith(name, ExtensionPrefix))
            {
                throw new OtaException(where + " has the unknown field '" + name + "' (unknown fields are refused unless named " + ExtensionPrefix + "…)");
            }

            r.Skip();
        }

        private static int FieldBit(string name)
        {
            string[] names = FieldNames();
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i] == name)
                {
                    return 1 << i;
                }
            }

            return 0;
        }

        private static string MissingField(int seen)
        {
            string[] names = FieldNames();
            for (int i = 0; i < names.Length; i++)
            {
                if ((seen & (1 << i)) == 0)
                {
                    return names[i];
                }
            }

            return string.Empty;
        }

        // In the order of the Has… bits.
        private static string[] FieldNames()
        {
            return new string[] { "format", "app", "version", "build", "boards", "soc", "entry", "min_boot", "assemblies" };
        }

        private static void Expect(JsonReader r, JsonToken token, string message)
        {
            r.Read();
            Require(r.Token == token, message);
        }

        private static string ReadString(JsonReader r, string name)
        {
            r.Read();
            Require(r.Token == JsonToken.String, "manifest field '" + name + "' must be a string");
            return r.GetString();
        }

        private static int ReadInt(JsonReader r, string name, int min, int max)
        {
            r.Read();
            int value = 0;
            bool whole = r.Token == JsonToken.Number && r.TryGetInt32(out value);
            Require(whole, "manifest field '" + name + "' must be a whole number");
            Require(value >= min && value <= max, "manifest field '" + name + "' is " + value + ", outside " + min + "-" + max);
            return value;
        }

        private static void Require(bool condition, string reason)
        {
            if (!condition)
            {
                throw new OtaException(reason);
            }
        }
    }
}
