using System;
using System.IO;
using System.Linq;
using Endpoint.Host.Flashing;

namespace Endpoint.Tests.Host.Flashing;

public sealed class DeploymentImageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("endpoint-image-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Pe(string name, params byte[] bytes)
    {
        string path = Path.Combine(_dir, name + ".pe");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Order_MscorlibFirstAppLastOthersByName()
    {
        Pe("Endpoint.Plug", 1);
        Pe("nanoFramework.Runtime.Events", 2);
        Pe("mscorlib", 3);
        Pe("Endpoint.Core", 4);
        File.WriteAllText(Path.Combine(_dir, "Endpoint.Plug.pdbx"), "not an assembly");

        var order = DeploymentImage.Order(_dir, "Endpoint.Plug").Select(Path.GetFileName);

        Assert.Equal(["mscorlib.pe", "Endpoint.Core.pe", "nanoFramework.Runtime.Events.pe", "Endpoint.Plug.pe"], order);
    }

    [Fact]
    public void Build_PadsEachAssemblyToFourBytes()
    {
        string a = Pe("a", 1, 2, 3, 4, 5);
        string b = Pe("b", 6, 7, 8, 9);
        string c = Pe("c", 10);

        byte[] image = DeploymentImage.Build([a, b, c]);

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 0, 0, 0, 6, 7, 8, 9, 10, 0, 0, 0 }, image);
    }

    [Fact]
    public void Build_EveryAssemblyStartsOnA32BitBoundary()
    {
        var random = new Random(7);
        var files = Enumerable.Range(0, 20).Select(i => Pe("p" + i, Enumerable.Range(0, random.Next(1, 300)).Select(_ => (byte)random.Next(1, 256)).ToArray())).ToList();

        byte[] image = DeploymentImage.Build(files);

        int at = 0;
        foreach (string f in files)
        {
            byte[] data = File.ReadAllBytes(f);
            Assert.Equal(0, at % 4);
            Assert.Equal(data, image.AsSpan(at, data.Length).ToArray());
            at += (data.Length + 3) / 4 * 4;
        }

        Assert.Equal(at, image.Length);
    }
}
