using Endpoint.Core.Runtime;
using nanoFramework.TestFramework;

namespace Endpoint.Core.DeviceTests
{
    /// <summary><see cref="DeviceIdentity.IsValidId"/> on the real nanoFramework runtime.</summary>
    [TestClass]
    public class DeviceIdentityTests
    {
        [TestMethod]
        public void Ids_made_of_letters_digits_dash_and_underscore_are_valid()
        {
            Assert.IsTrue(DeviceIdentity.IsValidId("P-1"));
            Assert.IsTrue(DeviceIdentity.IsValidId("plug-a1b2c3"));
            Assert.IsTrue(DeviceIdentity.IsValidId("a"));
            Assert.IsTrue(DeviceIdentity.IsValidId("kitchen_light_2"));
            Assert.IsTrue(DeviceIdentity.IsValidId("0-9_z"));
        }

        [TestMethod]
        public void Empty_or_missing_ids_are_invalid()
        {
            Assert.IsFalse(DeviceIdentity.IsValidId(null));
            Assert.IsFalse(DeviceIdentity.IsValidId(string.Empty));
        }

        [TestMethod]
        public void Characters_that_break_topics_are_invalid()
        {
            Assert.IsFalse(DeviceIdentity.IsValidId("plug/1"));
            Assert.IsFalse(DeviceIdentity.IsValidId("plug+"));
            Assert.IsFalse(DeviceIdentity.IsValidId("plug#"));
            Assert.IsFalse(DeviceIdentity.IsValidId("$SYS"));
            Assert.IsFalse(DeviceIdentity.IsValidId("my plug"));
            Assert.IsFalse(DeviceIdentity.IsValidId("plug.1"));
            Assert.IsFalse(DeviceIdentity.IsValidId("caf\u00e9"));
        }

        [TestMethod]
        public void Ids_may_be_64_characters_but_not_65()
        {
            string id = string.Empty;
            for (int i = 0; i < 64; i++)
            {
                id += "x";
            }

            Assert.IsTrue(DeviceIdentity.IsValidId(id));
            Assert.IsFalse(DeviceIdentity.IsValidId(id + "x"));
        }
    }
}
