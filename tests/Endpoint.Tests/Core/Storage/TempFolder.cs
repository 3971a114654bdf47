using System;
using System.IO;

namespace Endpoint.Tests.Core.Storage;

/// <summary>A unique temporary folder for a simulated flash, deleted when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "endpoint-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A fresh empty sub-folder (one per scenario of a sweep).</summary>
    public string Sub(string name)
    {
        string path = System.IO.Path.Combine(Path, name);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, true);
        }

        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, true);
        }
        catch (IOException)
        {
        }
    }
}
