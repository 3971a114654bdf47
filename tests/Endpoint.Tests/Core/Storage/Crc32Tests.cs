using System;
using System.Text;
using Endpoint.Core.Storage;

namespace Endpoint.Tests.Core.Storage;

public sealed class Crc32Tests
{
    [Theory]
    [InlineData("123456789", 0xCBF43926u)] // the CRC-32/ISO-HDLC check value
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Compute_KnownVector_MatchesStandardValue(string text, uint expected)
    {
        byte[] data = Encoding.ASCII.GetBytes(text);

        Assert.Equal(expected, Crc32.Compute(data, 0, data.Length));
    }

    [Fact]
    public void Compute_Range_CoversOnlyThatRange()
    {
        byte[] data = Encoding.ASCII.GetBytes("xx123456789yy");

        Assert.Equal(0xCBF43926u, Crc32.Compute(data, 2, 9));
    }

    [Fact]
    public void Update_InPieces_EqualsComputeOverTheWhole()
    {
        var random = new Random(11);
        byte[] data = new byte[1000];
        random.NextBytes(data);

        for (int split = 0; split <= data.Length; split += 37)
        {
            uint crc = Crc32.Update(0, data, 0, split);
            crc = Crc32.Update(crc, data, split, data.Length - split);

            Assert.Equal(Crc32.Compute(data, 0, data.Length), crc);
        }
    }

    [Fact]
    public void Compute_RandomData_MatchesBitwiseReference()
    {
        var random = new Random(12);
        for (int n = 0; n < 200; n++)
        {
            byte[] data = new byte[random.Next(0, 300)];
            random.NextBytes(data);

            Assert.Equal(Reference(data), Crc32.Compute(data, 0, data.Length));
        }
    }

    [Fact]
    public void Compute_SingleBitFlip_ChangesTheCrc()
    {
        byte[] data = Encoding.ASCII.GetBytes("endpoint settings record");
        uint original = Crc32.Compute(data, 0, data.Length);
        for (int bit = 0; bit < data.Length * 8; bit++)
        {
            data[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(original, Crc32.Compute(data, 0, data.Length));
            data[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }

    // Straight from the definition: reflected input/output, polynomial 0x04C11DB7 reflected to 0xEDB88320.
    private static uint Reference(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ ((crc & 1) * 0xEDB88320u);
            }
        }

        return ~crc;
    }
}
