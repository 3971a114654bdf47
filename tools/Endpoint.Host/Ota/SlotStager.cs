using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Endpoint.Core.Ota;
using Endpoint.Host.Flashing;
using Endpoint.Host.Simulation;

namespace Endpoint.Host.Ota;

/// <summary>
/// The first install, by cable: writes into a folder exactly what a device's <c>I:\endpoint</c> holds
/// once a bundle is installed and confirmed in slot a — through the same installer the device runs —
/// plus the trusted key and a <c>nanoff deploy file</c> file that copies it all to the board.
/// </summary>
public static class SlotStager
{
    /// <summary>The file deployment description written next to the staged files.</summary>
    public const string DeploymentFile = "nanoff-deploy.json";

    /// <summary>
    /// The files a device's <c>I:\endpoint</c> holds once <paramref name="bundle"/> is installed and confirmed in
    /// slot a, by name: the slot, the boot and last-known-good records and the trusted key, written by the
    /// device's own <see cref="OtaInstaller"/> into memory. Throws <see cref="OtaException"/> when the bundle's
    /// signature does not verify with <paramref name="publicKey"/> or an assembly does not match its SHA-256.
    /// </summary>
    public static IReadOnlyDictionary<string, byte[]> Files(BundleFile bundle, byte[] publicKey)
    {
        if (!bundle.SignatureValid(publicKey))
        {
            throw new OtaException("the bundle's signature does not match the key: the device would refuse it");
        }

        var flash = new MemoryFileStore();
        TrustedKey.Write(flash, publicKey);
        var installer = new OtaInstaller(flash);
        BootRecord boot = installer.Begin(new BootRecord(), bundle.ManifestBytes, bundle.Signature, bundle.Manifest, bundle.Digest);
        for (int i = 0; i < bundle.Manifest.Assemblies.Length; i++)
        {
            int size = bundle.Manifest.Assemblies[i].Size;
            for (int at = 0; at < size; at += OtaLimits.DefaultBlockBytes)
            {
                int count = Math.Min(OtaLimits.DefaultBlockBytes, size - at);
                installer.AppendBlock(i, at, bundle.Data, bundle.AssemblyOffset(i) + at, count);
            }

            while (!installer.VerifyStep(i))
            {
            }

            if (!installer.IsDone(i))
            {
                throw new OtaException($"assembly {bundle.Manifest.Assemblies[i].Name} does not match its SHA-256");
            }
        }

        boot = installer.Commit(boot);

        // Put there by cable, the app is trusted like a confirmed one: no trial, and its build is the floor.
        boot.Trial = false;
        boot.Floor = boot.ActiveBuild;
        var records = new BootRecordStore(flash);
        records.Write(boot);
        records.WriteLastKnownGood(boot);
        return flash.Files;
    }

    /// <summary>Stages <paramref name="bundle"/> (<see cref="Files"/>) into <paramref name="folder"/> (which must be empty or missing); returns the files written.</summary>
    public static IReadOnlyList<string> Stage(BundleFile bundle, byte[] publicKey, string folder, string deviceRoot = "I:\\endpoint", string serialPort = null)
    {
        var staged = Files(bundle, publicKey);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new IOException($"{folder} is not empty");
        }

        var flash = new SimulatedFlash(folder);
        foreach (var f in staged)
        {
            flash.Write(f.Key, f.Value, 0, f.Value.Length);
        }

        var files = Directory.GetFiles(folder).Select(Path.GetFileName).Where(n => n != DeploymentFile).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var deployment = new
        {
            SerialPort = serialPort ?? "COM3",
            Files = files.Select(n => new { DestinationFilePath = deviceRoot + "\\" + n, SourceFilePath = Path.GetFullPath(Path.Combine(folder, n)) }),
        };
        File.WriteAllText(Path.Combine(folder, DeploymentFile), JsonSerializer.Serialize(deployment, new JsonSerializerOptions { WriteIndented = true }));
        return files;
    }
}
