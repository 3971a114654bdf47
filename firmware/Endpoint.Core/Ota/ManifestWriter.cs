using Endpoint.Core.Json;
using Endpoint.Core.Text;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// Writes a manifest in its canonical form (Ota/README.md, "Canonical bytes"): compact JSON, no
    /// white space, fields in the order of the README table, assemblies in load order. The signature
    /// covers these exact bytes, so the same manifest always signs to the same message and a device
    /// verifies the bytes it parses, never a re-serialisation.
    /// </summary>
    public static class ManifestWriter
    {
        /// <summary>The canonical bytes of <paramref name="manifest"/>.</summary>
        public static byte[] ToBytes(BundleManifest manifest)
        {
            JsonWriter json = new JsonWriter(new ByteBuffer(512));
            json.BeginObject();
            json.Property("format", manifest.Format);
            json.Property("app", manifest.App);
            json.Property("version", manifest.Version);
            json.Property("build", manifest.Build);
            json.Property("boards", manifest.Boards);
            json.Property("soc", manifest.Soc);
            json.Property("entry", manifest.Entry);
            json.Property("min_boot", manifest.MinBoot);
            json.Name("assemblies");
            json.BeginArray();
            for (int i = 0; i < manifest.Assemblies.Length; i++)
            {
                AssemblyEntry a = manifest.Assemblies[i];
                json.BeginObject();
                json.Property("name", a.Name);
                json.Property("version", a.Version);
                json.Property("size", a.Size);
                json.Property("sha256", Hex.Encode(a.Sha256));
                json.EndObject();
            }

            json.EndArray();
            json.EndObject();
            return json.Buffer.ToArray();
        }
    }
}
