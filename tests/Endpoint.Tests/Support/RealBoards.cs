using Endpoint.Core.Boards;

namespace Endpoint.Tests.Support;

/// <summary>The shipped boards the light and metering tests run on, and two light boards that are not shipped.</summary>
public static class RealBoards
{
    /// <summary>M5Stack Atom Lite, as shipped (boards/m5stack-atom-lite): one WS2812 on GPIO27, the button on GPIO39.</summary>
    public static BoardInfo AtomLite() => BoardCatalog.Get("m5stack-atom-lite");

    /// <summary>
    /// Shelly Plus Plug S, as shipped (boards/shelly-plus-plug-s): relay GPIO4, button GPIO9, LED ring on
    /// GPIO25 and GPIO26 (two WS2812 each), BL0937 CF GPIO10, CF1 GPIO22, SEL GPIO19 (low selects current).
    /// </summary>
    public static BoardInfo PlusPlugS() => BoardCatalog.Get("shelly-plus-plug-s");

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
