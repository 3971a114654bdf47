using System;
using Endpoint.Core.Json;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// The hub's offer on <c>endpoint/&lt;id&gt;/cmd/ota</c> (Ota/README.md, "Offer"):
    /// <c>{"manifest":"&lt;base64&gt;","signature":"&lt;base64&gt;","block_size":4096,"window":1,"url":"https://…"}</c>.
    /// Only the manifest and its signature are needed; the blocks follow on request, over MQTT or, when the offer
    /// has a <c>url</c>, as HTTP range requests to the <c>.epk</c> file there ("Delivery over HTTP").
    /// </summary>
    public sealed class OtaOffer
    {
        /// <summary>Creates an offer.</summary>
        public OtaOffer(byte[] manifest, byte[] signature, int blockSize, int window)
            : this(manifest, signature, blockSize, window, null)
        {
        }

        /// <summary>Creates an offer whose assemblies are fetched from <paramref name="url"/> (null: over MQTT).</summary>
        public OtaOffer(byte[] manifest, byte[] signature, int blockSize, int window, string url)
        {
            Manifest = manifest;
            Signature = signature;
            BlockSize = blockSize;
            Window = window;
            Url = url;
        }

        /// <summary>The manifest's exact bytes, as signed.</summary>
        public byte[] Manifest { get; private set; }

        /// <summary>The 64-byte Ed25519 signature.</summary>
        public byte[] Signature { get; private set; }

        /// <summary>Bytes per block request.</summary>
        public int BlockSize { get; private set; }

        /// <summary>Requests kept outstanding.</summary>
        public int Window { get; private set; }

        /// <summary>Where the <c>.epk</c> is served with byte ranges, or null: the blocks come over MQTT.</summary>
        public string Url { get; private set; }

        /// <summary>Writes the offer as JSON.</summary>
        public void Write(JsonWriter json)
        {
            json.Reset();
            json.BeginObject();
            json.Property("manifest", Convert.ToBase64String(Manifest));
            json.Property("signature", Convert.ToBase64String(Signature));
            json.Property("block_size", BlockSize);
            json.Property("window", Window);
            if (Url != null)
            {
                json.Property("url", Url);
            }

            json.EndObject();
        }

        /// <summary>Parses an offer. Throws <see cref="OtaException"/> with the reason when it is malformed.</summary>
        public static OtaOffer Parse(byte[] data, int offset, int count)
        {
            if (count > OtaLimits.MaxOfferBytes)
            {
                throw new OtaException("offer is " + count + " bytes, more than the " + OtaLimits.MaxOfferBytes + " allowed");
            }

            byte[] manifest = null;
            byte[] signature = null;
            int blockSize = 0;
            int window = 0;
            string url = null;
            try
            {
                JsonReader r = new JsonReader(data, offset, count);
                r.Read();
                Require(r.Token == JsonToken.BeginObject, "offer must be a JSON object");
                while (true)
                {
                    r.Read();
                    if (r.Token == JsonToken.EndObject)
                    {
                        break;
                    }

                    string name = r.GetString();
                    if (name == "manifest")
                    {
                        Require(manifest == null, "offer field 'manifest' appears twice");
                        manifest = Base64(r, name);
                        Require(manifest.Length > 0 && manifest.Length <= OtaLimits.MaxManifestBytes, "offer manifest is " + manifest.Length + " bytes (1-" + OtaLimits.MaxManifestBytes + " allowed)");
                    }
                    else if (name == "signature")
                    {
                        Require(signature == null, "offer field 'signature' appears twice");
                        signature = Base64(r, name);
                        Require(signature.Length == BundleLayout.SignatureSize, "offer signature is " + signature.Length + " bytes, not " + BundleLayout.SignatureSize);
                    }
                    else if (name == "block_size")
                    {
                        Require(blockSize == 0, "offer field 'block_size' appears twice");
                        blockSize = Int(r, name, OtaLimits.MinBlockBytes, OtaLimits.MaxBlockBytes);
                    }
                    else if (name == "window")
                    {
                        Require(window == 0, "offer field 'window' appears twice");
                        window = Int(r, name, 1, OtaLimits.MaxWindow);
                    }
                    else if (name == "url")
                    {
                        Require(url == null, "offer field 'url' appears twice");
                        r.Read();
                        Require(r.Token == JsonToken.String, "offer field 'url' must be a string");
                        url = r.GetString();
                        string problem = OtaUrl.Problem(url);
                        Require(problem == null, problem);
                    }
                    else if (OtaText.StartsWith(name, BundleManifest.ExtensionPrefix))
                    {
                        r.Skip();
                    }
                    else
                    {
                        throw new OtaException("offer has the unknown field '" + name + "'");
                    }
                }

                r.Read();
            }
            catch (JsonFormatException ex)
            {
                throw new OtaException("offer is not valid JSON: " + ex.Message);
            }

            Require(manifest != null, "offer lacks the field 'manifest'");
            Require(signature != null, "offer lacks the field 'signature'");
            return new OtaOffer(manifest, signature, blockSize == 0 ? OtaLimits.DefaultBlockBytes : blockSize, window == 0 ? 1 : window, url);
        }

        private static byte[] Base64(JsonReader r, string name)
        {
            r.Read();
            Require(r.Token == JsonToken.String, "offer field '" + name + "' must be a base64 string");
            try
            {
                return Convert.FromBase64String(r.GetString());
            }
            catch (FormatException)
            {
                throw new OtaException("offer field '" + name + "' is not valid base64");
            }
        }

        private static int Int(JsonReader r, string name, int min, int max)
        {
            r.Read();
            int v = 0;
            bool whole = r.Token == JsonToken.Number && r.TryGetInt32(out v);
            Require(whole && v >= min && v <= max, "offer field '" + name + "' must be a whole number from " + min + " to " + max);
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
