using System;
using System.Collections.Generic;
using System.IO;
using Endpoint.Core.Crypto;
using Endpoint.Core.Ota;

namespace Endpoint.Host.Ota;

/// <summary>An <c>.epk</c> bundle read into memory and checked for framing (BundleLayout) and manifest syntax.</summary>
public sealed class BundleFile
{
    private BundleFile(byte[] data, int manifestLength, BundleManifest manifest)
    {
        Data = data;
        ManifestLength = manifestLength;
        Manifest = manifest;
        ManifestBytes = data.AsSpan(BundleLayout.HeaderSize, manifestLength).ToArray();
        Signature = data.AsSpan(BundleLayout.HeaderSize + manifestLength, BundleLayout.SignatureSize).ToArray();
        Digest = OtaDigest.Of(ManifestBytes, 0, ManifestBytes.Length);
        BundleId = OtaDigest.BundleId(Digest);
        BundleIdHex = Hex.Encode(BundleId);
    }

    /// <summary>The whole file.</summary>
    public byte[] Data { get; }

    /// <summary>Length of the manifest.</summary>
    public int ManifestLength { get; }

    /// <summary>The manifest's exact bytes.</summary>
    public byte[] ManifestBytes { get; }

    /// <summary>The parsed manifest.</summary>
    public BundleManifest Manifest { get; }

    /// <summary>The Ed25519 signature.</summary>
    public byte[] Signature { get; }

    /// <summary>SHA-256 of the manifest.</summary>
    public byte[] Digest { get; }

    /// <summary>The first 8 bytes of <see cref="Digest"/>.</summary>
    public byte[] BundleId { get; }

    /// <summary><see cref="BundleId"/> as hex.</summary>
    public string BundleIdHex { get; }

    /// <summary>Reads and checks a bundle file; throws <see cref="OtaException"/> when it is not a well-formed bundle.</summary>
    public static BundleFile Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>Checks a bundle in memory; throws <see cref="OtaException"/>.</summary>
    public static BundleFile Parse(byte[] data)
    {
        int manifestLength = BundleLayout.ReadManifestLength(data, data.Length);
        BundleManifest manifest = BundleManifest.Parse(data, BundleLayout.HeaderSize, manifestLength);
        BundleLayout.CheckLength(manifest, manifestLength, data.Length);
        return new BundleFile(data, manifestLength, manifest);
    }

    /// <summary>Where assembly <paramref name="index"/> starts in <see cref="Data"/>.</summary>
    public int AssemblyOffset(int index) => (int)BundleLayout.AssemblyOffset(Manifest, ManifestLength, index);

    /// <summary>The image of assembly <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Assembly(int index) => Data.AsSpan(AssemblyOffset(index), Manifest.Assemblies[index].Size);

    /// <summary>True when the signature is valid under <paramref name="publicKey"/>.</summary>
    public bool SignatureValid(byte[] publicKey) => OtaSignature.Verify(publicKey, ManifestBytes, 0, ManifestBytes.Length, Signature);

    /// <summary>Names of the assemblies whose bytes do not match their manifest SHA-256.</summary>
    public List<string> HashMismatches()
    {
        var bad = new List<string>();
        for (int i = 0; i < Manifest.Assemblies.Length; i++)
        {
            byte[] hash = Sha256.Hash(Data, AssemblyOffset(i), Manifest.Assemblies[i].Size);
            if (!OtaDigest.Same(hash, Manifest.Assemblies[i].Sha256))
            {
                bad.Add(Manifest.Assemblies[i].Name);
            }
        }

        return bad;
    }
}
