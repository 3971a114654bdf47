using System;
using System.IO;
using System.Linq;
using System.Text;
using Endpoint.Host.Hub;

namespace Endpoint.Tests.Host.Hub;

public sealed class ReadingCsvTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "endpoint-csv-" + Guid.NewGuid().ToString("N") + ".csv");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Line_PlainAndAwkwardValues_QuotedOnlyWhenNeeded()
    {
        var t = new DateTime(2025, 3, 4, 5, 6, 7, 89, DateTimeKind.Utc);
        Assert.Equal("2025-03-04T05:06:07.089Z,th-1,temperature,21.5,°C", ReadingCsv.Line(new Reading(t, "th-1", "temperature", "21.5", "°C")));
        Assert.Equal("2025-03-04T05:06:07.089Z,l-1,light,\"{\"\"state\"\":\"\"ON\"\",\"\"x\"\":1}\",", ReadingCsv.Line(new Reading(t, "l-1", "light", "{\"state\":\"ON\",\"x\":1}", "")));
        Assert.Equal("2025-03-04T05:06:07.089Z,d,e,\"a\nb\",", ReadingCsv.Line(new Reading(t, "d", "e", "a\nb", null)));
    }

    [Fact]
    public void WriteThenParse_RandomValues_RoundTrip()
    {
        var random = new Random(5);
        const string alphabet = "ab,\"\n\r °C-1.5{}";
        var readings = Enumerable.Range(0, 300).Select(i => new Reading(
            new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(random.Next(0, 100_000_000)),
            "dev-" + random.Next(10),
            "e" + i,
            new string(Enumerable.Range(0, random.Next(0, 8)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()).Replace("\r", ""),
            random.Next(2) == 0 ? "" : "°C")).ToList();
        var text = new StringWriter();

        ReadingCsv.Write(text, readings);

        Assert.Equal(readings, ReadingCsv.Parse(text.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("time,device\n")]
    [InlineData("time,device,entity,value,unit\n2025-01-01T00:00:00.000Z,a,b,c\n")]
    [InlineData("time,device,entity,value,unit\nyesterday,a,b,c,d\n")]
    [InlineData("time,device,entity,value,unit\n2025-01-01T00:00:00.000Z,a,b,\"c,d\n")]
    [InlineData("time,device,entity,value,unit\n2025-01-01T00:00:00.000Z,a,b,c\"d,e\n")]
    public void Parse_NotOurCsv_FormatException(string text)
    {
        Assert.Throws<FormatException>(() => ReadingCsv.Parse(text));
    }

    [Fact]
    public void Recorder_NewFileThenContinued_OneHeaderAllRows()
    {
        var t = DateTime.UtcNow;
        using (var first = new CsvRecorder(_file))
        {
            first.Add(new Reading(t, "a", "relay", "ON", ""));
        }

        using (var second = new CsvRecorder(_file))
        {
            second.Add(new Reading(t, "a", "relay", "OFF", ""));
            second.Flush();
            Assert.Equal(1, second.Rows);
        }

        var rows = ReadingCsv.Parse(File.ReadAllText(_file));
        Assert.Equal(new[] { "ON", "OFF" }, rows.Select(r => r.Value));
    }

    [Fact]
    public void Recorder_ExistingOtherFile_RefusedAndLeftAlone()
    {
        File.WriteAllText(_file, "my notes\n");
        var ex = Assert.Throws<IOException>(() => new CsvRecorder(_file));
        Assert.Contains("is not a readings CSV", ex.Message);
        Assert.Equal("my notes\n", File.ReadAllText(_file, Encoding.UTF8));
    }
}

public class NaturalOrderTests
{
    [Fact]
    public void Compare_IdsWithNumbers_CountingOrder()
    {
        var ids = new[] { "plug-10", "plug-2", "light-1", "plug-1", "plug-002", "plug-1a", "plug-" };
        Array.Sort(ids, NaturalOrder.Compare);
        Assert.Equal(new[] { "light-1", "plug-", "plug-1", "plug-1a", "plug-002", "plug-2", "plug-10" }, ids);
    }

    [Fact]
    public void Recorder_PathIsAFolder_SaysSo()
    {
        string dir = System.IO.Directory.CreateTempSubdirectory("endpoint-csv-").FullName;
        try
        {
            var ex = Assert.Throws<System.IO.IOException>(() => new CsvRecorder(dir));
            Assert.Equal($"{dir} is a folder; give a file name such as readings.csv", ex.Message);
        }
        finally
        {
            System.IO.Directory.Delete(dir);
        }
    }
}
