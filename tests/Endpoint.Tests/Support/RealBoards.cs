using Endpoint.Core.Boards;

namespace Endpoint.Tests.Support;

/// <summary>
/// Boards with their real pinouts, for tests that must not wait for boards/*/board.json: the same roles
/// and parts the board files declare.
/// </summary>
public static class RealBoards
{
    /// <summary>M5Stack Atom Lite: one SK6812/WS2812 on GPIO27, the button on GPIO39 (external pull-up).</summary>
    public static BoardInfo AtomLite()
    {
        var b = new BoardInfo("m5stack-atom-lite", "M5Stack Atom Lite", "esp32");
        b.AddPin("led_strip", 27, false);
        b.AddPin("user_button", 39, true);
        b.AddPart("worldsemi,ws2812", null, -1);
        b.AddCapability("wifi");
        b.AddCapability("ble");
        return b;
    }

    /// <summary>
    /// Shelly Plus Plug S (ESPHome device page): relay GPIO4, button GPIO9 (active low), LED ring GPIO25
    /// (WS2812, GRB), BL0937 CF GPIO10, CF1 GPIO22, SEL GPIO19.
    /// </summary>
    public static BoardInfo PlusPlugS()
    {
        var b = new BoardInfo("shelly-plus-plug-s", "Shelly Plus Plug S", "esp32");
        b.AddPin("relay1", 4, false);
        b.AddPin("user_button", 9, true);
        b.AddPin("led_strip", 25, false);
        b.AddPin("bl0937.cf", 10, false);
        b.AddPin("bl0937.cf1", 22, false);
        b.AddPin("bl0937.sel", 19, false);
        b.AddPart("belling,bl0937", null, -1);
        b.AddPart("worldsemi,ws2812", null, -1);
        b.AddCapability("wifi");
        b.AddCapability("ble");
        return b;
    }

    /// <summary>A tunable-white lamp: cold white on GPIO16, warm white on GPIO17, button on GPIO0.</summary>
    public static BoardInfo CwWwLamp()
    {
        var b = new BoardInfo("cwww-lamp", "Tunable white lamp", "esp32");
        b.AddPin("light_cw", 16, false);
        b.AddPin("light_ww", 17, false);
        b.AddPin("user_button", 0, true);
        return b;
    }

    /// <summary>A single dimmable channel on GPIO18.</summary>
    public static BoardInfo Dimmer()
    {
        var b = new BoardInfo("dimmer", "Dimmer", "esp32");
        b.AddPin("pwm_led", 18, false);
        return b;
    }
}
