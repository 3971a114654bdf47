using System;
using Endpoint.Host.Ble;

namespace Endpoint.Tests.Host.Ble;

public class AirDatagramTests
{
    private const string Golden = "424C4541" + "01" + "01" + "5448E68F80A5" + "CC" + "7B68E5CF8B010000" + "03" + "020106";

    private static AirDatagram Sample() => new()
    {
        Address = "54:48:E6:8F:80:A5",
        Rssi = -52,
        Time = DateTimeOffset.FromUnixTimeMilliseconds(1700000000123),
        Connectable = true,
        Data = [0x02, 0x01, 0x06],
    };

    [Fact]
    public void ToBytes_Sample_MatchesDocumentedLayout()
    {
        // magic BLEA, version 1, flags connectable, address, RSSI −52, Unix ms LE, length 3, AD bytes.
        Assert.Equal(Golden, Convert.ToHexString(Sample().ToBytes()));
    }

    [Fact]
    public void TryParse_Golden_RoundTrips()
    {
        Assert.True(AirDatagram.TryParse(Convert.FromHexString(Golden), out var d, out string error), error);
        Assert.Equal("54:48:E6:8F:80:A5", d.Address);
        Assert.Equal(-52, d.Rssi);
        Assert.Equal(1700000000123, d.Time.ToUnixTimeMilliseconds());
        Assert.True(d.Connectable);
        Assert.Equal(new byte[] { 2, 1, 6 }, d.Data);
    }

    [Theory]
    [InlineData("424C4541", "shorter than the 22-byte header")]
    [InlineData("424C45420101" + "5448E68F80A5CC7B68E5CF8B01000003020106", "magic is not BLEA")]
    [InlineData("424C45410201" + "5448E68F80A5CC7B68E5CF8B01000003020106", "version 2")]
    [InlineData("424C45410104" + "5448E68F80A5CC7B68E5CF8B01000003020106", "unknown flags 0x04")]
    [InlineData("424C45410101" + "5448E68F80A5CC7B68E5CF8B01000004020106", "header announces 26")]
    [InlineData("424C45410101" + "5448E68F80A5CC7B68E5CF8B01000020", "length 32 exceeds 31")]
    public void TryParse_Malformed_FalseWithReason(string hex, string reason)
    {
        Assert.False(AirDatagram.TryParse(Convert.FromHexString(hex), out var d, out string error));
        Assert.Null(d);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var random = new Random(5);
        for (int i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 60)];
            random.NextBytes(bytes);
            if (bytes.Length >= 5 && random.Next(2) == 0)
            {
                "BLEA"u8.CopyTo(bytes);
                bytes[4] = 1;
            }

            bool ok = AirDatagram.TryParse(bytes, out var d, out string error);
            Assert.Equal(ok, d != null);
            Assert.Equal(ok, error == null);
        }
    }

    [Fact]
    public void ToBytes_DataOver31_Throws()
    {
        var d = new AirDatagram { Address = "54:48:E6:8F:80:A5", Rssi = -50, Time = DateTimeOffset.UnixEpoch, Data = new byte[32] };
        Assert.Throws<ArgumentException>(() => d.ToBytes());
    }
}
