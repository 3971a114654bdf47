using System.Linq;
using Endpoint.Core.Hardware;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Hardware;

public class SensirionChannelTests
{
    private readonly ScriptedI2cBus _bus = new();

    [Theory]
    [InlineData(1, 0xFD, new byte[] { 0xFD })]
    [InlineData(2, 0x2400, new byte[] { 0x24, 0x00 })]
    [InlineData(2, 0x30A2, new byte[] { 0x30, 0xA2 })]
    public void Start_WritesTheCommandMostSignificantByteFirst(int length, int command, byte[] expected)
    {
        var channel = new SensirionChannel(_bus, 0x44, length);
        Assert.True(channel.Start(command));
        Assert.Equal(expected, _bus.Writes(0x44).Single());
        Assert.Equal(SensorStatus.Ok, channel.Status);
    }

    [Fact]
    public void TryReadWords_DatasheetCrcExample_GivesBothWordsOnce()
    {
        // 0xBEEF with CRC 0x92 (SHT3x datasheet §4.12 Table 20, SHT4x §4.4).
        _bus.Replies.Enqueue(new byte[] { 0xBE, 0xEF, 0x92, 0xBE, 0xEF, 0x92 });
        var channel = new SensirionChannel(_bus, 0x44, 1);
        channel.Start(0xFD);

        Assert.True(channel.TryReadWords(out int first, out int second));
        Assert.Equal(0xBEEF, first);
        Assert.Equal(0xBEEF, second);
        Assert.False(channel.TryReadWords(out _, out _));
        Assert.Equal(SensorStatus.NotStarted, channel.Status);
    }

    [Fact]
    public void TryReadWords_NackWhileConverting_KeepsTheMeasurementPending()
    {
        _bus.Replies.Enqueue(null);
        _bus.Replies.Enqueue(new byte[] { 0xBE, 0xEF, 0x92, 0x00, 0x00, 0x81 });
        var channel = new SensirionChannel(_bus, 0x44, 1);
        channel.Start(0xFD);

        Assert.False(channel.TryReadWords(out _, out _));
        Assert.Equal(SensorStatus.NoResponse, channel.Status);
        Assert.True(channel.TryReadWords(out int first, out int second));
        Assert.Equal((0xBEEF, 0), (first, second));
    }

    [Theory]
    [InlineData(new byte[] { 0xBE, 0xEF, 0x93, 0xBE, 0xEF, 0x92 })]
    [InlineData(new byte[] { 0xBE, 0xEF, 0x92, 0xBE, 0xEE, 0x92 })]
    public void TryReadWords_BadCrcOnEitherWord_IsAnErrorAndConsumesTheAnswer(byte[] answer)
    {
        _bus.Replies.Enqueue(answer);
        var channel = new SensirionChannel(_bus, 0x44, 1);
        channel.Start(0xFD);

        Assert.False(channel.TryReadWords(out int first, out int second));
        Assert.Equal((0, 0), (first, second));
        Assert.Equal(SensorStatus.CrcMismatch, channel.Status);
        Assert.False(channel.TryReadWords(out _, out _));
        Assert.Equal(SensorStatus.NotStarted, channel.Status);
    }

    [Fact]
    public void Send_CommandWithoutAnswer_DropsThePendingMeasurement()
    {
        var channel = new SensirionChannel(_bus, 0x44, 1);
        channel.Start(0xFD);
        Assert.True(channel.Send(0x94));

        Assert.False(channel.TryReadWords(out _, out _));
        Assert.Equal(SensorStatus.NotStarted, channel.Status);
        Assert.Empty(_bus.Transfers.Where(t => t.Kind == "read"));
    }

    [Fact]
    public void Start_NotAcknowledged_NoResponseAndNothingPending()
    {
        var channel = new SensirionChannel(new ScriptedI2cBus(new NackingBus()), 0x44, 2);
        Assert.False(channel.Start(0x2400));
        Assert.Equal(SensorStatus.NoResponse, channel.Status);
        Assert.False(channel.TryReadWords(out _, out _));
        Assert.Equal(SensorStatus.NotStarted, channel.Status);
    }

    private sealed class NackingBus : II2cBus
    {
        public bool Write(int address, byte[] buffer, int offset, int count) => false;

        public bool Read(int address, byte[] buffer, int offset, int count) => false;

        public bool WriteRead(int address, byte[] write, int writeOffset, int writeCount, byte[] read, int readOffset, int readCount) => false;
    }
}
