using System;
using System.Text;
using Endpoint.Core.Net;
using Endpoint.Core.Ota;

namespace Endpoint.Tests.Core.Ota;

/// <summary>The verdict on an HTTP answer to a range request (RFC 9110 §14.4, §15.3.7).</summary>
public sealed class HttpBlockCheckTests
{
    private static HttpRangeResponse Partial(string contentRange, int length) => new(206, contentRange, new byte[length]);

    [Fact]
    public void Check_ExactPartialContent_Accepted()
    {
        Assert.Null(HttpBlockCheck.Check(Partial("bytes 100-199/1000", 100), 100, 100, 1000, out bool retry));
        Assert.False(retry);
    }

    [Theory]
    [InlineData("bytes 100-199/*")]
    [InlineData("BYTES 100-199/1000")]
    [InlineData("bytes  100-199/1000")]
    public void Check_EquivalentContentRangeForms_Accepted(string contentRange)
    {
        Assert.Null(HttpBlockCheck.Check(Partial(contentRange, 100), 100, 100, 1000, out _));
    }

    [Theory]
    [InlineData(200, null, 101, "ignores byte ranges", false)]
    [InlineData(416, "bytes */500", 0, "416", false)]
    [InlineData(301, null, 0, "redirects (301)", false)]
    [InlineData(403, null, 0, "answered 403", false)]
    [InlineData(206, "bytes 0-99/1000", 100, "sent bytes 0-99", false)]
    [InlineData(206, "bytes 100-199/999", 100, "wrong file", false)]
    [InlineData(206, "bytes 100-199", 100, "not 'bytes first-last/size'", false)]
    [InlineData(206, "items 100-199/1000", 100, "not 'bytes first-last/size'", false)]
    [InlineData(206, "bytes 100-199/1000", 101, "more than the 100 bytes", false)]
    [InlineData(206, "bytes 100-199/1000", 40, "short body: 40 of 100", true)]
    [InlineData(503, null, 0, "503", true)]
    [InlineData(429, null, 0, "429", true)]
    [InlineData(408, null, 0, "408", true)]
    public void Check_WrongAnswer_ReasonAndWhetherAskingAgainHelps(int status, string contentRange, int bodyLength, string reason, bool expectRetry)
    {
        var response = new HttpRangeResponse(status, contentRange, new byte[bodyLength]);

        string problem = HttpBlockCheck.Check(response, 100, 100, 1000, out bool retry);

        Assert.Contains(reason, problem);
        Assert.Equal(expectRetry, retry);
    }

    [Fact]
    public void Check_NoResponse_RetriedWithTheAdapterError()
    {
        string problem = HttpBlockCheck.Check(HttpRangeResponse.Failed("connection refused"), 0, 10, 100, out bool retry);

        Assert.Contains("connection refused", problem);
        Assert.True(retry);
    }

    [Theory]
    [InlineData("bytes 0-0/1", 0, 0, 1)]
    [InlineData("bytes 5-9/*", 5, 9, -1)]
    [InlineData("bytes 123456789-123456790/999999999", 123456789, 123456790, 999999999)]
    public void TryParseContentRange_Valid_Parsed(string value, int first, int last, int size)
    {
        Assert.True(HttpBlockCheck.TryParseContentRange(value, out int f, out int l, out int s));
        Assert.Equal((first, last, size), (f, l, s));
    }

    [Theory]
    [InlineData("bytes */100")]
    [InlineData("bytes 9-5/100")]
    [InlineData("bytes 0-100/100")]
    [InlineData("bytes 0-9/100 ")]
    [InlineData("bytes -1-9/100")]
    [InlineData("bytes 1234567890-1234567891/9999999999")]
    [InlineData("bytes=0-9/100")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParseContentRange_Invalid_Refused(string value)
    {
        Assert.False(HttpBlockCheck.TryParseContentRange(value, out _, out _, out _));
    }

    [Fact]
    public void Check_RandomizedContentRangesAndBodies_NeverThrowAndAcceptOnlyTheExactBlock()
    {
        var random = new Random(7);
        const string alphabet = "bytes */-0123456789 BYTESx,";
        for (int n = 0; n < 20000; n++)
        {
            var text = new StringBuilder();
            int length = random.Next(0, 40);
            for (int i = 0; i < length; i++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            if (random.Next(4) == 0)
            {
                text.Clear().Append($"bytes {random.Next(0, 300)}-{random.Next(0, 300)}/{random.Next(0, 2000)}");
            }

            int status = random.Next(4) == 0 ? random.Next(0, 600) : 206;
            var response = new HttpRangeResponse(status, text.ToString(), new byte[random.Next(0, 120)]);
            string problem = HttpBlockCheck.Check(response, 100, 100, 1000, out _);
            bool exact = status == 206 && response.Body.Length == 100
                && HttpBlockCheck.TryParseContentRange(text.ToString(), out int f, out int l, out int s) && f == 100 && l == 199 && (s == 1000 || s == -1);
            Assert.True((problem == null) == exact, $"'{text}' status {status} body {response.Body.Length}: {problem}");
        }
    }
}
