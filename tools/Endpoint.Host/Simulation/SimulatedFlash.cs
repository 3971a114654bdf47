using System;
using System.Collections.Generic;
using System.IO;
using Endpoint.Core.Storage;

namespace Endpoint.Host.Simulation;

/// <summary>
/// The device's <c>I:\</c> flash on the host: a folder, or a <see cref="MemoryFlash"/> when thousands
/// of endpoints share one process (no files, no fsync). Like real flash it gives no atomicity:
/// <see cref="CutPowerAtWrite"/> makes the N-th write store only a prefix of its data (chosen by a
/// seeded random, possibly empty or all but one byte) and then throw <see cref="PowerCutException"/>;
/// every later operation throws too, until a new instance is made over the same folder or memory ("reboot").
/// </summary>
public sealed class SimulatedFlash : IFileStore
{
    private readonly IFlashMedium _medium;
    private readonly Random _random;
    private int _cutAt;
    private bool _dead;

    /// <summary>Opens (creating when needed) the folder <paramref name="root"/>.</summary>
    public SimulatedFlash(string root, int seed = 1)
    {
        var folder = new FolderMedium(Path.GetFullPath(root));
        Root = folder.Root;
        _medium = folder;
        _random = new Random(seed);
    }

    /// <summary>Opens flash kept in <paramref name="memory"/>; it keeps its files across instances, as a chip does across power cycles.</summary>
    public SimulatedFlash(MemoryFlash memory, int seed = 1)
    {
        _medium = memory ?? throw new ArgumentNullException(nameof(memory));
        _random = new Random(seed);
    }

    /// <summary>The folder, or null for flash in memory.</summary>
    public string Root { get; }

    /// <summary>Writes and appends done so far (each counts one).</summary>
    public int Writes { get; private set; }

    /// <summary>True after a simulated power cut.</summary>
    public bool PowerIsCut => _dead;

    /// <summary>Cuts power during write number <paramref name="n"/> (1-based, counted from now on the <see cref="Writes"/> counter); 0 disables.</summary>
    public void CutPowerAtWrite(int n) => _cutAt = n == 0 ? 0 : Writes + n;

    /// <inheritdoc />
    public bool Exists(string name) => _medium.Length(Checked(name)) >= 0;

    /// <inheritdoc />
    public long Length(string name) => _medium.Length(Checked(name));

    /// <inheritdoc />
    public byte[] ReadAll(string name)
    {
        Alive();
        return _medium.ReadAll(Checked(name));
    }

    /// <inheritdoc />
    public int ReadAt(string name, long position, byte[] buffer, int offset, int count)
    {
        Alive();
        return _medium.ReadAt(Checked(name), position, buffer, offset, count);
    }

    /// <inheritdoc />
    public void Write(string name, byte[] data, int offset, int count) => Store(name, data, offset, count, append: false);

    /// <inheritdoc />
    public void Append(string name, byte[] data, int offset, int count) => Store(name, data, offset, count, append: true);

    /// <inheritdoc />
    public void Delete(string name)
    {
        Alive();
        _medium.Delete(Checked(name));
    }

    /// <inheritdoc />
    public string[] List(string prefix)
    {
        Alive();
        var names = _medium.Names();
        names.RemoveAll(n => !n.StartsWith(prefix, StringComparison.Ordinal));
        names.Sort(StringComparer.Ordinal);
        return names.ToArray();
    }

    private void Store(string name, byte[] data, int offset, int count, bool append)
    {
        Alive();
        Checked(name);
        Writes++;
        bool cut = _cutAt != 0 && Writes == _cutAt;
        int keep = cut ? _random.Next(0, count + 1) : count;
        if (cut && keep == count && count > 0)
        {
            keep = count - 1; // a cut during the write never completes it
        }

        _medium.Store(name, data, offset, keep, append);
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

    private static string Checked(string name)
    {
        if (name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || name == "." || name == "..")
        {
            throw new ArgumentException($"'{name}' is not a flat file name");
        }

        return name;
    }

    private sealed class FolderMedium : IFlashMedium
    {
        public FolderMedium(string root)
        {
            Root = root;
            Directory.CreateDirectory(root);
        }

        public string Root { get; }

        public long Length(string name)
        {
            var info = new FileInfo(Path.Combine(Root, name));
            return info.Exists ? info.Length : -1;
        }

        public byte[] ReadAll(string name)
        {
            string path = Path.Combine(Root, name);
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }

        public int ReadAt(string name, long position, byte[] buffer, int offset, int count)
        {
            using var fs = new FileStream(Path.Combine(Root, name), FileMode.Open, FileAccess.Read);
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

        public void Store(string name, byte[] data, int offset, int count, bool append)
        {
            using var fs = new FileStream(Path.Combine(Root, name), append ? FileMode.Append : FileMode.Create, FileAccess.Write);
            fs.Write(data, offset, count);
            fs.Flush(true);
        }

        public void Delete(string name) => File.Delete(Path.Combine(Root, name));

        public List<string> Names()
        {
            var names = new List<string>();
            foreach (string path in Directory.GetFiles(Root))
            {
                names.Add(Path.GetFileName(path));
            }

            return names;
        }
    }
}

/// <summary>Where a <see cref="SimulatedFlash"/> keeps its files.</summary>
internal interface IFlashMedium
{
    long Length(string name);

    byte[] ReadAll(string name);

    int ReadAt(string name, long position, byte[] buffer, int offset, int count);

    void Store(string name, byte[] data, int offset, int count, bool append);

    void Delete(string name);

    List<string> Names();
}

/// <summary>
/// Flash contents held in memory: what a simulated endpoint keeps across reboots and power cuts
/// when no state folder is wanted (large fleets). Give the same instance to each boot of the
/// same endpoint. Thread-safe.
/// </summary>
public sealed class MemoryFlash : IFlashMedium
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    /// <summary>Bytes stored in all files.</summary>
    public long Bytes
    {
        get
        {
            lock (_files)
            {
                long total = 0;
                foreach (var f in _files.Values)
                {
                    total += f.Length;
                }

                return total;
            }
        }
    }

    long IFlashMedium.Length(string name)
    {
        lock (_files)
        {
            return _files.TryGetValue(name, out var f) ? f.Length : -1;
        }
    }

    byte[] IFlashMedium.ReadAll(string name)
    {
        lock (_files)
        {
            return _files.TryGetValue(name, out var f) ? (byte[])f.Clone() : null;
        }
    }

    int IFlashMedium.ReadAt(string name, long position, byte[] buffer, int offset, int count)
    {
        lock (_files)
        {
            if (!_files.TryGetValue(name, out var f))
            {
                throw new FileNotFoundException($"no file '{name}' in the flash");
            }

            int n = (int)Math.Max(0, Math.Min(count, f.Length - position));
            Buffer.BlockCopy(f, (int)Math.Min(position, f.Length), buffer, offset, n);
            return n;
        }
    }

    void IFlashMedium.Store(string name, byte[] data, int offset, int count, bool append)
    {
        lock (_files)
        {
            byte[] old = append && _files.TryGetValue(name, out var f) ? f : [];
            var stored = new byte[old.Length + count];
            Buffer.BlockCopy(old, 0, stored, 0, old.Length);
            Buffer.BlockCopy(data, offset, stored, old.Length, count);
            _files[name] = stored;
        }
    }

    void IFlashMedium.Delete(string name)
    {
        lock (_files)
        {
            _files.Remove(name);
        }
    }

    List<string> IFlashMedium.Names()
    {
        lock (_files)
        {
            return new List<string>(_files.Keys);
        }
    }
}
