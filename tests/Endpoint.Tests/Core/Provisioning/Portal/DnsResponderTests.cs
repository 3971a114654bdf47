using System;
using Endpoint.Core.Provisioning.Portal;

namespace Endpoint.Tests.Core.Provisioning.Portal;

public class DnsResponderTests
{
    private readonly DnsResponder _dns = new("192.168.4.1");

    // RFC 1035 §4.1: ID 0x1234, RD; one question: connectivitycheck.gstatic.com, type A (1), class IN (1).
    private const string Question = "11 636f6e6e6563746976697479636865636b 07 67737461746963 03 636f6d 00";
    private const string AQuery = "1234 0100 0001 0000 0000 0000 " + Question + " 0001 0001";

    private byte[] Answer(string hex) => Answer(Hex(hex));

    private byte[] Answer(byte[] query)
    {
        var response = new byte[DnsResponder.MaxResponseBytes];
        int n = _dns.Answer(query, query.Length, response);
        return response[..n];
    }

    [Fact]
    public void Answer_AQuery_GoldenBytes()
    {
        Assert.Equal(
            Hex("1234 8500 0001 0001 0000 0000 " + Question + " 0001 0001"
                + " c00c 0001 0001 0000000a 0004 c0a80401"), // name → offset 12, A, IN, TTL 10 s, 4 bytes: 192.168.4.1
            Answer(AQuery));
    }

    [Fact]
    public void Answer_AnyTypeAnyClass_AnsweredWithTheAddress()
    {
        byte[] r = Answer("abcd 0000 0001 0000 0000 0000 0161 00 00ff 00ff");
        Assert.Equal(Hex("abcd 8400 0001 0001 0000 0000 0161 00 00ff 00ff c00c 0001 0001 0000000a 0004 c0a80401"), r);
    }

    [Fact]
    public void Answer_Aaaa_NoErrorNoAnswer()
    {
        Assert.Equal(Hex("1234 8500 0001 0000 0000 0000 " + Question + " 001c 0001"),
            Answer("1234 0100 0001 0000 0000 0000 " + Question + " 001c 0001"));
    }

    [Fact]
    public void Answer_EdnsOptRecordAfterTheQuestion_IgnoredNotEchoed()
    {
        // ARCOUNT 1: an OPT pseudo-record (RFC 6891 §6.1.2) as dig and systemd-resolved send it.
        byte[] r = Answer("1234 0120 0001 0000 0000 0001 " + Question + " 0001 0001 00 0029 04d0 00000000 0000");
        Assert.Equal(Hex("1234 8500 0001 0001 0000 0000"), r[..12]);
        Assert.Equal(12 + 35 + 16, r.Length);
    }

    [Theory]
    [InlineData("1234 2800 0001 0000 0000 0000 0161 00 0001 0001", "1234 a804 0000 0000 0000 0000", 4)] // opcode 5 (UPDATE): NOTIMP, opcode echoed
    [InlineData("1234 0100 0002 0000 0000 0000 0161 00 0001 0001", "1234 8101 0000 0000 0000 0000", 1)] // two questions
    [InlineData("1234 0100 0000 0000 0000 0000", "1234 8101 0000 0000 0000 0000", 1)]                 // none
    [InlineData("1234 0100 0001 0000 0000 0000 0561 00 0001 0001", "1234 8101 0000 0000 0000 0000", 1)] // label runs past the end
    [InlineData("1234 0100 0001 0000 0000 0000 c00c 0001 0001", "1234 8101 0000 0000 0000 0000", 1)]    // compression pointer in the question
    [InlineData("1234 0100 0001 0000 0000 0000 0161 00 0001", "1234 8101 0000 0000 0000 0000", 1)]      // class cut off
    [InlineData("1234 0100 0001 0000 0000 0000 0161", "1234 8101 0000 0000 0000 0000", 1)]              // no root label
    public void Answer_Malformed_HeaderOnlyWithTheError(string query, string response, int rcode)
    {
        byte[] r = Answer(query);
        Assert.Equal(Hex(response), r);
        Assert.Equal(rcode, r[3] & 0x0F);
    }

    [Fact]
    public void Answer_NameLongerThan255Bytes_FormErr()
    {
        string labels = string.Concat(System.Linq.Enumerable.Repeat("3f" + new string('6', 126), 5)); // 5 × 64 bytes
        Assert.Equal(1, Answer("1234 0100 0001 0000 0000 0000 " + labels + " 00 0001 0001")[3]);
    }

    [Theory]
    [InlineData("1234 8100 0001 0000 0000 0000 0161 00 0001 0001")] // a response: never answered
    [InlineData("1234 0100 0001 0000 0000")]                        // shorter than a header
    [InlineData("")]
    public void Answer_ResponsesAndRunts_Dropped(string query)
    {
        Assert.Empty(Answer(query));
    }

    [Fact]
    public void Answer_RandomDatagrams_NeverThrowNeverOverflow()
    {
        var random = new Random(9);
        var response = new byte[DnsResponder.MaxResponseBytes];
        for (int i = 0; i < 20000; i++)
        {
            var query = new byte[random.Next(0, 600)];
            random.NextBytes(query);
            if (query.Length > 12 && i % 2 == 0)
            {
                query[2] &= 0x01; // mostly standard queries, to get past the header
                query[4] = 0;
                query[5] = 1;
            }

            int n = _dns.Answer(query, query.Length, response);
            Assert.InRange(n, 0, DnsResponder.MaxResponseBytes);
            if (n > 0)
            {
                Assert.Equal(query[0], response[0]);
                Assert.Equal(query[1], response[1]);
                Assert.True((response[2] & 0x80) != 0, "QR set");
            }
        }
    }

    [Theory]
    [InlineData("192.168.4")]
    [InlineData("192.168.4.256")]
    [InlineData("a.b.c.d")]
    [InlineData("")]
    [InlineData(null)]
    public void Create_NotAnIpv4Address_Throws(string address)
    {
        Assert.Throws<ArgumentException>(() => new DnsResponder(address));
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));
}
