using System.Text;
using Endpoint.Core.Hardware;
using Endpoint.Core.Light;
using Endpoint.Core.Model;
using Endpoint.Core.Text;
using nanoFramework.TestFramework;

namespace Endpoint.Core.DeviceTests
{
    /// <summary>
    /// The light's JSON command parser, its state text, the CIE curve and the WS2812 encoding on the real
    /// nanoFramework runtime, where number parsing, Math.Pow and string building are its own.
    /// </summary>
    [TestClass]
    public class LightEntityTests
    {
        private static LightEntity Light()
        {
            LightEntity light = new LightEntity("light", "Light");
            light.SupportsRgb = true;
            light.SupportsColorTemp = true;
            return light;
        }

        private static string Apply(LightEntity light, string json)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            return light.ApplyCommand(bytes, 0, bytes.Length);
        }

        private static string State(LightEntity light)
        {
            ByteBuffer buffer = new ByteBuffer(32);
            light.WriteState(buffer);
            return buffer.ToString();
        }

        [TestMethod]
        public void A_home_assistant_command_sets_the_target_and_the_transition()
        {
            LightEntity light = Light();
            Assert.IsTrue(Apply(light, "{\"state\":\"ON\",\"brightness\":128,\"color_temp\":2700,\"transition\":2.5,\"effect\":\"x\"}") == null);
            Assert.AreEqual("{\"state\":\"ON\",\"brightness\":128,\"color_mode\":\"color_temp\",\"color_temp\":2700}", State(light));
            Assert.AreEqual(2500, (int)light.TransitionMs);
        }

        [TestMethod]
        public void An_out_of_range_value_is_refused_and_changes_nothing()
        {
            LightEntity light = Light();
            Apply(light, "{\"state\":\"ON\",\"color\":{\"r\":1,\"g\":2,\"b\":3}}");
            string before = State(light);
            Assert.AreEqual("brightness must be a whole number from 0 to 255", Apply(light, "{\"state\":\"OFF\",\"brightness\":256}"));
            Assert.AreEqual(before, State(light));
        }

        [TestMethod]
        public void Cie_lightness_at_half_perceived_brightness_is_18_percent()
        {
            double y = Lightness.ToLinear(127.5);
            Assert.IsTrue(y > 0.1841 && y < 0.1843);
            Assert.AreEqual(1.0, Lightness.ToLinear(255));
        }

        [TestMethod]
        public void Ws2812_bits_become_rmt_items_of_the_datasheet_timing()
        {
            byte[] items = new byte[Ws2812Wire.ItemBytes(1)];
            int length = Ws2812Wire.Encode(new byte[] { 0x80 }, 0, 1, items);
            Assert.AreEqual(36, length);
            Assert.AreEqual((byte)32, items[0]);   // bit 7 = 1: 800 ns high
            Assert.AreEqual((byte)0x80, items[1]);
            Assert.AreEqual((byte)18, items[2]);   // 450 ns low
            Assert.AreEqual((byte)16, items[4]);   // bit 6 = 0: 400 ns high
        }
    }
}
