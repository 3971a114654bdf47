using System.IO;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

/// <summary><c>endpoint board</c> as a user meets it on files that are not board.json files.</summary>
public class BoardCommandTests
{
    [Fact]
    public void Validate_AFolder_SaysItIsAFolderAndExit1()
    {
        string dir = Directory.CreateTempSubdirectory("endpoint-board-").FullName;
        try
        {
            var result = CliRun.Run(30_000, "board", "validate", dir);
            Assert.Equal(1, result.Exit);
            Assert.Equal($"{dir}: a folder, not a file; give its board.json", (result.Out + result.Err).Trim());
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [Fact]
    public void Validate_CorruptJson_OneLineWithLineAndColumnExit1()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "{\n  \"id\": \"x\",\n  oops\n}");
            var result = CliRun.Run(30_000, "board", "validate", file);
            Assert.Equal(1, result.Exit);
            Assert.StartsWith($"{file}: not valid JSON at line 3, column 3: ", (result.Out + result.Err).Trim());
            Assert.Single((result.Out + result.Err).Trim().Split('\n'));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
