using System;
using System.Linq;
using System.Text;
using Endpoint.Host.Flashing;

namespace Endpoint.Tests.Host.Flashing;

public class OtaPublicKeyTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void Parse_AcceptsRawHexBase64AndPem()
    {
        // The PEM is what `openssl pkey -pubout` writes for an Ed25519 key: SPKI = 302a300506032b6570032100 || key (RFC 8410 §4).
        byte[] spki = Convert.FromHexString("302a300506032b6570032100").Concat(Key).ToArray();
        string pem = "-----BEGIN PUBLIC KEY-----\n" + Convert.ToBase64String(spki) + "\n-----END PUBLIC KEY-----\n";

        Assert.Equal(Key, OtaPublicKey.Parse(Key));
        Assert.Equal(Key, OtaPublicKey.Parse(Encoding.ASCII.GetBytes(Convert.ToHexString(Key).ToLowerInvariant() + "\n")));
        Assert.Equal(Key, OtaPublicKey.Parse(Encoding.ASCII.GetBytes(Convert.ToBase64String(Key))));
        Assert.Equal(Key, OtaPublicKey.Parse(Encoding.ASCII.GetBytes(pem)));
    }

    [Fact]
    public void Parse_RefusesOtherKeysAndGarbage()
    {
        byte[] rsaLike = Convert.FromHexString("302a300506032b6571032100").Concat(Key).ToArray(); // Ed448 OID arc, wrong length anyway
        string wrongPem = "-----BEGIN PUBLIC KEY-----\n" + Convert.ToBase64String(rsaLike) + "\n-----END PUBLIC KEY-----\n";

        Assert.Null(OtaPublicKey.Parse(Key.Take(31).ToArray()));
        Assert.Null(OtaPublicKey.Parse(Encoding.ASCII.GetBytes(wrongPem)));
        Assert.Null(OtaPublicKey.Parse(Encoding.ASCII.GetBytes("-----BEGIN PUBLIC KEY-----\nAAAA")));
        Assert.Null(OtaPublicKey.Parse(Encoding.ASCII.GetBytes(new string('a', 63))));

        var random = new Random(3);
        for (int i = 0; i < 500; i++)
        {
            byte[] junk = new byte[random.Next(0, 200)];
            random.NextBytes(junk);
            var parsed = OtaPublicKey.Parse(junk);
            Assert.True(parsed == null || parsed.Length == 32);
        }
    }

    [Fact]
    public void Load_PrivateKeyPem_SaysItIsThePrivateKeyAndNeverEchoesIt()
    {
        string path = System.IO.Path.GetTempFileName();
        try
        {
            string pem = Endpoint.Host.Ota.OtaKeys.PrivateKeyPem(Key);
            System.IO.File.WriteAllText(path, pem);
            var ex = Assert.Throws<FormatException>(() => OtaPublicKey.Load(path));
            Assert.Equal($"{path} is a private key; devices take the public key (ota.pub from 'endpoint ota keygen'), the private key stays with whoever signs", ex.Message);
            string body = pem.Split('\n')[1];
            Assert.DoesNotContain(body[..16], ex.Message);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void Load_AFolder_SaysItIsAFolder()
    {
        string dir = System.IO.Directory.CreateTempSubdirectory("endpoint-key-").FullName;
        try
        {
            var ex = Assert.Throws<FormatException>(() => OtaPublicKey.Load(dir));
            Assert.Equal($"{dir} is a folder, not a key file (ota.pub from 'endpoint ota keygen')", ex.Message);
        }
        finally
        {
            System.IO.Directory.Delete(dir);
        }
    }
}
