using System;
using System.IO;
using Endpoint.Host.Ble;

namespace Endpoint.Tests.Host.Ble;

public sealed class AirDirectoryTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "endpoint-air-file-" + Guid.NewGuid().ToString("N"));

    public AirDirectoryTests() => File.WriteAllText(_file, "not a folder");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Ensure_PathIsAFile_OneLineNamingTheAirFolder()
    {
        var ex = Assert.Throws<IOException>(() => AirDirectory.Ensure(_file));
        Assert.StartsWith($"the simulated BLE air folder '{_file}'", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
