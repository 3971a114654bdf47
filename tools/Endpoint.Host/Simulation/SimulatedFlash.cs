using System;
using System.Collections.Generic;
using System.IO;
using Endpoint.Core.Storage;

namespace Endpoint.Host.Simulation;

/// <summary>
/// The device's <c>I:\</c> flash as a folder on the host. Like real flash it gives no atomicity:
/// <see cref="CutPowerAtWrite"/> makes the N-th write store only a prefix of its data (chosen by a
/// seeded random, possibly empty or all but one byte) and then throw <see cref="PowerCutException"/>;
/// every later operation throws too, until a new instance is made over the same folder ("reboot").
/// </summary>
public sealed class SimulatedFlash : IFileStore
{
    private readonly string _root;
    private readonly Random _random;
    private int _cutAt;
    private bool _dead;

    /// <summary>Opens (creating when needed) the folder <paramref name="root"/>.</summary>
    public SimulatedFlash(string root, int seed = 1)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
        _random = new Random(seed);
    }

    /// <summary>The folder.</summary>
    public string Root => _root;

    /// <summary>Writes and appends done so far (each counts one).</summary>
    public int Writes { get; private set; }

    /// <summary>True after a simulated power cut.</summary>
    public bool PowerIsCut => _dead;

    /// <summary>Cuts power during write number <paramref name="n"/> (1-based, counted from now on the <see cref="Writes"/> counter); 0 disables.</summary>
    public void CutPowerAtWrite(int n) => _cutAt = n == 0 ? 0 : Writes + n;

    /// <inheritdoc />
    public bool Exists(string name) => File.Exists(PathOf(name));

    /// <inheritdoc />
    public long Length(string name)
    {
        var info = new FileInfo(PathOf(name));
        return info.Exists ? info.Length : -1;
    }

    /// <inheritdoc />
    public byte[] ReadAll(string name)
    {
        Alive();
        string path = PathOf(name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <inheritdoc />
    public int ReadAt(string name, long position, byte[] buffer, int offset, int count)
    {
        Alive();
        using var fs = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read);
        fs.Position = position;
        int total = 0;
        while (total < count)
        {
            int n = fs.Read(buffer, offset + total, count - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <inheritdoc />
    public void Write(string name, byte[] data, int offset, int count) => Store(name, data, offset, count, FileMode.Create);

    /// <inheritdoc />
    public void Append(string name, byte[] data, int offset, int count) => Store(name, data, offset, count, FileMode.Append);

    /// <inheritdoc />
    public void Delete(string name)
    {
        Alive();
        File.Delete(PathOf(name));
    }

    /// <inheritdoc />
    public string[] List(string prefix)
    {
        Alive();
        var names = new List<string>();
        foreach (string path in Directory.GetFiles(_root))
        {
            string name = Path.GetFileName(path);
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names.ToArray();
    }

    private void Store(string name, byte[] data, int offset, int count, FileMode mode)
    {
        Alive();
        Writes++;
        bool cut = _cutAt != 0 && Writes == _cutAt;
        int keep = cut ? _random.Next(0, count + 1) : count;
        if (cut && keep == count && count > 0)
        {
            keep = count - 1; // a cut during the write never completes it
        }

        using (var fs = new FileStream(PathOf(name), mode, FileAccess.Write))
        {
            fs.Write(data, offset, keep);
            fs.Flush(true);
        }

        if (cut)
        {
            _dead = true;
            throw new PowerCutException($"power cut during write #{Writes} ({name}, {keep} of {count} bytes written)");
        }
    }

    private void Alive()
    {
        if (_dead)
        {
            throw new PowerCutException("the power is off");
        }
    }

    private string PathOf(string name)
    {
        if (name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || name == "." || name == "..")
        {
            throw new ArgumentException($"'{name}' is not a flat file name");
        }

        return Path.Combine(_root, name);
    }
}
