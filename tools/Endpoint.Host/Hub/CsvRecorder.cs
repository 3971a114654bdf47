using System;
using System.IO;
using System.Text;
using System.Threading;

namespace Endpoint.Host.Hub;

/// <summary>
/// Appends readings to a CSV file (<see cref="ReadingCsv"/>) as they arrive, flushed to disk every
/// second and when disposed, so a run cut short loses at most a second. An existing file written by
/// this tool is continued; any other existing file is refused rather than overwritten.
/// </summary>
public sealed class CsvRecorder : IDisposable
{
    private readonly object _lock = new();
    private readonly StreamWriter _out;
    private readonly Timer _flush;
    private bool _dirty;
    private bool _disposed;

    /// <summary>Opens (or creates) <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be written, or holds something other than readings (the message says which).</exception>
    public CsvRecorder(string path)
    {
        Path = path;
        bool append = false;
        if (File.Exists(path) && new FileInfo(path).Length > 0)
        {
            using var reader = new StreamReader(path);
            if (reader.ReadLine() != ReadingCsv.Header)
            {
                throw new IOException($"{path} exists and is not a readings CSV (its first line is not '{ReadingCsv.Header}'); choose another file");
            }

            append = true;
        }

        if (Directory.Exists(path))
        {
            throw new IOException($"{path} is a folder; give a file name such as readings.csv");
        }

        try
        {
            _out = new StreamWriter(new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"cannot write {path}: {ex.Message}", ex);
        }

        if (!append)
        {
            _out.Write(ReadingCsv.Header);
            _out.Write('\n');
            _dirty = true;
        }

        _flush = new Timer(_ => Flush(), null, 1000, 1000);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Rows written since opening.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds one row (thread-safe).</summary>
    public void Add(Reading reading)
    {
        string line = ReadingCsv.Line(reading);
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _out.Write(line);
            _out.Write('\n');
            _dirty = true;
            Rows++;
        }
    }

    /// <summary>Writes what is buffered to the file.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (_disposed || !_dirty)
            {
                return;
            }

            _out.Flush();
            _dirty = false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _flush.Dispose();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _out.Flush();
            _out.Dispose();
            _disposed = true;
        }
    }
}
