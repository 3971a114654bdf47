using System;
using System.Linq;
using System.Text;
using Endpoint.Core.Ota;

namespace Endpoint.Tests.Core.Ota;

public sealed class BundleManifestTests
{
    private static readonly string Sha = new string('a', 64);

    private static string Valid(string assemblies = null, string extra = "") =>
        "{\"format\":1,\"app\":\"plug\",\"version\":\"1.2.3\",\"build\":7,\"boards\":[\"esp32-devkitc\",\"esp32-wroom\"],\"soc\":\"esp32\","
        + "\"entry\":\"Endpoint.Apps.Plug.Program\",\"min_boot\":1" + extra + ",\"assemblies\":"
        + (assemblies ?? $"[{{\"name\":\"Endpoint.Core\",\"version\":\"1.0.0.0\",\"size\":1000,\"sha256\":\"{Sha}\"}},{{\"name\":\"Endpoint.Plug\",\"version\":\"1.2.3.0\",\"size\":20,\"sha256\":\"{Sha}\"}}]")
        + "}";

    private static BundleManifest Parse(string json)
    {
        byte[] b = Encoding.UTF8.GetBytes(json);
        return BundleManifest.Parse(b, 0, b.Length);
    }

    private static string Refusal(string json) => Assert.Throws<OtaException>(() => Parse(json)).Message;

    [Fact]
    public void Parse_Valid_ReadsEveryField()
    {
        var m = Parse(Valid());

        Assert.Equal(1, m.Format);
        Assert.Equal("plug", m.App);
        Assert.Equal("1.2.3", m.Version);
        Assert.Equal(7, m.Build);
        Assert.Equal(["esp32-devkitc", "esp32-wroom"], m.Boards);
        Assert.Equal("esp32", m.Soc);
        Assert.Equal("Endpoint.Apps.Plug.Program", m.Entry);
        Assert.Equal(1, m.MinBoot);
        Assert.Equal(2, m.Assemblies.Length);
        Assert.Equal("Endpoint.Plug", m.Assemblies[1].Name);
        Assert.Equal(1020, m.TotalSize);
        Assert.True(m.SupportsBoard("esp32-wroom"));
        Assert.False(m.SupportsBoard("esp32"));
        Assert.All(m.Assemblies[0].Sha256, b => Assert.Equal(0xAA, b));
    }

    [Fact]
    public void Writer_ProducesTheCanonicalBytesItParses()
    {
        var m = Parse(Valid());
        byte[] canonical = ManifestWriter.ToBytes(m);

        Assert.Equal(Valid(), Encoding.UTF8.GetString(canonical));
        Assert.Equal(canonical, ManifestWriter.ToBytes(BundleManifest.Parse(canonical, 0, canonical.Length)));
    }

    [Fact]
    public void Parse_MembersInAnyOrderWithWhitespace_Accepted()
    {
        string shuffled = "{ \"assemblies\" : [ {\"sha256\":\"" + Sha + "\",\"size\":5,\"version\":\"0.0.0.1\",\"name\":\"A\"} ],\n \"min_boot\":2,\"entry\":\"A.B\",\"soc\":\"esp32c3\",\"boards\":[\"b\"],\"build\":1,\"version\":\"0.1.0-rc.1\",\"app\":\"light\",\"format\":1 }";

        var m = Parse(shuffled);

        Assert.Equal("0.1.0-rc.1", m.Version);
        Assert.Equal(5, m.Assemblies[0].Size);
    }

    [Fact]
    public void Parse_ExtensionFields_IgnoredAtBothLevels()
    {
        string json = Valid($"[{{\"name\":\"A\",\"version\":\"1.0.0.0\",\"size\":3,\"sha256\":\"{Sha}\",\"x_source\":{{\"commit\":\"abc\"}}}}]", ",\"x_notes\":[1,{\"a\":null}]");

        Assert.Equal("A", Parse(json).Assemblies[0].Name);
    }

    [Theory]
    [InlineData(",\"channel\":\"beta\"", "unknown field 'channel'")]
    [InlineData(",\"app\":\"plug\"", "field 'app' appears twice")]
    [InlineData(",\"X_notes\":1", "unknown field 'X_notes'")]
    public void Parse_UnknownOrDuplicateField_Refused(string extra, string reason)
    {
        Assert.Contains(reason, Refusal(Valid(extra: extra)));
    }

    [Theory]
    [InlineData("\"format\":1", "\"format\":2", "format 2 is not supported")]
    [InlineData("\"format\":1", "\"format\":1.5", "'format' must be a whole number")]
    [InlineData("\"app\":\"plug\"", "\"app\":\"Plug\"", "app 'Plug'")]
    [InlineData("\"version\":\"1.2.3\"", "\"version\":\"1.2\"", "not a semantic version")]
    [InlineData("\"version\":\"1.2.3\"", "\"version\":\"01.2.3\"", "not a semantic version")]
    [InlineData("\"version\":\"1.2.3\"", "\"version\":\"1.2.3-\"", "not a semantic version")]
    [InlineData("\"build\":7", "\"build\":0", "outside 1-2147483647")]
    [InlineData("\"build\":7", "\"build\":4294967296", "must be a whole number")]
    [InlineData("\"build\":7", "\"build\":\"7\"", "must be a whole number")]
    [InlineData("\"boards\":[\"esp32-devkitc\",\"esp32-wroom\"]", "\"boards\":[]", "names no board")]
    [InlineData("\"boards\":[\"esp32-devkitc\",\"esp32-wroom\"]", "\"boards\":[\"a\",\"a\"]", "names board 'a' twice")]
    [InlineData("\"boards\":[\"esp32-devkitc\",\"esp32-wroom\"]", "\"boards\":\"esp32-devkitc\"", "boards must be an array")]
    [InlineData("\"soc\":\"esp32\"", "\"soc\":\"\"", "soc ''")]
    [InlineData("\"entry\":\"Endpoint.Apps.Plug.Program\"", "\"entry\":\"Bad Name\"", "not a type name")]
    [InlineData("\"min_boot\":1", "\"min_boot\":0", "outside 1-65535")]
    [InlineData("\"min_boot\":1,", "", "lacks the field 'min_boot'")]
    public void Parse_BadField_RefusedWithReason(string find, string replace, string reason)
    {
        Assert.Contains(reason, Refusal(Valid().Replace(find, replace)));
    }

