using System;
using System.Collections.Generic;
using System.Linq;
using Endpoint.Core.Storage;

namespace Endpoint.Host.Flashing;

/// <summary>
/// An <see cref="IFileStore"/> in memory: lets the host run the device's own storage code
/// (<see cref="KeyValueStore"/>, <see cref="AtomicRecordFile"/>) and take the bytes it would leave on
/// <c>I:\</c>, to deploy them as files.
/// </summary>
public sealed class MemoryFileStore : IFileStore
{
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    /// <summary>The files, by name, in name order.</summary>
    public IReadOnlyDictionary<string, byte[]> Files => _files;

    /// <inheritdoc />
    public bool Exists(string name) => _files.ContainsKey(name);

    /// <inheritdoc />
    public long Length(string name) => _files.TryGetValue(name, out var data) ? data.Length : -1;

    /// <inheritdoc />
    public byte[] ReadAll(string name) => _files.TryGetValue(name, out var data) ? (byte[])data.Clone() : null;

    /// <inheritdoc />
    public int ReadAt(string name, long position, byte[] buffer, int offset, int count)
    {
        if (!_files.TryGetValue(name, out var data) || position < 0 || position >= data.Length || count <= 0)
        {
            return 0;
        }

        int n = (int)Math.Min(count, data.Length - position);
        Array.Copy(data, position, buffer, offset, n);
        return n;
    }

    /// <inheritdoc />
    public void Write(string name, byte[] data, int offset, int count) => _files[name] = data.AsSpan(offset, count).ToArray();

    /// <inheritdoc />
    public void Append(string name, byte[] data, int offset, int count) =>
        _files[name] = (_files.TryGetValue(name, out var old) ? old : []).Concat(data.AsSpan(offset, count).ToArray()).ToArray();

    /// <inheritdoc />
    public void Delete(string name) => _files.Remove(name);

    /// <inheritdoc />
    public string[] List(string prefix) => _files.Keys.Where(k => k.StartsWith(prefix ?? "", StringComparison.Ordinal)).ToArray();
}
