using System;
using System.Text;
using Endpoint.Core.Ota;
using nanoFramework.TestFramework;

namespace Endpoint.Core.DeviceTests
{
    /// <summary>
    /// The OTA formats and the signature check on the nanoFramework runtime: the manifest parser (JSON
    /// reader, number and string handling), the boot record's byte layout, block headers, and one signed
    /// manifest made on the host (seed 01..20, tools/Endpoint.Host) verified here.
    /// </summary>
    [TestClass]
    public class OtaTests
    {
        private const string Manifest = "{\"format\":1,\"app\":\"plug\",\"version\":\"1.1.0\",\"build\":2,\"boards\":[\"esp32-devkitc\"],\"soc\":\"esp32\","
            + "\"entry\":\"Endpoint.Apps.Plug.Program\",\"min_boot\":1,\"assemblies\":[{\"name\":\"Endpoint.Plug\",\"version\":\"1.1.0.0\",\"size\":3,"
            + "\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}]}";

        private const string PublicKey = "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664";
        private const string Signature = "21b1d59c84b9c0b8d5377d62b32e124e4feb718012f766019857583cfabd4182dad29cece28ac931f40d603b5bcd4f5b77e104f98e88999d8f705c149516da06";
        private const string Digest = "e7582e274a6f638ebb569fceda2b8b787f5c3949a382f0b1c279268fe8b9d0a9";

        [TestMethod]
        public void Manifest_parses_and_writes_back_the_same_bytes()
        {
            byte[] bytes = Encoding.UTF8.GetBytes(Manifest);
            BundleManifest m = BundleManifest.Parse(bytes, 0, bytes.Length);
            Assert.AreEqual("plug", m.App);
            Assert.AreEqual(2, m.Build);
            Assert.AreEqual(3, m.Assemblies[0].Size);
            Assert.IsTrue(m.SupportsBoard("esp32-devkitc"));
            Assert.AreEqual(Manifest, Encoding.UTF8.GetString(ManifestWriter.ToBytes(m), 0, bytes.Length));
            Assert.AreEqual(Digest, Hex.Encode(OtaDigest.Of(bytes, 0, bytes.Length)));
        }

        [TestMethod]
        public void Manifest_signed_on_the_host_verifies_and_a_changed_byte_does_not()
        {
            byte[] bytes = Encoding.UTF8.GetBytes(Manifest);
            byte[] key = Hex.Decode(PublicKey, 32);
            byte[] signature = Hex.Decode(Signature, 64);
            Assert.IsTrue(OtaSignature.Verify(key, bytes, 0, bytes.Length, signature));
            bytes[30] ^= 1;
            Assert.IsFalse(OtaSignature.Verify(key, bytes, 0, bytes.Length, signature));
        }

        [TestMethod]
        public void Manifest_with_an_unknown_field_is_refused()
        {
            byte[] bytes = Encoding.UTF8.GetBytes("{\"format\":1,\"channel\":\"beta\"}");
            string reason = null;
            try
            {
                BundleManifest.Parse(bytes, 0, bytes.Length);
            }
            catch (OtaException ex)
            {
                reason = ex.Message;
            }

            Assert.IsTrue(reason != null && reason.IndexOf("unknown field 'channel'") >= 0);
        }

        [TestMethod]
        public void Boot_record_round_trips()
        {
            BootRecord r = new BootRecord();
            r.Active = BootRecord.SlotB;
            r.Trial = true;
            r.TrialBoots = 2;
            r.Previous = BootRecord.SlotA;
            r.ActiveBuild = 7;
            r.Floor = 6;
            r.Result = BootResult.RolledBack;
            r.Reason = "did not confirm";
            byte[] b = r.ToBytes();
            Assert.AreEqual(85 + 15, b.Length);
            BootRecord back = BootRecord.Parse(b);
            Assert.AreEqual(BootRecord.SlotB, back.Active);
            Assert.IsTrue(back.Trial);
            Assert.AreEqual(2, back.TrialBoots);
            Assert.AreEqual(7, back.ActiveBuild);
            Assert.AreEqual(6, back.Floor);
            Assert.AreEqual("did not confirm", back.Reason);
            Assert.IsTrue(back.Result == BootResult.RolledBack);
        }

        [TestMethod]
        public void Block_header_has_the_documented_bytes()
        {
            byte[] id = new byte[] { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
            byte[] b = new byte[BlockMessage.HeaderSize];
            BlockMessage.WriteHeader(b, 0, id, 3, 0x01020304);
            Assert.AreEqual("45504231" + "1122334455667788" + "0300" + "0000" + "04030201", Hex.Encode(b));
            int file;
            int offset;
            Assert.IsTrue(BlockMessage.TryParse(b, id, out file, out offset));
            Assert.AreEqual(3, file);
            Assert.AreEqual(0x01020304, offset);
        }
    }
}
