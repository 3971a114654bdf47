using Endpoint.Tests.Support;

namespace Endpoint.Tests.Cli;

public class SimCommandProvisioningOptionsTests
{
    [Theory]
    [InlineData("--wifi Lab", "endpoint sim: --wifi: 'Lab' is not SSID:password[:rssi]")]
    [InlineData("--wifi Lab:a --wifi Lab:b", "endpoint sim: --wifi: network 'Lab' is given twice")]
    [InlineData("--wifi Lab:secret:-120", "endpoint sim: --wifi: RSSI -120 dBm is out of range")]
    [InlineData("--serial /dev/no-such-tty", "endpoint sim: --serial: no such device '/dev/no-such-tty'")]
    [InlineData("--portal-port 8080", "endpoint sim: --portal-port goes with --wifi")]
    [InlineData("--wifi Lab:a --portal-port 0", "endpoint sim: --portal-port must be")]
    [InlineData("--wifi Lab:a --portal-port http", "endpoint sim: --portal-port must be")]
    public void BadOption_OneLineAndExit2(string args, string message)
    {
        var r = CliRun.Run(30_000, ["sim", "plug", .. args.Split(' ')]);
        Assert.Equal(2, r.Exit);
        Assert.StartsWith(message, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }
}
