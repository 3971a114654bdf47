using Endpoint.Core.Hardware;

namespace Endpoint.Tests.Core.Hardware;

public class Crc8Tests
{
    [Fact]
    public void Sensirion_DatasheetExample_0xBEEF_Is0x92()
    {
        // SHT3x datasheet §4.12 Table 20 and SHT4x datasheet §4.4: CRC(0xBEEF) = 0x92.
        Assert.Equal(0x92, Crc8.Sensirion(new byte[] { 0xBE, 0xEF }, 0));
    }

    [Theory]
    [InlineData(0x00, 0x00, 0x81)]
    [InlineData(0x66, 0x66, 0x93)]
    [InlineData(0x80, 0x00, 0xA2)]
    public void Sensirion_OtherWords_MatchTheReferenceAlgorithm(byte msb, byte lsb, byte crc)
    {
        Assert.Equal(crc, Crc8.Sensirion(new byte[] { 0x11, msb, lsb }, 1));
    }

    [Fact]
    public void Compute_AnySingleBitFlip_ChangesTheCrc()
    {
        byte[] word = { 0xBE, 0xEF };
        byte good = Crc8.Sensirion(word, 0);
        for (int bit = 0; bit < 16; bit++)
        {
            byte[] flipped = (byte[])word.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(good, Crc8.Sensirion(flipped, 0));
        }
    }
}