    [Theory]
    [InlineData("[]", "lists no assembly")]
    [InlineData("[{\"name\":\"A\",\"version\":\"1.0.0.0\",\"size\":0,\"sha256\":\"SHA\"}]", "size is 0")]
    [InlineData("[{\"name\":\"A\",\"version\":\"1.0.0.0\",\"size\":1048577,\"sha256\":\"SHA\"}]", "more than the 1048576 bytes allowed")]
    [InlineData("[{\"name\":\"A\",\"version\":\"1.0.0.0\",\"size\":-1,\"sha256\":\"SHA\"}]", "outside 0-2147483647")]
    [InlineData("[{\"name\":\"A\",\"version\":\"1.0.0.0\",\"size\":9e99,\"sha256\":\"SHA\"}]", "must be a whole number")]
    [InlineData("[{\"name\":\"A\",\"version\":\"1.0.0.0\",\"size\":1,\"sha256\":\"ABCD\"}]", "not 64 lower-case hex")]
    [InlineData("[{\"name\":\"A\",\"version\":\"1.0.0\",\"size\":1,\"sha256\":\"SHA\"}]", "not major.minor.build.revision")]
    [InlineData("[{\"name\":\"A\",\"version\":\"1.0.0.65536\",\"size\":1,\"sha256\":\"SHA\"}]", "not major.minor.build.revision")]
    [InlineData("[{\"name\":\"../x\",\"version\":\"1.0.0.0\",\"size\":1,\"sha256\":\"SHA\"}]", "name '../x'")]
    [InlineData("[{\"name\":\"A\",\"version\":\"1.0.0.0\",\"size\":1}]", "lacks the field 'sha256'")]
    [InlineData("[{\"name\":\"A\",\"version\":\"1.0.0.0\",\"size\":1,\"sha256\":\"SHA\",\"path\":\"/x\"}]", "unknown field 'path'")]
    [InlineData("[{\"name\":\"A\",\"version\":\"1.0.0.0\",\"size\":1,\"sha256\":\"SHA\"},{\"name\":\"a\",\"version\":\"1.0.0.0\",\"size\":1,\"sha256\":\"SHA\"}]", "lists assembly 'a' twice")]
    [InlineData("[\"A\"]", "must be an object")]
    public void Parse_BadAssemblies_RefusedWithReason(string assemblies, string reason)
    {
        Assert.Contains(reason, Refusal(Valid(assemblies.Replace("SHA", Sha))));
    }

    [Fact]
    public void Parse_AssembliesAddingUpToMoreThanTheBundleLimit_Refused()
    {
        string one = $"{{\"name\":\"N\",\"version\":\"1.0.0.0\",\"size\":{OtaLimits.MaxAssemblyBytes},\"sha256\":\"{Sha}\"}}";
        string list = "[" + string.Join(",", Enumerable.Range(0, 5).Select(i => one.Replace("\"N\"", "\"A" + i + "\""))) + "]";

        Assert.Contains("add up to more than", Refusal(Valid(list)));
    }

    [Fact]
    public void Parse_TooManyAssemblies_Refused()
    {
        string list = "[" + string.Join(",", Enumerable.Range(0, OtaLimits.MaxAssemblies + 1).Select(i => $"{{\"name\":\"A{i}\",\"version\":\"1.0.0.0\",\"size\":1,\"sha256\":\"{Sha}\"}}")) + "]";

        Assert.Contains("more than 64 assemblies", Refusal(Valid(list)));
    }

    [Theory]
    [InlineData("", "manifest is empty")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"format\":1", "not valid JSON")]
    [InlineData("{\"format\":1}{}", "not valid JSON")]
    [InlineData("{\"format\":1}", "lacks the field 'app'")]
    public void Parse_NotAManifest_Refused(string json, string reason)
    {
        Assert.Contains(reason, Refusal(json));
    }

    [Fact]
    public void Parse_Oversized_RefusedBeforeReading()
    {
        byte[] big = new byte[OtaLimits.MaxManifestBytes + 1];

        Assert.Contains("more than the 8192 allowed", Assert.Throws<OtaException>(() => BundleManifest.Parse(big, 0, big.Length)).Message);
    }

    [Fact]
    public void Parse_RandomAndMutatedInput_OnlyEverRefusesWithOtaException()
    {
        var random = new Random(4242);
        byte[] valid = Encoding.UTF8.GetBytes(Valid());
        for (int i = 0; i < 5000; i++)
        {
            byte[] input;
            if (i % 3 == 0)
            {
                input = new byte[random.Next(0, 300)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                int edits = random.Next(1, 4);
                for (int e = 0; e < edits; e++)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }

                if (i % 3 == 2)
                {
                    input = input[..random.Next(input.Length)];
                }
            }

            try
            {
                var m = BundleManifest.Parse(input, 0, input.Length);
                Assert.NotNull(m.App);
                Assert.NotEmpty(m.Assemblies);
            }
            catch (OtaException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }
    }
}
