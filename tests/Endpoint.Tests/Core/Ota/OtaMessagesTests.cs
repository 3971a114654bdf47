using System;
using System.Text;
using Endpoint.Core.Json;
using Endpoint.Core.Ota;
using Endpoint.Core.Text;

namespace Endpoint.Tests.Core.Ota;

/// <summary>The wire formats of delivery: offer, block request, block message, bundle header.</summary>
public sealed class OtaMessagesTests
{
    [Fact]
    public void BlockMessage_Header_GoldenBytes()
    {
        byte[] id = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];
        byte[] b = new byte[BlockMessage.HeaderSize + 2];

        BlockMessage.WriteHeader(b, 0, id, 3, 0x01020304);

        Assert.Equal(Convert.FromHexString("45504231" + "1122334455667788" + "0300" + "0000" + "04030201" + "0000"), b);
        Assert.True(BlockMessage.TryParse(b, id, out int file, out int offset));
        Assert.Equal(3, file);
        Assert.Equal(0x01020304, offset);
    }

    [Fact]
    public void BlockMessage_OtherBundleOrBadHeader_NotParsed()
    {
        byte[] id = new byte[8];
        byte[] b = new byte[BlockMessage.HeaderSize];
        BlockMessage.WriteHeader(b, 0, id, 0, 0);

        Assert.False(BlockMessage.TryParse(b, [1, 0, 0, 0, 0, 0, 0, 0], out _, out _));
        Assert.False(BlockMessage.TryParse(b[..19], id, out _, out _));
        b[14] = 1;
        Assert.False(BlockMessage.TryParse(b, id, out _, out _));
        b[14] = 0;
        b[19] = 0x80;
        Assert.False(BlockMessage.TryParse(b, id, out _, out _));
    }

    [Fact]
    public void BlockRequest_WriteParse_RoundTrip()
    {
        var json = new JsonWriter(new ByteBuffer(64));
        new BlockRequest("0123456789abcdef", 2, 8192, 4096).Write(json);

        Assert.Equal("{\"bundle\":\"0123456789abcdef\",\"file\":2,\"offset\":8192,\"length\":4096}", json.Buffer.ToString());
        var r = BlockRequest.Parse(json.Buffer.Data, 0, json.Buffer.Length);
        Assert.Equal((2, 8192, 4096), (r.File, r.Offset, r.Length));
    }

    [Theory]
    [InlineData("{\"bundle\":\"0123\",\"file\":0,\"offset\":0,\"length\":1}", "16 hex digits")]
    [InlineData("{\"bundle\":\"0123456789abcdef\",\"file\":0,\"offset\":0,\"length\":0}", "outside 1-16384")]
    [InlineData("{\"bundle\":\"0123456789abcdef\",\"file\":0,\"offset\":0,\"length\":99999}", "outside 1-16384")]
    [InlineData("{\"bundle\":\"0123456789abcdef\",\"file\":0,\"offset\":0}", "needs 'file', 'offset' and 'length'")]
    [InlineData("{\"bundle\":\"0123456789abcdef\",\"file\":0,\"file\":1,\"offset\":0,\"length\":1}", "repeated field 'file'")]
    [InlineData("nonsense", "not valid JSON")]
    public void BlockRequest_Bad_Refused(string json, string reason)
    {
        byte[] b = Encoding.UTF8.GetBytes(json);

        Assert.Contains(reason, Assert.Throws<OtaException>(() => BlockRequest.Parse(b, 0, b.Length)).Message);
    }

    [Fact]
    public void Offer_WriteParse_RoundTripWithDefaults()
    {
        byte[] manifest = Encoding.UTF8.GetBytes("{\"x\":1}");
        byte[] signature = new byte[64];
        signature[63] = 9;
        var json = new JsonWriter(new ByteBuffer(256));
        new OtaOffer(manifest, signature, 1024, 3).Write(json);

        var back = OtaOffer.Parse(json.Buffer.Data, 0, json.Buffer.Length);
        Assert.Equal(manifest, back.Manifest);
        Assert.Equal(signature, back.Signature);
        Assert.Equal((1024, 3), (back.BlockSize, back.Window));

        byte[] minimal = Encoding.UTF8.GetBytes("{\"manifest\":\"" + Convert.ToBase64String(manifest) + "\",\"signature\":\"" + Convert.ToBase64String(signature) + "\"}");
        var defaults = OtaOffer.Parse(minimal, 0, minimal.Length);
        Assert.Equal((OtaLimits.DefaultBlockBytes, 1), (defaults.BlockSize, defaults.Window));
    }

    [Theory]
    [InlineData(",\"block_size\":100", "block_size' must be a whole number from 256 to 16384")]
    [InlineData(",\"window\":9", "window' must be a whole number from 1 to 8")]
    [InlineData(",\"window\":1,\"window\":2", "'window' appears twice")]
    [InlineData(",\"x_hint\":{\"a\":1}", null)]
    public void Offer_Options_CheckedOrIgnored(string extra, string reason)
    {
        string json = "{\"manifest\":\"e30=\",\"signature\":\"" + Convert.ToBase64String(new byte[64]) + "\"" + extra + "}";
        byte[] b = Encoding.UTF8.GetBytes(json);

        if (reason == null)
        {
            Assert.NotNull(OtaOffer.Parse(b, 0, b.Length));
        }
        else
        {
            Assert.Contains(reason, Assert.Throws<OtaException>(() => OtaOffer.Parse(b, 0, b.Length)).Message);
        }
    }

    [Fact]
    public void Offer_TooLarge_RefusedBeforeParsing()
    {
        byte[] b = new byte[OtaLimits.MaxOfferBytes + 1];

        Assert.Contains("more than the 16384 allowed", Assert.Throws<OtaException>(() => OtaOffer.Parse(b, 0, b.Length)).Message);
    }

    [Fact]
    public void Offer_RandomInput_OnlyOtaException()
    {
        var random = new Random(99);
        for (int i = 0; i < 3000; i++)
        {
            byte[] b = new byte[random.Next(0, 200)];
            random.NextBytes(b);
            try
            {
                OtaOffer.Parse(b, 0, b.Length);
                BlockRequest.Parse(b, 0, b.Length);
            }
            catch (OtaException)
            {
            }
        }
    }

    [Theory]
    [InlineData("", "shorter than its header")]
    [InlineData("45504b3200000000", "does not start with EPK1")]
    [InlineData("45504b3100000000", "manifest of 0 bytes")]
    [InlineData("45504b3101200000", "manifest of 8193 bytes")]
    [InlineData("45504b310a000000", "ends inside its manifest or signature")]
    public void BundleLayout_BadHeader_Refused(string hex, string reason)
    {
        byte[] b = Convert.FromHexString(hex);

        Assert.Contains(reason, Assert.Throws<OtaException>(() => BundleLayout.ReadManifestLength(b, b.Length)).Message);
    }

    [Theory]
    [InlineData("00", "0123456789abcdef0123456789abcdef", null)]
    [InlineData("zz", null, null)]
    public void Hex_DecodeAndEncode(string text, string encoded, string unused)
    {
        _ = unused;
        if (encoded == null)
        {
            Assert.Null(Hex.Decode(text, 1));
            return;
        }

        byte[] b = Hex.Decode(encoded.ToUpperInvariant(), 16);
        Assert.Equal(encoded, Hex.Encode(b));
        Assert.True(Hex.IsLowerHex(encoded, 16));
        Assert.False(Hex.IsLowerHex(encoded.ToUpperInvariant(), 16));
        Assert.Equal(new byte[1], Hex.Decode(text, 1));
    }
}
