using Endpoint.Core.Json;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// A device's request for one block, on <c>endpoint/&lt;id&gt;/ota/request</c>:
    /// <c>{"bundle":"&lt;16 hex&gt;","file":2,"offset":8192,"length":4096}</c>. The hub answers with a
    /// <see cref="BlockMessage"/> on <c>ota/block</c>.
    /// </summary>
    public sealed class BlockRequest
    {
        /// <summary>Creates a request.</summary>
        public BlockRequest(string bundle, int file, int offset, int length)
        {
            Bundle = bundle;
            File = file;
            Offset = offset;
            Length = length;
        }

        /// <summary>Bundle id as 16 lower-case hex digits.</summary>
        public string Bundle { get; private set; }

        /// <summary>Assembly index in the manifest.</summary>
        public int File { get; private set; }

        /// <summary>Offset in the assembly.</summary>
        public int Offset { get; private set; }

        /// <summary>Bytes asked for (1 … <see cref="OtaLimits.MaxBlockBytes"/>).</summary>
        public int Length { get; private set; }

        /// <summary>Writes the request as JSON.</summary>
        public void Write(JsonWriter json)
        {
            json.Reset();
            json.BeginObject();
            json.Property("bundle", Bundle);
            json.Property("file", File);
            json.Property("offset", Offset);
            json.Property("length", Length);
            json.EndObject();
        }

        /// <summary>Parses a request; throws <see cref="OtaException"/> when it is malformed.</summary>
        public static BlockRequest Parse(byte[] data, int offset, int count)
        {
            string bundle = null;
            int file = -1;
            int at = -1;
            int length = -1;
            try
            {
                JsonReader r = new JsonReader(data, offset, count);
                r.Read();
                Require(r.Token == JsonToken.BeginObject, "block request must be a JSON object");
                while (true)
                {
                    r.Read();
                    if (r.Token == JsonToken.EndObject)
                    {
                        break;
                    }

                    string name = r.GetString();
                    r.Read();
                    if (name == "bundle" && r.Token == JsonToken.String && bundle == null)
                    {
                        bundle = r.GetString();
                    }
                    else if (name == "file" && file < 0)
                    {
                        file = Int(r, 0, OtaLimits.MaxAssemblies - 1);
                    }
                    else if (name == "offset" && at < 0)
                    {
                        at = Int(r, 0, OtaLimits.MaxAssemblyBytes - 1);
                    }
                    else if (name == "length" && length < 0)
                    {
                        length = Int(r, 1, OtaLimits.MaxBlockBytes);
                    }
                    else
                    {
                        throw new OtaException("block request has an unexpected or repeated field '" + name + "'");
                    }
                }

                r.Read();
            }
            catch (Json.JsonFormatException ex)
            {
                throw new OtaException("block request is not valid JSON: " + ex.Message);
            }

            Require(bundle != null && Hex.IsLowerHex(bundle, BlockMessage.BundleIdSize), "block request needs 'bundle' as 16 hex digits");
            Require(file >= 0 && at >= 0 && length > 0, "block request needs 'file', 'offset' and 'length'");
            return new BlockRequest(bundle, file, at, length);
        }

        private static int Int(JsonReader r, int min, int max)
        {
            int v = 0;
            bool whole = r.Token == JsonToken.Number && r.TryGetInt32(out v);
            Require(whole && v >= min && v <= max, "block request has a number outside " + min + "-" + max);
            return v;
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
