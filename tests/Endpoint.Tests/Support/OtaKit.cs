using System;
using System.IO;
using System.Linq;
using System.Text;
using Endpoint.Core.Crypto;
using Endpoint.Core.Json;
using Endpoint.Core.Ota;
using Endpoint.Core.Text;
using Endpoint.Host.Ota;

namespace Endpoint.Tests.Support;

/// <summary>Keys, nanoFramework-shaped app folders and signed bundles for OTA tests.</summary>
public static class OtaKit
{
    public const string Entry = "Endpoint.Apps.Plug.Program";

    /// <summary>The signing seed devices in tests trust.</summary>
    public static readonly byte[] Seed = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    /// <summary>Another key, which no test device trusts.</summary>
    public static readonly byte[] OtherSeed = Enumerable.Range(1, 32).Select(i => (byte)(200 - i)).ToArray();

    private static byte[] _publicKey;

    public static byte[] PublicKey => _publicKey ??= Ed25519.PublicKeyFromSeed(Seed);

    /// <summary>
    /// Writes a <c>.pe</c> shaped like a nanoFramework image: the NFMRK2 header with the version at
    /// offset 24, then bytes derived from <paramref name="content"/> (same content → same bytes).
    /// </summary>
    public static void WritePe(string dir, string name, int size, string version, string content)
    {
        var image = new byte[size];
        Encoding.ASCII.GetBytes("NFMRK2").CopyTo(image, 0);
        var parts = version.Split('.').Select(ushort.Parse).ToArray();
        for (int i = 0; i < 4; i++)
        {
            BitConverter.GetBytes(parts[i]).CopyTo(image, 24 + (2 * i));
        }

        var random = new Random(StableHash(name + "/" + content));
        var body = new byte[size - 32];
        random.NextBytes(body);
        body.CopyTo(image, 32);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, name + ".pe"), image);
    }

    /// <summary>
    /// A plug build output: Endpoint.Core, Endpoint.Device and Endpoint.Drivers.Relay stay the same
    /// from version to version, Endpoint.Plug changes with <paramref name="appVersion"/>; mscorlib is
    /// there as in a real build output (pack leaves it out).
    /// </summary>
    public static string PlugFolder(string root, string appVersion, int coreSize = 12000)
    {
        string dir = Path.Combine(root, "app-" + appVersion + "-" + Guid.NewGuid().ToString("N")[..6]);
        WritePe(dir, "mscorlib", 3000, "1.17.12.0", "platform");
        WritePe(dir, "Endpoint.Core", coreSize, "1.0.0.0", "core");
        WritePe(dir, "Endpoint.Device", 6000, "1.0.0.0", "device");
        WritePe(dir, "Endpoint.Drivers.Relay", 2500, "1.0.0.0", "relay");
        WritePe(dir, "Endpoint.Plug", 9000, AssemblyVersion(appVersion), "plug " + appVersion);
        return dir;
    }

    /// <summary>
    /// A signed bundle of <see cref="PlugFolder"/>; <paramref name="app"/> names another app in the manifest (the host
    /// stores the <c>.pe</c> files but runs its compiled-in app, so their content only has to be consistent).
    /// </summary>
    public static BundleFile Bundle(string root, string version, int build, string[] boards = null, string soc = "esp32", byte[] seed = null, int minBoot = 1, string app = null)
    {
        var result = BundlePacker.Pack(new PackOptions
        {
            AppId = app,
            AppDir = PlugFolder(root, version),
            Version = version,
            Build = build,
            Boards = boards ?? ["esp32-devkitc"],
            Soc = soc,
            Entry = Entry,
            MinBoot = minBoot,
            Seed = seed ?? Seed,
        });
        return BundleFile.Parse(result.Bundle);
    }

    /// <summary>An offer of raw manifest bytes, signed with <paramref name="seed"/>.</summary>
    public static byte[] Offer(byte[] manifest, byte[] seed = null, int blockSize = 4096, int window = 1)
    {
        byte[] signature = OtaSignature.Sign(seed ?? Seed, manifest, 0, manifest.Length);
        return OfferSigned(manifest, signature, blockSize, window);
    }

    public static byte[] OfferSigned(byte[] manifest, byte[] signature, int blockSize = 4096, int window = 1)
    {
        var json = new JsonWriter(new ByteBuffer(1024));
        new OtaOffer(manifest, signature, blockSize, window).Write(json);
        return json.Buffer.ToArray();
    }

    /// <summary>The manifest JSON of <paramref name="bundle"/> with a text replacement (for crafted, re-signed manifests).</summary>
    public static byte[] EditManifest(BundleFile bundle, string find, string replace)
    {
        string text = Encoding.UTF8.GetString(bundle.ManifestBytes);
        Assert.Contains(find, text);
        return Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal));
    }

    private static string AssemblyVersion(string semver)
    {
        var core = semver.Split('-')[0].Split('.');
        return $"{core[0]}.{core[1]}.{core[2]}.0";
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            int h = 17;
            foreach (char c in s)
            {
                h = (h * 31) + c;
            }

            return h;
        }
    }
}
